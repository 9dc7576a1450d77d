package org.borderpolice.federation.directory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.statistics.DayPeriod;
import org.borderpolice.federation.statistics.PeriodParams;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;

import io.quarkus.arc.properties.IfBuildProperty;

/**
 * The liaison directory's rules. Writing: commanders of this jurisdiction, each record ours
 * (units, officers and duty shifts of our own units; meetings and patrols we organise; minutes of
 * meetings we chair). Reading: every user of this jurisdiction reads what is held here, ours and
 * partners'; a partner's user reads here only our records shared with its jurisdiction. Every
 * call is audited, refusals included where a record was named.
 */
@ApplicationScoped
@IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
public class Directory {

    /** The build setting that makes a service host the directory. */
    public static final String ENABLED = "border.federation.directory.enabled";

    public static final String CATEGORY = "liaison";
    public static final String UNIT = "liaison.unit";
    public static final String OFFICER = "liaison.officer";
    public static final String DUTY = "liaison.duty";
    public static final String MEETING = "liaison.meeting";
    public static final String MINUTES = "liaison.minutes";
    public static final String PATROL = "liaison.patrol";

    /** Who reads: every user role (partners' users only what is shared with them). */
    public static final String[] READERS = {
        BorderPrincipal.INVESTIGATOR,
        BorderPrincipal.ANALYST,
        BorderPrincipal.MEDIATOR,
        BorderPrincipal.COMMANDER,
        BorderPrincipal.INTEGRATOR
    };

    @Inject
    DirectoryStore store;

    @Inject
    RecordPublisher publisher;

    @Inject
    Distributions distributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    DirectoryConfig config;

    @Inject
    ObjectMapper json;

    /** The agreement, as configured. */
    public record AgreementView(String title, java.time.LocalDate signedOn, List<String> parties, String principles) {}

    /** The chair the rotation suggests for the next meeting. */
    public record NextChair(String chair, List<String> rotation) {}

    // --- the agreement

    @Transactional
    public AgreementView agreement(BorderPrincipal caller) {
        requireReader(caller);
        audit(caller, "directory.agreement.read", null, null, null);
        DirectoryConfig.Agreement a = config.agreement();
        return new AgreementView(a.title(), a.signedOn().orElse(null), parties(), a.principles());
    }

    /** The agreement's parties in rotation order. */
    List<String> parties() {
        return config.agreement().parties().orElseGet(() -> {
            Set<String> codes = new TreeSet<>(distributions.resolve(
                    CATEGORY + ".meeting", "liaison records", List.of(Distributions.ALL_PARTNERS)));
            codes.add(trustList.selfCode());
            return List.copyOf(codes);
        });
    }

    // --- units, officers, duty shifts: ours, to every liaison partner

    @Transactional
    public IdempotencyKeys.Created<Entry<Liaison.Unit>> createUnit(
            BorderPrincipal caller, Liaison.Unit unit, String key) {
        requireEditor(caller, "enter units");
        return once(caller, key, "POST /api/v1/directory/units", unit, Liaison.Unit.class, () -> {
            requireOurCounty(unit);
            UUID id = RecordIds.create(trustList.selfCode());
            Entry<Liaison.Unit> e = write(caller, UNIT, id, null, unit, null, null, null, everyPartner(UNIT));
            return e;
        });
    }

    @Transactional
    public Entry<Liaison.Unit> changeUnit(BorderPrincipal caller, UUID id, Liaison.Unit unit) {
        requireEditor(caller, "change units");
        DirectoryStore.Row held = requireOurs(caller, UNIT, id, "unit");
        requireOurCounty(unit);
        return write(caller, UNIT, id, held, unit, null, null, null, everyPartner(UNIT));
    }

    @Transactional
    public IdempotencyKeys.Created<Entry<Liaison.Officer>> createOfficer(
            BorderPrincipal caller, Liaison.Officer officer, String key) {
        requireEditor(caller, "enter liaison officers");
        return once(caller, key, "POST /api/v1/directory/officers", officer, Liaison.Officer.class, () -> {
            requireOurUnit(officer.unitId());
            return write(
                    caller,
                    OFFICER,
                    RecordIds.create(trustList.selfCode()),
                    null,
                    activeByDefault(officer),
                    officer.unitId(),
                    null,
                    null,
                    everyPartner(OFFICER));
        });
    }

    @Transactional
    public Entry<Liaison.Officer> changeOfficer(BorderPrincipal caller, UUID id, Liaison.Officer officer) {
        requireEditor(caller, "change liaison officers");
        DirectoryStore.Row held = requireOurs(caller, OFFICER, id, "officer");
        requireOurUnit(officer.unitId());
        return write(
                caller,
                OFFICER,
                id,
                held,
                activeByDefault(officer),
                officer.unitId(),
                null,
                null,
                everyPartner(OFFICER));
    }

    @Transactional
    public IdempotencyKeys.Created<Entry<Liaison.DutyShift>> createDuty(
            BorderPrincipal caller, Liaison.DutyShift shift, String key) {
        requireEditor(caller, "enter the duty rota");
        return once(caller, key, "POST /api/v1/directory/duty", shift, Liaison.DutyShift.class, () -> {
            requireOurUnit(shift.unitId());
            String window = DutyRota.windowProblem(shift.startsAt(), shift.endsAt());
            if (window != null) {
                throw new InvalidProblem("endsAt " + window);
            }
            return write(
                    caller,
                    DUTY,
                    RecordIds.create(trustList.selfCode()),
                    null,
                    shift,
                    shift.unitId(),
                    shift.startsAt(),
                    shift.endsAt(),
                    everyPartner(DUTY));
        });
    }

    /** Withdraw one of our duty shifts: gone here, a tombstone to every partner that holds it. */
    @Transactional
    public void withdrawDuty(BorderPrincipal caller, UUID id) {
        requireEditor(caller, "withdraw duty shifts");
        DirectoryStore.Row held = requireOurs(caller, DUTY, id, "duty shift");
        store.delete(DUTY, id);
        publisher.tombstones(DUTY, id.toString(), held.version() + 1, held.sharedWith());
        audit(caller, "directory.duty.withdrawn", DUTY, id, "version " + (held.version() + 1));
    }

    /** The shifts on duty now at a jurisdiction's units (快速反应机制), as the caller may see them. */
    @Transactional
    public List<Entry<Liaison.DutyShift>> onDuty(BorderPrincipal caller, String jurisdiction, Instant at) {
        requireReader(caller);
        List<DirectoryStore.Row> rows = store.dutyNotEnded(jurisdiction, at, caller.jurisdiction(), self());
        List<DutyRota.Shift<DirectoryStore.Row>> shifts = rows.stream()
                .map(r -> new DutyRota.Shift<>(r.unitId(), r.startsAt(), r.endsAt(), r.createdAt(), r))
                .toList();
        List<DirectoryStore.Row> now = DutyRota.onDuty(shifts, at);
        audit(caller, "directory.duty.now", DUTY, null, jurisdiction + " at " + at + ": " + ids(now));
        return now.stream().map(r -> entry(r, Liaison.DutyShift.class)).toList();
    }

    // --- meetings and minutes

    @Transactional
    public NextChair nextChair(BorderPrincipal caller) {
        requireReader(caller);
        List<String> rotation = parties();
        String chair = ChairRotation.next(rotation, chairHistory());
        audit(caller, "directory.meeting.next-chair", MEETING, null, chair);
        return new NextChair(chair, rotation);
    }

    /** The chairs the rotation reads: of the latest meetings already held, among the agreement's parties. */
    private List<String> chairHistory() {
        return store.chairHistory(parties(), Instant.now(), config.rotationMeetings());
    }

    @Transactional
    public IdempotencyKeys.Created<Entry<Liaison.Meeting>> createMeeting(
            BorderPrincipal caller, Liaison.Meeting meeting, String key) {
        requireEditor(caller, "organise joint meetings");
        return once(caller, key, "POST /api/v1/directory/meetings", meeting, Liaison.Meeting.class, () -> {
            Set<String> parties = distributions.resolve(MEETING, "joint meetings", meeting.parties());
            Liaison.Meeting m = meeting;
            if (m.chair() == null) {
                m = new Liaison.Meeting(
                        m.heldAt(),
                        m.place(),
                        ChairRotation.next(parties(), chairHistory()),
                        m.agenda(),
                        m.parties(),
                        m.delegations());
            }
            String problem = JointRules.meetingProblem(self(), m);
            if (problem != null) {
                throw new InvalidProblem(problem);
            }
            return write(caller, MEETING, RecordIds.create(self()), null, m, null, m.heldAt(), null, parties);
        });
    }

    /**
     * Write the minutes of a meeting held here (ours or a partner's) that this jurisdiction
     * chairs; they go to the organiser and every party.
     */
    @Transactional
    public Entry<Liaison.Minutes> writeMinutes(BorderPrincipal caller, UUID meetingId, Liaison.Minutes minutes) {
        requireEditor(caller, "write minutes");
        DirectoryStore.Row meeting = store.find(MEETING, meetingId, true);
        if (meeting == null) {
            audit(caller, "directory.minutes.refused", MEETING, meetingId, "no such meeting");
            throw new NotFoundProblem("no joint meeting " + meetingId);
        }
        Liaison.Meeting m = body(meeting, Liaison.Meeting.class);
        if (!m.chair().equals(self())) {
            audit(caller, "directory.minutes.refused", MEETING, meetingId, "chair " + m.chair());
            throw new ForbiddenProblem("the minutes are written by the chair's side (" + m.chair() + ")");
        }
        Set<String> to = new TreeSet<>(m.parties());
        to.add(meeting.origin());
        to.remove(self());
        DirectoryStore.Row held = store.find(MINUTES, meetingId, true);
        if (held != null && !held.origin().equals(self())) {
            // a partner's minutes waiting here were never this meeting's (its chair is us): ours replace them
            store.delete(MINUTES, meetingId);
            held = null;
        }
        return write(caller, MINUTES, meetingId, held, minutes, null, null, null, to);
    }

    // --- patrols

    @Transactional
    public IdempotencyKeys.Created<Entry<Liaison.Patrol>> createPatrol(
            BorderPrincipal caller, Liaison.PatrolPlan plan, String key) {
        requireEditor(caller, "plan joint patrols");
        return once(caller, key, "POST /api/v1/directory/patrols", plan, Liaison.Patrol.class, () -> {
            Set<String> parties = distributions.resolve(PATROL, "joint patrols", plan.parties());
            String problem = JointRules.patrolProblem(self(), plan);
            if (problem != null) {
                throw new InvalidProblem(problem);
            }
            return write(
                    caller,
                    PATROL,
                    RecordIds.create(self()),
                    null,
                    new Liaison.Patrol(plan, PatrolStatus.PLANNED, null),
                    null,
                    plan.startsAt(),
                    plan.endsAt(),
                    parties);
        });
    }

    @Transactional
    public Entry<Liaison.Patrol> concludePatrol(BorderPrincipal caller, UUID id, Liaison.PatrolOutcome outcome) {
        requireEditor(caller, "conclude joint patrols");
        DirectoryStore.Row held = requireOurs(caller, PATROL, id, "patrol");
        Liaison.Patrol p = body(held, Liaison.Patrol.class);
        String refusal = p.status().refusal(outcome.status(), outcome.report());
        if (refusal != null) {
            throw new ConflictProblem(refusal);
        }
        Liaison.Patrol next = new Liaison.Patrol(p.plan(), outcome.status(), outcome.report());
        return write(
                caller,
                PATROL,
                id,
                held,
                next,
                null,
                p.plan().startsAt(),
                p.plan().endsAt(),
                new TreeSet<>(held.sharedWith()));
    }

    // --- statistics

    /** 联谊统计 Meetings and patrols in a period. */
    public record Statistics(
            DayPeriod.View period,

            @Schema(description = "联席会议 Joint meetings set in the period")
            long meetings,

            @Schema(description = "已召开 Of these, held by now")
            long meetingsHeld,

            @Schema(description = "联合巡逻 Joint patrols starting in the period")
            long patrols,

            @Schema(description = "已巡逻 Of these, held (DONE)")
            long patrolsHeld,

            @Schema(description = "已取消 Of these, cancelled") long patrolsCancelled) {}

    /** Meetings and patrols in [from, to) that the caller may see here, by the rule of every read. */
    @Transactional
    public Statistics statistics(BorderPrincipal caller, PeriodParams params) {
        requireReader(caller);
        DayPeriod period = DayPeriod.of(params, config.timeZone(), 3660);
        DirectoryStore.Counts counts =
                store.statistics(caller.jurisdiction(), self(), period.from(), period.to(), Instant.now());
        Statistics figures = new Statistics(
                period.view(),
                counts.meetings(),
                counts.meetingsHeld(),
                counts.patrols(),
                counts.patrolsHeld(),
                counts.patrolsCancelled());
        audit(
                caller,
                "directory.statistics",
                null,
                null,
                "from=" + period.first() + " to=" + period.end() + " meetings=" + figures.meetings() + " patrols="
                        + figures.patrols());
        return figures;
    }

    // --- reading

    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public <T> Entry<T> get(BorderPrincipal caller, String type, UUID id, Class<T> bodyType) {
        requireReader(caller);
        DirectoryStore.Row row = store.findVisible(type, id, caller.jurisdiction(), self());
        audit(caller, "directory.read", type, id, row == null ? "not found" : "origin " + row.origin());
        if (row == null) {
            throw new NotFoundProblem("no " + type + " " + id);
        }
        return entry(row, bodyType);
    }

    @Transactional
    public <T> Entry.Page<T> list(
            BorderPrincipal caller,
            String type,
            Class<T> bodyType,
            String origin,
            UUID unit,
            KeysetCursor after,
            int limit) {
        requireReader(caller);
        List<DirectoryStore.Row> rows = store.list(type, caller.jurisdiction(), self(), origin, unit, after, limit);
        List<DirectoryStore.Row> shown = rows.subList(0, Math.min(rows.size(), limit));
        audit(
                caller,
                "directory.list",
                type,
                null,
                (origin == null ? "" : "origin " + origin + " ")
                        + (unit == null ? "" : "unit " + unit + " ")
                        + (after == null ? "" : "after " + after.encode() + " ")
                        + ids(shown));
        String next = KeysetCursor.next(rows, limit, DirectoryStore.Row::createdAt, DirectoryStore.Row::id);
        return new Entry.Page<>(shown.stream().map(r -> entry(r, bodyType)).toList(), next);
    }

    // --- the rules

    void requireReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(READERS)) {
            throw new ForbiddenProblem("reading the directory needs a user role");
        }
        if (!caller.jurisdiction().equals(self()) && !trustList.isPartner(caller.jurisdiction())) {
            throw new ForbiddenProblem("only users of the agreement's parties read the directory");
        }
    }

    void requireEditor(BorderPrincipal caller, String what) {
        if (!caller.jurisdiction().equals(self())) {
            throw new ForbiddenProblem("only users of " + self() + " " + what + " here");
        }
        if (!caller.hasRole(BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem(what + " needs role " + BorderPrincipal.COMMANDER);
        }
    }

    private DirectoryStore.Row requireOurs(BorderPrincipal caller, String type, UUID id, String what) {
        DirectoryStore.Row held = store.find(type, id, true);
        if (held == null) {
            throw new NotFoundProblem("no " + what + " " + id);
        }
        if (!held.origin().equals(self())) {
            audit(caller, "directory.change.refused", type, id, "origin " + held.origin());
            throw new ForbiddenProblem(what + " " + id + " is one of " + held.origin() + ": changed only there");
        }
        return held;
    }

    private void requireOurCounty(Liaison.Unit unit) {
        String problem = Counties.problem(self(), unit.county());
        if (problem != null) {
            throw new InvalidProblem("county " + problem);
        }
    }

    private void requireOurUnit(UUID unitId) {
        DirectoryStore.Row unit = store.find(UNIT, unitId, false);
        if (unit == null || !unit.origin().equals(self())) {
            throw new InvalidProblem("unitId names no unit of " + self());
        }
    }

    private Set<String> everyPartner(String type) {
        return distributions.resolve(type, "liaison records", List.of(Distributions.ALL_PARTNERS));
    }

    private static Liaison.Officer activeByDefault(Liaison.Officer o) {
        return o.active() != null ? o : new Liaison.Officer(o.unitId(), o.name(), o.title(), o.phone(), o.role(), true);
    }

    /** Store our record's new version and send it to {@code sharedWith} (tombstones to partners dropped). */
    private <T> Entry<T> write(
            BorderPrincipal caller,
            String type,
            UUID id,
            DirectoryStore.Row held,
            T body,
            UUID unit,
            Instant from,
            Instant to,
            Set<String> sharedWith) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long version = held == null ? 1 : held.version() + 1;
        DirectoryStore.Row row = new DirectoryStore.Row(
                type,
                id,
                self(),
                version,
                new ArrayList<>(sharedWith),
                unit,
                from,
                to,
                toJson(body),
                held == null ? now : held.createdAt(),
                now);
        store.upsert(row);
        Message message = message(type, id, body, now);
        publisher.publish(
                type, id.toString(), version, sharedWith, held == null ? List.of() : held.sharedWith(), p -> message);
        audit(caller, held == null ? "directory.created" : "directory.changed", type, id, "version " + version);
        @SuppressWarnings("unchecked")
        Class<T> bodyType = (Class<T>) body.getClass();
        return entry(row, bodyType);
    }

    private Message message(String type, UUID id, Object body, Instant at) {
        String self = self();
        return switch (type) {
            case UNIT -> LiaisonMessages.unit(id, self, (Liaison.Unit) body, at);
            case OFFICER -> LiaisonMessages.officer(id, self, (Liaison.Officer) body, at);
            case DUTY -> LiaisonMessages.duty(id, self, (Liaison.DutyShift) body, at);
            case MEETING -> LiaisonMessages.meeting(id, self, (Liaison.Meeting) body, at);
            case MINUTES -> LiaisonMessages.minutes(id, self, (Liaison.Minutes) body, at);
            case PATROL -> LiaisonMessages.patrol(id, self, (Liaison.Patrol) body, at);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private <T> IdempotencyKeys.Created<Entry<T>> once(
            BorderPrincipal caller,
            String key,
            String operation,
            Object request,
            Class<T> bodyType,
            java.util.function.Supplier<Entry<T>> create) {
        String type = switch (operation.substring(operation.lastIndexOf('/') + 1)) {
            case "units" -> UNIT;
            case "officers" -> OFFICER;
            case "duty" -> DUTY;
            case "meetings" -> MEETING;
            default -> PATROL;
        };
        Function<String, Entry<T>> earlier = id -> {
            DirectoryStore.Row held = store.find(type, UUID.fromString(id), false);
            if (held == null) {
                // the record this key created was withdrawn since: its first answer cannot be given again
                throw new ConflictProblem("the record created under this Idempotency-Key (" + id
                        + ") was withdrawn since; send a new request with a new key");
            }
            return entry(held, bodyType);
        };
        return idempotencyKeys.once(caller, key, operation, request, create, e -> e.id().toString(), earlier);
    }

    <T> Entry<T> entry(DirectoryStore.Row r, Class<T> bodyType) {
        return new Entry<>(r.id(), r.origin(), r.version(), r.createdAt(), r.updatedAt(), body(r, bodyType));
    }

    <T> T body(DirectoryStore.Row r, Class<T> type) {
        try {
            return json.readValue(r.body(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable directory record " + r.type() + " " + r.id(), e);
        }
    }

    String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String self() {
        return trustList.selfCode();
    }

    private static String ids(List<DirectoryStore.Row> rows) {
        return rows.stream().map(r -> r.id().toString()).toList().toString();
    }

    private void audit(BorderPrincipal caller, String action, String type, UUID id, String detail) {
        auditLog.append(new AuditEntry(
                caller.subject(), caller.jurisdiction(), action, type, id == null ? null : id.toString(), detail));
    }
}
