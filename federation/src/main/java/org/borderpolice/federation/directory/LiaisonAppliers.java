package org.borderpolice.federation.directory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.borderpolice.federation.http.Text;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.liaison.v1.LiaisonProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Keep our replicas of partners' directory records. A record belongs to its sender: one held
 * under another origin is refused, as is one new to us whose id the sender did not create, one
 * that says it is another jurisdiction's, or one whose content our own users could not have
 * entered (the constraints of {@link Liaison}, control characters, the rules of
 * {@link JointRules}, a unit's county in its sender's jurisdiction, a patrol's status rules of
 * {@link PatrolStatus}). Officers and duty shifts name a unit of their sender; minutes count only
 * from the meeting's chair.
 */
public final class LiaisonAppliers {

    private LiaisonAppliers() {}

    /** How a directory applier reads its message: the envelope's fields and what the record says. */
    record Fields<M extends Message, T>(
            Function<M, String> id,
            Function<M, String> origin,
            Predicate<M> hasUpdatedAt,
            Function<M, Timestamp> updatedAt,
            Function<M, T> body) {}

    /** What every directory applier does; a type says how to read its message and what else it checks. */
    abstract static class Base<M extends Message, T> extends TypedApplier<M> {

        @Inject
        DirectoryStore store;

        @Inject
        Validator validator;

        @Inject
        ObjectMapper json;

        @Inject
        TrustList trustList;

        @Inject
        DirectoryConfig config;

        private final String recordType;
        private final Fields<M, T> fields;

        Base(Class<M> type, String recordType, Fields<M, T> fields) {
            super(type);
            this.recordType = recordType;
            this.fields = fields;
        }

        @Override
        public final String recordType() {
            return recordType;
        }

        UUID unit(T body) {
            return null;
        }

        Instant from(T body) {
            return null;
        }

        Instant to(T body) {
            return null;
        }

        /** The replica held here that the change would replace, null if none. */
        DirectoryStore.Row held(UUID id, boolean lock) {
            return store.find(recordType, id, lock);
        }

        /** More checks of the type; {@code held} is our replica, null if none. */
        void more(ReplicaChange change, T body, DirectoryStore.Row held) throws UnreadablePayloadException {}

        /** After the record was stored ({@code body}) or removed ({@code body} null). */
        void applied(UUID id, T body) {}

        /** Whether the record's id must be one its sender created (minutes carry the meeting's). */
        boolean idCreatedBySender() {
            return true;
        }

        @Override
        protected final void check(ReplicaChange change, M m) throws UnreadablePayloadException {
            UUID id = PayloadProblems.uuid("record_id", change.recordId());
            DirectoryStore.Row held = held(id, false);
            PartnerContributions.requireMadeBy(held == null ? null : held.origin(), change.origin(), recordType, id);
            if (change.tombstone()) {
                return;
            }
            if (held == null && idCreatedBySender()) {
                requireCreatedBy(id, change.origin());
            }
            String what = recordType.substring(recordType.indexOf('.') + 1);
            PayloadProblems problems = new PayloadProblems(what)
                    .require(fields.id().apply(m).equals(change.recordId()), "id", "differs from the record id")
                    .require(fields.origin().apply(m).equals(change.origin()), "origin", "is not the sender")
                    .timestamp(
                            "updated_at",
                            fields.hasUpdatedAt().test(m),
                            fields.updatedAt().apply(m));
            problems.throwIfAny();
            T body;
            try {
                body = fields.body().apply(m);
            } catch (IllegalArgumentException e) {
                throw new UnreadablePayloadException("invalid " + what + ": " + e.getMessage());
            }
            Set<String> violations = new TreeSet<>();
            for (ConstraintViolation<T> v : validator.validate(body)) {
                violations.add(v.getPropertyPath() + " " + v.getMessage());
            }
            violations.forEach(v -> problems.add(v.substring(0, v.indexOf(' ')), v.substring(v.indexOf(' ') + 1)));
            String control = controlCharacter(json.valueToTree(body), "");
            problems.add(control, control == null ? null : "must not contain control characters");
            problems.throwIfAny();
            more(change, body, held);
        }

        @Override
        protected final void applyTyped(List<Typed<M>> changes) {
            for (Typed<M> typed : changes) {
                UUID id = UUID.fromString(typed.change().recordId());
                DirectoryStore.Row held = held(id, true);
                if (typed.tombstone()) {
                    if (held != null) {
                        store.delete(recordType, id);
                    }
                    applied(id, null);
                    continue;
                }
                M m = typed.message();
                T body = fields.body().apply(m);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                store.upsert(new DirectoryStore.Row(
                        recordType,
                        id,
                        typed.change().origin(),
                        typed.change().version(),
                        List.of(),
                        unit(body),
                        from(body),
                        to(body),
                        json.valueToTree(body).toString(),
                        held == null ? now : held.createdAt(),
                        ProtoTime.instant(fields.updatedAt().apply(m))));
                applied(id, body);
            }
        }

        String self() {
            return trustList.selfCode();
        }

        /** A field of a stored record's body, as text. */
        String field(DirectoryStore.Row row, String name) {
            try {
                return json.readTree(row.body()).path(name).asText();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable " + row.type() + " " + row.id(), e);
            }
        }

        /** The path of the first text with a character no text may hold, or null (multi-line text may break lines). */
        private static String controlCharacter(JsonNode node, String path) {
            if (node.isTextual()) {
                return Text.isClean(node.textValue(), true) ? null : path.isEmpty() ? "text" : path;
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String found = controlCharacter(node.get(i), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String found =
                            controlCharacter(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey());
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        /** The unit must be one of the sender's: created by it, and not held here as another's. */
        void requireSendersUnit(UUID unitId, String sender) throws UnreadablePayloadException {
            DirectoryStore.Row unit = store.find(Directory.UNIT, unitId, false);
            if (!RecordIds.createdBy(unitId, sender)
                    || (unit != null && !unit.origin().equals(sender))) {
                throw new UnreadablePayloadException("unit_id names no unit of the sender " + sender);
            }
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class Units extends Base<LiaisonProto.Unit, Liaison.Unit> {

        public Units() {
            super(
                    LiaisonProto.Unit.class,
                    Directory.UNIT,
                    new Fields<>(
                            LiaisonProto.Unit::getId,
                            LiaisonProto.Unit::getOrigin,
                            LiaisonProto.Unit::hasUpdatedAt,
                            LiaisonProto.Unit::getUpdatedAt,
                            LiaisonMessages::unit));
        }

        /** A unit lies in its sender's jurisdiction, as ours must lie in ours. */
        @Override
        void more(ReplicaChange change, Liaison.Unit body, DirectoryStore.Row held) throws UnreadablePayloadException {
            String problem = Counties.problem(change.origin(), body.county());
            if (problem != null) {
                throw new UnreadablePayloadException("invalid unit: county " + problem);
            }
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class Officers extends Base<LiaisonProto.Officer, Liaison.Officer> {

        public Officers() {
            super(
                    LiaisonProto.Officer.class,
                    Directory.OFFICER,
                    new Fields<>(
                            LiaisonProto.Officer::getId,
                            LiaisonProto.Officer::getOrigin,
                            LiaisonProto.Officer::hasUpdatedAt,
                            LiaisonProto.Officer::getUpdatedAt,
                            LiaisonMessages::officer));
        }

        @Override
        UUID unit(Liaison.Officer body) {
            return body.unitId();
        }

        @Override
        void more(ReplicaChange change, Liaison.Officer body, DirectoryStore.Row held)
                throws UnreadablePayloadException {
            requireSendersUnit(body.unitId(), change.origin());
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class DutyShifts extends Base<LiaisonProto.DutyShift, Liaison.DutyShift> {

        public DutyShifts() {
            super(
                    LiaisonProto.DutyShift.class,
                    Directory.DUTY,
                    new Fields<>(
                            LiaisonProto.DutyShift::getId,
                            LiaisonProto.DutyShift::getOrigin,
                            LiaisonProto.DutyShift::hasUpdatedAt,
                            LiaisonProto.DutyShift::getUpdatedAt,
                            LiaisonMessages::duty));
        }

        @Override
        UUID unit(Liaison.DutyShift body) {
            return body.unitId();
        }

        @Override
        Instant from(Liaison.DutyShift body) {
            return body.startsAt();
        }

        @Override
        Instant to(Liaison.DutyShift body) {
            return body.endsAt();
        }

        @Override
        void more(ReplicaChange change, Liaison.DutyShift body, DirectoryStore.Row held)
                throws UnreadablePayloadException {
            requireSendersUnit(body.unitId(), change.origin());
            String window = DutyRota.windowProblem(body.startsAt(), body.endsAt());
            if (window != null) {
                throw new UnreadablePayloadException("invalid duty: ends_at " + window);
            }
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class Meetings extends Base<LiaisonProto.Meeting, Liaison.Meeting> {

        public Meetings() {
            super(
                    LiaisonProto.Meeting.class,
                    Directory.MEETING,
                    new Fields<>(
                            LiaisonProto.Meeting::getId,
                            LiaisonProto.Meeting::getOrigin,
                            LiaisonProto.Meeting::hasUpdatedAt,
                            LiaisonProto.Meeting::getUpdatedAt,
                            LiaisonMessages::meeting));
        }

        @Override
        Instant from(Liaison.Meeting body) {
            return body.heldAt();
        }

        /** As the organiser could enter it, naming us; the chair stays once its minutes are held. */
        @Override
        void more(ReplicaChange change, Liaison.Meeting body, DirectoryStore.Row held)
                throws UnreadablePayloadException {
            String problem = JointRules.meetingProblem(change.origin(), body);
            if (problem == null && !body.parties().contains(self())) {
                problem = "parties do not name " + self();
            }
            if (problem == null && held != null) {
                String chair = field(held, "chair");
                DirectoryStore.Row minutes = store.find(Directory.MINUTES, held.id(), false);
                if (!chair.equals(body.chair())
                        && minutes != null
                        && minutes.origin().equals(chair)) {
                    problem = "the chair " + chair + " wrote the minutes already: the chair does not change";
                }
            }
            if (problem != null) {
                throw new UnreadablePayloadException("invalid meeting: " + problem);
            }
        }

        /** Minutes held here that are not the chair's are not the meeting's: gone (as are all, with the meeting). */
        @Override
        void applied(UUID id, Liaison.Meeting body) {
            store.deleteMinutesNotBy(id, body == null ? null : body.chair());
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class MinutesOfMeetings extends Base<LiaisonProto.Minutes, Liaison.Minutes> {

        public MinutesOfMeetings() {
            super(
                    LiaisonProto.Minutes.class,
                    Directory.MINUTES,
                    new Fields<>(
                            LiaisonProto.Minutes::getMeetingId,
                            LiaisonProto.Minutes::getOrigin,
                            LiaisonProto.Minutes::hasUpdatedAt,
                            LiaisonProto.Minutes::getUpdatedAt,
                            LiaisonMessages::minutes));
        }

        @Override
        boolean idCreatedBySender() {
            return false;
        }

        /**
         * Minutes held for a meeting held here count only if the meeting's chair wrote them: others'
         * (an organiser's sent before its meeting named another chair) give way to the chair's.
         */
        @Override
        DirectoryStore.Row held(UUID id, boolean lock) {
            DirectoryStore.Row minutes = store.find(Directory.MINUTES, id, lock);
            if (minutes == null) {
                return null;
            }
            DirectoryStore.Row meeting = store.find(Directory.MEETING, id, false);
            return meeting == null || field(meeting, "chair").equals(minutes.origin()) ? minutes : null;
        }

        /**
         * The meeting held here names the sender as its chair. A meeting not here yet: only minutes of
         * its own organiser (meeting and minutes in one batch: checks run before the batch is
         * applied), and a bounded number of them per partner (a meeting that never comes).
         */
        @Override
        void more(ReplicaChange change, Liaison.Minutes body, DirectoryStore.Row held)
                throws UnreadablePayloadException {
            UUID meetingId = UUID.fromString(change.recordId());
            DirectoryStore.Row meeting = store.find(Directory.MEETING, meetingId, false);
            if (meeting == null) {
                if (!RecordIds.createdBy(meetingId, change.origin())) {
                    throw new UnreadablePayloadException("meeting_id names no joint meeting held here");
                }
                int most = config.maxMinutesWithoutMeeting();
                if (held == null && store.minutesWithoutMeeting(change.origin()) >= most) {
                    throw new UnreadablePayloadException("minutes of " + most + " meetings not held here are waiting "
                            + "for their meetings already: send the meeting first");
                }
                return;
            }
            String chair = field(meeting, "chair");
            if (!chair.equals(change.origin())) {
                throw new UnreadablePayloadException("the minutes of meeting " + meetingId
                        + " are written by its chair " + chair + ", not by " + change.origin());
            }
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class Patrols extends Base<LiaisonProto.Patrol, Liaison.Patrol> {

        public Patrols() {
            super(
                    LiaisonProto.Patrol.class,
                    Directory.PATROL,
                    new Fields<>(
                            LiaisonProto.Patrol::getId,
                            LiaisonProto.Patrol::getOrigin,
                            LiaisonProto.Patrol::hasUpdatedAt,
                            LiaisonProto.Patrol::getUpdatedAt,
                            LiaisonMessages::patrol));
        }

        @Override
        Instant from(Liaison.Patrol body) {
            return body.plan().startsAt();
        }

        @Override
        Instant to(Liaison.Patrol body) {
            return body.plan().endsAt();
        }

        /**
         * As planned at the organiser, naming us; then as the organiser's users conclude it
         * ({@link PatrolStatus#refusal}): the plan stays, PLANNED carries no report, DONE a
         * report, and nothing changes after DONE or CANCELLED.
         */
        @Override
        void more(ReplicaChange change, Liaison.Patrol body, DirectoryStore.Row held)
                throws UnreadablePayloadException {
            String problem = JointRules.patrolProblem(change.origin(), body.plan());
            if (problem == null && !body.plan().parties().contains(self())) {
                problem = "parties do not name " + self();
            }
            if (problem == null) {
                problem = statusProblem(body, held);
            }
            if (problem != null) {
                throw new UnreadablePayloadException("invalid patrol: " + problem);
            }
        }

        private String statusProblem(Liaison.Patrol body, DirectoryStore.Row held) {
            PatrolStatus was = held == null ? PatrolStatus.PLANNED : PatrolStatus.valueOf(field(held, "status"));
            if (was == PatrolStatus.PLANNED && body.status() == PatrolStatus.PLANNED) {
                return body.report() == null ? null : "a planned patrol carries no report";
            }
            String refusal = was.refusal(body.status(), body.report());
            if (refusal == null && held != null && !planOf(held).equals(json.valueToTree(body.plan()))) {
                return "the plan of a patrol does not change when it is concluded";
            }
            return refusal;
        }

        private JsonNode planOf(DirectoryStore.Row held) {
            try {
                return json.readTree(held.body()).path("plan");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable patrol " + held.id(), e);
            }
        }
    }
}
