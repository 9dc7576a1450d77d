package org.borderpolice.federation.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.proto.common.v1.SubjectKind;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

class TypedApplierTest {

    /** Keeps what it was given, to compare. */
    static class Subjects extends TypedApplier<Subject> {
        final List<Subject> checked = new ArrayList<>();
        final List<Typed<Subject>> applied = new ArrayList<>();

        Subjects() {
            super(Subject.class);
        }

        @Override
        public String recordType() {
            return "test.subject";
        }

        @Override
        protected void check(ReplicaChange change, Subject message) throws UnreadablePayloadException {
            if (message != null && message.getKind() == SubjectKind.SUBJECT_KIND_UNSPECIFIED) {
                throw new UnreadablePayloadException("kind is required");
            }
            checked.add(message);
        }

        @Override
        protected void applyTyped(List<Typed<Subject>> changes) {
            applied.addAll(changes);
        }
    }

    static ReplicaChange change(Any payload) {
        return new ReplicaChange(
                "350722",
                "test.subject",
                "r1",
                1,
                Instant.now(),
                List.of("330881", "350722"),
                payload == null,
                payload);
    }

    @Test
    void checkAndApplySeeTheSameDecodedMessage() throws Exception {
        Subjects applier = new Subjects();
        Subject sent = Subject.newBuilder()
                .setKind(SubjectKind.VEHICLE)
                .setValue("浙H12345")
                .build();
        // as it comes off the wire: bytes, not the sender's object
        ReplicaChange change = change(Any.parseFrom(Any.pack(sent).toByteString()));
        applier.check(change);
        applier.apply(List.of(change));
        assertEquals(sent, applier.checked.get(0));
        assertSame(applier.checked.get(0), applier.applied.get(0).message(), "decoded once");
        assertSame(change, applier.applied.get(0).change());
    }

    @Test
    void aTombstoneHasNoMessage() throws UnreadablePayloadException {
        Subjects applier = new Subjects();
        ReplicaChange tombstone = change(null);
        applier.check(tombstone);
        applier.apply(List.of(tombstone));
        assertNull(applier.checked.get(0));
        assertTrue(applier.applied.get(0).tombstone());
        assertNull(applier.applied.get(0).message());
    }

    @Test
    void anotherTypeOrUnreadableBytesAreRefusedBeforeTheCheck() {
        Subjects applier = new Subjects();
        UnreadablePayloadException other = assertThrows(
                UnreadablePayloadException.class,
                () -> applier.check(change(Any.pack(Timestamp.getDefaultInstance()))));
        assertEquals("not a border.common.v1.Subject", other.getMessage());
        Any garbage = Any.newBuilder()
                .setTypeUrl("type.googleapis.com/border.common.v1.Subject")
                .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff}))
                .build();
        UnreadablePayloadException unreadable =
                assertThrows(UnreadablePayloadException.class, () -> applier.check(change(garbage)));
        assertEquals("not a border.common.v1.Subject", unreadable.getMessage());
        assertTrue(applier.checked.isEmpty());
    }

    @Test
    void theSubclassRefusesWhatItMustNeverStore() {
        Subjects applier = new Subjects();
        UnreadablePayloadException e = assertThrows(
                UnreadablePayloadException.class,
                () -> applier.check(
                        change(Any.pack(Subject.newBuilder().setValue("x").build()))));
        assertEquals("kind is required", e.getMessage());
    }
}
