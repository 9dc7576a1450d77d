package org.borderpolice.cases.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.CaseStatistics;
import org.borderpolice.cases.StatisticsPeriod;
import org.hibernate.Session;

/**
 * The statistics (统计) in SQL. Every statement reads only what the caller's jurisdiction may
 * see, in its WHERE clause: cases by the rule of {@link CaseRepository#VISIBLE} (drafts left
 * out: a draft is not filed yet), assistance requests by that of {@link AssistanceRepository}
 * (the caller sent or received them), transfers those the caller offered or accepted. Counts,
 * sums, means and percentiles (percentile_cont) are PostgreSQL's; only the rates are divided here.
 */
@ApplicationScoped
public class CaseStatisticsRepository {

    /** Cases the caller (:me) may see, drafts excluded, in its scope (CaseRepository.scope); alias c. */
    static final String VISIBLE_CASES = """
            c.status <> 'DRAFT' and (c.origin = :me or exists (
                select 1 from case_participant p
                where p.case_id = c.id and p.jurisdiction = :me and p.state in ('INVITED', 'ACCEPTED')))
            and """ + CaseRepository.IN_SCOPE;

    /** Requests the caller sent or received; alias r. */
    static final String VISIBLE_REQUESTS = "(r.requester = :me or r.addressee = :me)";

    static final String CASES = """
            select c.status, c.category, count(*) as filed,
                   count(*) filter (where c.solved_at < :to) as solved,
                   sum(c.loss_amount) as loss, sum(c.recovered_amount) as recovered
            from joint_case c
            where %s and c.created_at >= :from and c.created_at < :to
            group by c.status, c.category
            """.formatted(VISIBLE_CASES);

    static final String BUCKETS = """
            with b as (
                select generate_series(date_trunc(:unit, :from at time zone :zone),
                                       (:to at time zone :zone) - interval '1 microsecond',
                                       cast(:step as interval)) as local_start),
            v as (
                select date_trunc(:unit, c.created_at at time zone :zone) as local_start, c.solved_at
                from joint_case c
                where %s and c.created_at >= :from and c.created_at < :to)
            select b.local_start, count(v.local_start) as filed,
                   count(v.local_start) filter (where v.solved_at < :to) as solved
            from b left join v on v.local_start = b.local_start
            group by b.local_start
            order by b.local_start
            """.formatted(VISIBLE_CASES);

    /**
     * 协助破获: cases solved in the period (and solved still) that a jurisdiction other than the
     * case's origin helped with: it took part (ACCEPTED), or it answered an assistance request of
     * the case with findings before the case was solved.
     */
    static final String ASSISTED = """
            with v as (
                select c.id, c.origin, c.solved_at from joint_case c
                where %s and c.solved_at >= :from and c.solved_at < :to),
            helper as (
                select v.id, p.jurisdiction from v
                join case_participant p on p.case_id = v.id
                where p.state = 'ACCEPTED' and p.jurisdiction <> v.origin
                  -- the first bureau of a handed-over case takes part by the transfer, not as a helper
                  and p.answered_by is distinct from 'transfer'
                union
                select v.id, r.addressee from v
                join assistance_request r on r.case_id = v.id
                where %s and r.responder_state = 'ANSWERED' and r.answered_at <= v.solved_at
                  and r.addressee <> v.origin)
            select jurisdiction, count(*) as cases from helper
            group by jurisdiction
            order by cases desc, jurisdiction
            """.formatted(VISIBLE_CASES, VISIBLE_REQUESTS);

    static final String REQUESTS = """
            with r as (
                select r.addressee, r.priority, r.state, r.sent_at, r.due_at, r.answered_at,
                       r.sent_at >= :from and r.sent_at < :to as in_period,
                       extract(epoch from least(r.accepted_at, r.declined_at, r.answered_at) - r.sent_at) as response,
                       extract(epoch from r.answered_at - r.sent_at) as answer,
                       least(r.answered_at, r.declined_at, r.withdrawn_at) as closed_at
                from assistance_request r
                where %s)
            select addressee, priority,
                   count(*) filter (where in_period) as sent,
                   count(response) filter (where in_period) as responses,
                   round(avg(response) filter (where in_period)) as response_mean,
                   round(cast(percentile_cont(0.5) within group (order by response) filter (where in_period) as numeric))
                       as response_p50,
                   round(cast(percentile_cont(0.9) within group (order by response) filter (where in_period) as numeric))
                       as response_p90,
                   count(answer) filter (where in_period) as answers,
                   round(avg(answer) filter (where in_period)) as answer_mean,
                   round(cast(percentile_cont(0.5) within group (order by answer) filter (where in_period) as numeric))
                       as answer_p50,
                   round(cast(percentile_cont(0.9) within group (order by answer) filter (where in_period) as numeric))
                       as answer_p90,
                   count(*) filter (where in_period and answered_at <= due_at) as answered_on_time,
                   count(*) filter (where state in ('SENT', 'ACCEPTED') and due_at < :now) as overdue_now,
                   count(*) filter (where due_at >= :from and due_at < :to and due_at < :now
                                    and (closed_at is null or closed_at > due_at)) as overdue_in_period
            from r
            group by addressee, priority
            having count(*) filter (where in_period) > 0
                or count(*) filter (where state in ('SENT', 'ACCEPTED') and due_at < :now) > 0
                or count(*) filter (where due_at >= :from and due_at < :to and due_at < :now
                                    and (closed_at is null or closed_at > due_at)) > 0
            order by addressee, case priority when 'IMMEDIATE' then 0 when 'URGENT' then 1 else 2 end
            """.formatted(VISIBLE_REQUESTS);

    /** Accepted transfers offered in the period, per partner and direction, and over all (the grouping set ()). */
    static final String TRANSFERS = """
            with t as (
                select case when t.offer_origin = :me then t.addressee else t.offer_origin end as partner,
                       case when t.offer_origin = :me then 'OUT' else 'IN' end as direction,
                       t.reported_at, extract(epoch from t.accepted_at - t.offered_at) as acceptance
                from case_transfer t
                where (t.offer_origin = :me or t.addressee = :me)
                  and t.offered_at >= :from and t.offered_at < :to)
            select grouping(partner, direction) as total, partner, direction, count(*) as transfers,
                   count(reported_at) as reports,
                   round(avg(acceptance)) as mean,
                   round(cast(percentile_cont(0.5) within group (order by acceptance) as numeric)) as p50,
                   round(cast(percentile_cont(0.9) within group (order by acceptance) as numeric)) as p90
            from t
            group by grouping sets ((partner, direction), ())
            order by total, partner, direction
            """;

    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Inject
    EntityManager em;

    @Inject
    CaseRepository cases;

    /** The figures of the period for the caller's jurisdiction {@code me}; {@code now} for what is overdue now. */
    public CaseStatistics compute(String me, StatisticsPeriod period, Instant now) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("me", me);
            p.put("scope", cases.scope(me));
            p.put("from", OffsetDateTime.ofInstant(period.from(), ZoneOffset.UTC));
            p.put("to", OffsetDateTime.ofInstant(period.to(), ZoneOffset.UTC));
            p.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            p.put("zone", period.zone().getId());
            p.put("unit", period.bucket().unit);
            p.put("step", period.bucket().step);
            return new CaseStatistics(
                    period.from(),
                    period.to(),
                    period.bucket(),
                    period.zone().getId(),
                    now,
                    cases(c, p),
                    buckets(c, p, period),
                    assisted(c, p),
                    assistance(c, p),
                    transfers(c, p));
        });
    }

    private static CaseStatistics.Cases cases(Connection c, Map<String, Object> p) throws SQLException {
        long filed = 0;
        long solved = 0;
        BigDecimal loss = BigDecimal.ZERO.setScale(2);
        BigDecimal recovered = BigDecimal.ZERO.setScale(2);
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        try (PreparedStatement s = prepare(c, CASES, p);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long n = rs.getLong("filed");
                byStatus.merge(rs.getString("status"), n, Long::sum);
                byCategory.merge(rs.getString("category"), n, Long::sum);
                filed += n;
                solved += rs.getLong("solved");
                loss = loss.add(rs.getBigDecimal("loss"));
                recovered = recovered.add(rs.getBigDecimal("recovered"));
            }
        }
        return new CaseStatistics.Cases(
                filed,
                byStatus,
                byCategory,
                solved,
                percent(BigDecimal.valueOf(solved), BigDecimal.valueOf(filed)),
                loss,
                recovered,
                percent(recovered, loss));
    }

    /** part / whole in percent, 2 decimals, half up; null when whole is 0. */
    public static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (whole.signum() == 0) {
            return null;
        }
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }

    private static List<CaseStatistics.Bucket> buckets(Connection c, Map<String, Object> p, StatisticsPeriod period)
            throws SQLException {
        List<CaseStatistics.Bucket> buckets = new ArrayList<>();
        try (PreparedStatement s = prepare(c, BUCKETS, p);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                LocalDateTime start = rs.getObject("local_start", LocalDateTime.class);
                buckets.add(new CaseStatistics.Bucket(
                        period.bucket().label(start),
                        start.atZone(period.zone()).toInstant(),
                        rs.getLong("filed"),
                        rs.getLong("solved")));
            }
        }
        return buckets;
    }

    private static List<CaseStatistics.Assisted> assisted(Connection c, Map<String, Object> p) throws SQLException {
        List<CaseStatistics.Assisted> assisted = new ArrayList<>();
        try (PreparedStatement s = prepare(c, ASSISTED, p);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                assisted.add(new CaseStatistics.Assisted(rs.getString("jurisdiction"), rs.getLong("cases")));
            }
        }
        return assisted;
    }

    private static CaseStatistics.Assistance assistance(Connection c, Map<String, Object> p) throws SQLException {
        List<CaseStatistics.ResponseTimes> rows = new ArrayList<>();
        long sent = 0;
        long overdueNow = 0;
        long overdueInPeriod = 0;
        long answeredOnTime = 0;
        try (PreparedStatement s = prepare(c, REQUESTS, p);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                CaseStatistics.ResponseTimes row = new CaseStatistics.ResponseTimes(
                        rs.getString("addressee"),
                        AssistancePriority.valueOf(rs.getString("priority")),
                        rs.getLong("sent"),
                        durations(rs, "responses", "response_mean", "response_p50", "response_p90"),
                        durations(rs, "answers", "answer_mean", "answer_p50", "answer_p90"),
                        rs.getLong("answered_on_time"),
                        rs.getLong("overdue_now"),
                        rs.getLong("overdue_in_period"));
                rows.add(row);
                sent += row.sent();
                overdueNow += row.overdueNow();
                overdueInPeriod += row.overdueInPeriod();
                answeredOnTime += row.answeredOnTime();
            }
        }
        return new CaseStatistics.Assistance(sent, answeredOnTime, overdueNow, overdueInPeriod, rows);
    }

    private static CaseStatistics.Transfers transfers(Connection c, Map<String, Object> p) throws SQLException {
        List<CaseStatistics.TransferRow> rows = new ArrayList<>();
        long outgoing = 0;
        long incoming = 0;
        long reports = 0;
        CaseStatistics.Durations all = new CaseStatistics.Durations(0, null, null, null);
        try (PreparedStatement s = prepare(c, TRANSFERS, p);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                CaseStatistics.Durations d = durations(rs, "transfers", "mean", "p50", "p90");
                if (rs.getInt("total") != 0) {
                    all = d;
                    reports = rs.getLong("reports");
                    continue;
                }
                CaseStatistics.TransferRow row = new CaseStatistics.TransferRow(
                        rs.getString("partner"), rs.getString("direction"), d.count(), rs.getLong("reports"), d);
                rows.add(row);
                if (row.direction().equals("OUT")) {
                    outgoing += row.transfers();
                } else {
                    incoming += row.transfers();
                }
            }
        }
        return new CaseStatistics.Transfers(outgoing, incoming, reports, all, rows);
    }

    private static CaseStatistics.Durations durations(ResultSet rs, String count, String mean, String p50, String p90)
            throws SQLException {
        return new CaseStatistics.Durations(rs.getLong(count), seconds(rs, mean), seconds(rs, p50), seconds(rs, p90));
    }

    private static Long seconds(ResultSet rs, String column) throws SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? null : v.longValueExact();
    }

    static final Pattern PARAMETER = Pattern.compile(":([a-z]+)");

    /** The statement with its :names bound in order (each name may occur several times). */
    static PreparedStatement prepare(Connection c, String sql, Map<String, Object> params) throws SQLException {
        List<Object> values = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            if (!params.containsKey(m.group(1))) {
                throw new IllegalArgumentException("no value for :" + m.group(1));
            }
            Object v = params.get(m.group(1));
            values.add(v);
            m.appendReplacement(jdbc, v instanceof OffsetDateTime ? "cast(? as timestamptz)" : "?");
        }
        m.appendTail(jdbc);
        PreparedStatement s = c.prepareStatement(jdbc.toString());
        for (int i = 0; i < values.size(); i++) {
            s.setObject(i + 1, values.get(i));
        }
        return s;
    }
}
