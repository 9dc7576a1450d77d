package org.borderpolice.mediation.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.MediationStatistics;
import org.hibernate.Session;

/**
 * The mediation statistics (调解统计) in SQL. Every statement starts from the same CTE {@code v}:
 * the disputes reported in the period that the caller's jurisdiction sees (the rule of
 * {@link DisputeRepository#VISIBLE}: origin or involved), so no figure counts what the caller may
 * not see. Counts and medians (percentile_cont) are PostgreSQL's; only the rates are divided here.
 */
@ApplicationScoped
public class MediationStatisticsRepository {

    /** Whose figures: the caller's jurisdiction, ours, and whether the agreement lets it hold disputes. */
    record Viewer(String me, String self, boolean mayHold) {}

    @Inject
    TrustList trustList;

    @Inject
    Distributions distributions;

    /**
     * Binds the viewer (me, self, whether the agreement lets me hold disputes), from, to: the rule of
     * {@link DisputeRepository#VISIBLE}: our users see ours and the replicas that involve us; a
     * partner's user only ours that involve its jurisdiction, if the agreement lets it hold them.
     */
    static final String VISIBLE = """
            with w as (select cast(? as varchar) as me, cast(? as varchar) as self, cast(? as boolean) as may_hold),
            v as (
                select d.* from dispute d, w
                where exists (select 1 from dispute_jurisdiction j where j.dispute_id = d.id and j.jurisdiction = w.me)
                  and (w.me = w.self or (d.origin = w.self and w.may_hold))
                  and d.reported_at >= ? and d.reported_at < ?)
            """;

    static final String COUNTS = VISIBLE + """
            select v.status, v.kind, v.tier, v.risk_level, v.failed_tier is not null, count(*),
                   v.escalated_case is not null
            from v group by 1, 2, 3, 4, 5, 7
            """;

    /** Binds unit, zone. */
    static final String BUCKETS = VISIBLE + """
            select to_char(date_trunc(?, v.reported_at at time zone ?), 'YYYY-MM-DD'), count(*),
                   count(*) filter (where v.status = 'RESOLVED')
            from v group by 1 order by 1
            """;

    static final String FIRST_SESSION = VISIBLE + """
            select percentile_cont(0.5) within group (order by extract(epoch from s.first_start - v.reported_at) / 86400.0)
            from v join (select dispute_id, min(starts_at) as first_start from mediation_session
                         where status <> 'CANCELLED' group by dispute_id) s on s.dispute_id = v.id
            """;

    /** Binds zone. */
    static final String TO_AGREEMENT = VISIBLE + """
            select percentile_cont(0.5) within group (order by a.effective_on - cast(v.reported_at at time zone ? as date))
            from v join agreement a on a.dispute_id = v.id
            where a.effective_on is not null
            """;

    /** Binds me. */
    static final String BY_PARTNER = VISIBLE + """
            select j.jurisdiction, count(*)
            from v join dispute_jurisdiction j on j.dispute_id = v.id
            where v.status = 'RESOLVED' and j.jurisdiction <> ?
            group by 1 order by 1
            """;

    /** Binds overdue-before, overdue-before. */
    static final String INSTALMENTS = VISIBLE + """
            select count(*), count(*) filter (where i.paid = i.amount),
                   count(*) filter (where i.paid < i.amount and i.due_on < ?),
                   coalesce(sum(i.paid), 0),
                   coalesce(sum(i.amount - i.paid) filter (where i.paid < i.amount and i.due_on < ?), 0)
            from v join agreement a on a.dispute_id = v.id join agreement_instalment i on i.agreement_id = a.id
            where a.status <> 'DRAFT'
            """;

    @Inject
    EntityManager em;

    /**
     * The figures for {@code me} of disputes reported in [from, to); buckets of {@code unit}
     * (month, quarter, year) in {@code zone}; an instalment is overdue when unpaid and due before
     * {@code overdueBefore}.
     */
    public MediationStatistics compute(
            String me,
            Instant from,
            Instant to,
            String unit,
            String zone,
            LocalDate overdueBefore,
            String fromText,
            String toText) {
        Viewer viewer = new Viewer(me, trustList.selfCode(), distributions.mayHold(me, "mediation.dispute"));
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<String, Long> byStatus = new TreeMap<>();
            Map<String, Long> byKind = new TreeMap<>();
            Map<String, Long> byTier = new TreeMap<>();
            long reported = 0, resolved = 0, mediated = 0, agreed = 0, highRisk = 0, prevented = 0;
            try (PreparedStatement s = prepare(c, COUNTS, viewer, from, to)) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String status = rs.getString(1);
                        long n = rs.getLong(6);
                        byStatus.merge(status, n, Long::sum);
                        byKind.merge(rs.getString(2), n, Long::sum);
                        byTier.merge(rs.getString(3), n, Long::sum);
                        reported += n;
                        boolean isResolved = status.equals("RESOLVED");
                        if (isResolved) {
                            resolved += n;
                        }
                        boolean isAgreed = isResolved || status.equals("AGREED");
                        if (isAgreed) {
                            agreed += n;
                        }
                        if (isAgreed || status.equals("MEDIATING") || status.equals("FAILED") || rs.getBoolean(5)) {
                            mediated += n;
                        }
                        if (rs.getString(4).equals("HIGH")) {
                            highRisk += n;
                            // 防止民转刑: resolved without a criminal case opened by escalation
                            if (isResolved && !rs.getBoolean(7)) {
                                prevented += n;
                            }
                        }
                    }
                }
            }
            List<MediationStatistics.Bucket> buckets = new ArrayList<>();
            try (PreparedStatement s = prepare(c, BUCKETS, viewer, from, to, unit, zone)) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        buckets.add(new MediationStatistics.Bucket(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            BigDecimal toSession = median(c, FIRST_SESSION, viewer, from, to);
            BigDecimal toAgreement = median(c, TO_AGREEMENT, viewer, from, to, zone);
            Map<String, Long> byPartner = new TreeMap<>();
            try (PreparedStatement s = prepare(c, BY_PARTNER, viewer, from, to, me)) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byPartner.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            MediationStatistics.Instalments instalments;
            try (PreparedStatement s = prepare(c, INSTALMENTS, viewer, from, to, overdueBefore, overdueBefore)) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    instalments = new MediationStatistics.Instalments(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getBigDecimal(4).setScale(2, RoundingMode.UNNECESSARY),
                            rs.getBigDecimal(5).setScale(2, RoundingMode.UNNECESSARY));
                }
            }
            return new MediationStatistics(
                    fromText,
                    toText,
                    unit,
                    reported,
                    byStatus,
                    byKind,
                    byTier,
                    buckets,
                    resolved,
                    rate(resolved, reported),
                    mediated,
                    agreed,
                    rate(agreed, mediated),
                    toSession,
                    toAgreement,
                    byPartner,
                    instalments,
                    highRisk,
                    prevented);
        });
    }

    static BigDecimal rate(long part, long whole) {
        return whole == 0
                ? null
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    static BigDecimal median(Connection c, String sql, Viewer viewer, Instant from, Instant to, Object... more)
            throws SQLException {
        try (PreparedStatement s = prepare(c, sql, viewer, from, to, more)) {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                double d = rs.getDouble(1);
                return rs.wasNull() ? null : BigDecimal.valueOf(d).setScale(1, RoundingMode.HALF_UP);
            }
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Viewer viewer, Instant from, Instant to, Object... more)
            throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setString(1, viewer.me());
        s.setString(2, viewer.self());
        s.setBoolean(3, viewer.mayHold());
        s.setObject(4, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        s.setObject(5, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        for (int i = 0; i < more.length; i++) {
            s.setObject(6 + i, more[i]);
        }
        return s;
    }
}
