package org.borderpolice.federation.replication;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

class PayloadProblemsTest {

    @Test
    void textFollowsTheRulesOfRestInput() {
        // an unpaired surrogate or a C1 control is refused, as in a REST body
        assertNotNull(PayloadProblems.textProblem("标题\ud800", 200, true, false));
        assertNotNull(PayloadProblems.textProblem("标题\u0085", 200, true, false));
        // line breaks only where the field is multi-line
        assertNull(PayloadProblems.textProblem("第一行\n第二行", 200, true, true));
        assertNotNull(PayloadProblems.textProblem("第一行\n第二行", 200, true, false));
        assertEquals("must not be blank", PayloadProblems.textProblem(" ", 200, true, false));
        assertNull(PayloadProblems.textProblem("", 200, false, false));
        assertEquals("must have at most 2 characters", PayloadProblems.textProblem("江山市", 2, true, false));
    }

    @Test
    void nothingFoundRefusesNothing() {
        assertDoesNotThrow(() -> new PayloadProblems("alert")
                .require(true, "id", "differs")
                .text("title", "预警", 200, true, false)
                .add("body", null)
                .throwIfAny());
    }

    @Test
    void theReasonNamesFieldsAndRulesNotValues() {
        UnreadablePayloadException e = assertThrows(
                UnreadablePayloadException.class,
                () -> new PayloadProblems("sighting")
                        .require(false, "partner", "is not the sender")
                        .text("place", "秘密\u0000", 200, false, false)
                        .throwIfAny());
        assertTrue(
                e.getMessage().startsWith("invalid sighting: partner is not the sender; place must not contain"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("秘密"), e.getMessage());
    }

    @Test
    void atMostFiveProblemsAreListed() {
        PayloadProblems p = new PayloadProblems("alert");
        for (int i = 0; i < 7; i++) {
            p.add("f" + i, "is wrong");
        }
        UnreadablePayloadException e = assertThrows(UnreadablePayloadException.class, p::throwIfAny);
        assertTrue(e.getMessage().contains("f4 is wrong"), e.getMessage());
        assertTrue(!e.getMessage().contains("f5"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(and 2 more)"), e.getMessage());
    }

    @Test
    void idsMustBeCanonicalUuids() throws UnreadablePayloadException {
        UUID id = UUID.randomUUID();
        assertEquals(id, PayloadProblems.uuid("record_id", id.toString()));
        for (String bad : new String[] {"x", id.toString().toUpperCase(), "1-1-1-1-1", ""}) {
            UnreadablePayloadException e =
                    assertThrows(UnreadablePayloadException.class, () -> PayloadProblems.uuid("record_id", bad), bad);
            assertEquals("record_id is not a UUID in canonical form", e.getMessage());
        }
    }

    @Test
    void aNewRecordCarriesAnIdItsSenderCreated() {
        UUID ours = RecordIds.create("330881");
        assertDoesNotThrow(() -> PayloadProblems.requireCreatedBy(ours, "330881", Optional.empty()));
        UnreadablePayloadException e = assertThrows(
                UnreadablePayloadException.class,
                () -> PayloadProblems.requireCreatedBy(ours, "350722", Optional.empty()));
        assertTrue(e.getMessage().contains("created by"), e.getMessage());
        // a legacy id (naming no one) only while the setting allows it
        UUID legacy = UUID.randomUUID();
        assertDoesNotThrow(() -> PayloadProblems.requireCreatedBy(
                legacy, "350722", Optional.of(Instant.now().plusSeconds(3600))));
        assertThrows(
                UnreadablePayloadException.class,
                () -> PayloadProblems.requireCreatedBy(
                        legacy, "350722", Optional.of(Instant.now().minusSeconds(1))));
    }
}
