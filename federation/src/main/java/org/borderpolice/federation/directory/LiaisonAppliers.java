package org.borderpolice.federation.directory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

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
 * {@link JointRules}). Officers and duty shifts name a unit of their sender; minutes come from the
 * meeting's chair only.
 */
public final class LiaisonAppliers {

    private LiaisonAppliers() {}

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

        private final String recordType;

        Base(Class<M> type, String recordType) {
            super(type);
            this.recordType = recordType;
        }

        @Override
        public final String recordType() {
            return recordType;
        }

        /** The message's own id, origin and time of change. */
        abstract String id(M m);

        abstract String origin(M m);

        abstract boolean hasUpdatedAt(M m);

        abstract Timestamp updatedAt(M m);

        /** What the message says (may throw IllegalArgumentException on a time that cannot be stored). */
        abstract T body(M m);

        UUID unit(T body) {
            return null;
        }

        Instant from(T body) {
            return null;
        }

        Instant to(T body) {
            return null;
        }

        /** More checks of the type; {@code held} is our replica, null if none. */
        void more(ReplicaChange change, T body, DirectoryStore.Row held) throws UnreadablePayloadException {}

        /** Whether the record's id must be one its sender created (minutes carry the meeting's). */
        boolean idCreatedBySender() {
            return true;
        }

        @Override
        protected final void check(ReplicaChange change, M m) throws UnreadablePayloadException {
            UUID id = PayloadProblems.uuid("record_id", change.recordId());
            DirectoryStore.Row held = store.find(recordType, id, false);
            PartnerContributions.requireMadeBy(held == null ? null : held.origin(), change.origin(), recordType, id);
            if (change.tombstone()) {
                return;
            }
            if (held == null && idCreatedBySender()) {
                requireCreatedBy(id, change.origin());
            }
            String what = recordType.substring(recordType.indexOf('.') + 1);
            PayloadProblems problems = new PayloadProblems(what)
                    .require(id(m).equals(change.recordId()), "id", "differs from the record id")
                    .require(origin(m).equals(change.origin()), "origin", "is not the sender")
                    .timestamp("updated_at", hasUpdatedAt(m), updatedAt(m));
            problems.throwIfAny();
            T body;
            try {
                body = body(m);
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
                DirectoryStore.Row held = store.find(recordType, id, true);
                if (typed.tombstone()) {
                    if (held != null) {
                        store.delete(recordType, id);
                    }
                    continue;
                }
                M m = typed.message();
                T body = body(m);
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
                        ProtoTime.instant(updatedAt(m))));
            }
        }

        String self() {
            return trustList.selfCode();
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
            super(LiaisonProto.Unit.class, Directory.UNIT);
        }

        String id(LiaisonProto.Unit m) {
            return m.getId();
        }

        String origin(LiaisonProto.Unit m) {
            return m.getOrigin();
        }

        boolean hasUpdatedAt(LiaisonProto.Unit m) {
            return m.hasUpdatedAt();
        }

        Timestamp updatedAt(LiaisonProto.Unit m) {
            return m.getUpdatedAt();
        }

        Liaison.Unit body(LiaisonProto.Unit m) {
            return LiaisonMessages.unit(m);
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class Officers extends Base<LiaisonProto.Officer, Liaison.Officer> {

        public Officers() {
            super(LiaisonProto.Officer.class, Directory.OFFICER);
        }

        String id(LiaisonProto.Officer m) {
            return m.getId();
        }

        String origin(LiaisonProto.Officer m) {
            return m.getOrigin();
        }

        boolean hasUpdatedAt(LiaisonProto.Officer m) {
            return m.hasUpdatedAt();
        }

        Timestamp updatedAt(LiaisonProto.Officer m) {
            return m.getUpdatedAt();
        }

        Liaison.Officer body(LiaisonProto.Officer m) {
            return LiaisonMessages.officer(m);
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
            super(LiaisonProto.DutyShift.class, Directory.DUTY);
        }

        String id(LiaisonProto.DutyShift m) {
            return m.getId();
        }

        String origin(LiaisonProto.DutyShift m) {
            return m.getOrigin();
        }

        boolean hasUpdatedAt(LiaisonProto.DutyShift m) {
            return m.hasUpdatedAt();
        }

        Timestamp updatedAt(LiaisonProto.DutyShift m) {
            return m.getUpdatedAt();
        }

        Liaison.DutyShift body(LiaisonProto.DutyShift m) {
            return LiaisonMessages.duty(m);
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
            super(LiaisonProto.Meeting.class, Directory.MEETING);
        }

        String id(LiaisonProto.Meeting m) {
            return m.getId();
        }

        String origin(LiaisonProto.Meeting m) {
            return m.getOrigin();
        }

        boolean hasUpdatedAt(LiaisonProto.Meeting m) {
            return m.hasUpdatedAt();
        }

        Timestamp updatedAt(LiaisonProto.Meeting m) {
            return m.getUpdatedAt();
        }

        Liaison.Meeting body(LiaisonProto.Meeting m) {
            return LiaisonMessages.meeting(m);
        }

        @Override
        Instant from(Liaison.Meeting body) {
            return body.heldAt();
        }

        @Override
        void more(ReplicaChange change, Liaison.Meeting body, DirectoryStore.Row held)
                throws UnreadablePayloadException {
            String problem = JointRules.meetingProblem(change.origin(), body);
            if (problem == null && !body.parties().contains(self())) {
                problem = "parties do not name " + self();
            }
            if (problem != null) {
                throw new UnreadablePayloadException("invalid meeting: " + problem);
            }
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class MinutesOfMeetings extends Base<LiaisonProto.Minutes, Liaison.Minutes> {

        public MinutesOfMeetings() {
            super(LiaisonProto.Minutes.class, Directory.MINUTES);
        }

        String id(LiaisonProto.Minutes m) {
            return m.getMeetingId();
        }

        String origin(LiaisonProto.Minutes m) {
            return m.getOrigin();
        }

        boolean hasUpdatedAt(LiaisonProto.Minutes m) {
            return m.hasUpdatedAt();
        }

        Timestamp updatedAt(LiaisonProto.Minutes m) {
            return m.getUpdatedAt();
        }

        Liaison.Minutes body(LiaisonProto.Minutes m) {
            return LiaisonMessages.minutes(m);
        }

        @Override
        boolean idCreatedBySender() {
            return false;
        }

        /**
         * The meeting held here names the sender as its chair; a meeting not here yet only with
         * minutes of its own organiser (both in one batch: checks run before the batch is applied).
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
                return;
            }
            String chair = chairOf(meeting);
            if (!chair.equals(change.origin())) {
                throw new UnreadablePayloadException("the minutes of meeting " + meetingId
                        + " are written by its chair " + chair + ", not by " + change.origin());
            }
        }

        private String chairOf(DirectoryStore.Row meeting) {
            try {
                return json.readTree(meeting.body()).path("chair").asText();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("unreadable meeting " + meeting.id(), e);
            }
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
    public static class Patrols extends Base<LiaisonProto.Patrol, Liaison.Patrol> {

        public Patrols() {
            super(LiaisonProto.Patrol.class, Directory.PATROL);
        }

        String id(LiaisonProto.Patrol m) {
            return m.getId();
        }

        String origin(LiaisonProto.Patrol m) {
            return m.getOrigin();
        }

        boolean hasUpdatedAt(LiaisonProto.Patrol m) {
            return m.hasUpdatedAt();
        }

        Timestamp updatedAt(LiaisonProto.Patrol m) {
            return m.getUpdatedAt();
        }

        Liaison.Patrol body(LiaisonProto.Patrol m) {
            return LiaisonMessages.patrol(m);
        }

        @Override
        Instant from(Liaison.Patrol body) {
            return body.plan().startsAt();
        }

        @Override
        Instant to(Liaison.Patrol body) {
            return body.plan().endsAt();
        }

        /** As planned at the organiser; a held patrol with its report; a final status stays final. */
        @Override
        void more(ReplicaChange change, Liaison.Patrol body, DirectoryStore.Row held)
                throws UnreadablePayloadException {
            String problem = JointRules.patrolProblem(change.origin(), body.plan());
            if (problem == null && !body.plan().parties().contains(self())) {
                problem = "parties do not name " + self();
            }
            if (problem == null && body.status() == PatrolStatus.DONE && (body.report() == null)) {
                problem = "a patrol held (DONE) needs a short report";
            }
            if (problem == null && held != null) {
                PatrolStatus was = PatrolStatus.valueOf(statusOf(held));
                if (was != PatrolStatus.PLANNED && was != body.status()) {
                    problem = "the patrol is " + was + " already; nothing follows";
                }
            }
            if (problem != null) {
                throw new UnreadablePayloadException("invalid patrol: " + problem);
            }
        }

        private String statusOf(DirectoryStore.Row held) {
            try {
                return json.readTree(held.body()).path("status").asText();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("unreadable patrol " + held.id(), e);
            }
        }
    }
}
