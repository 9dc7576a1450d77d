package org.borderpolice.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AlertRulesTest {

    @Test
    void handlingCodesOpenToTheirRolesOnly() {
        assertEquals(EnumSet.of(HandlingCode.GENERAL), HandlingCode.visibleTo(Set.of("mediator")));
        assertEquals(EnumSet.of(HandlingCode.GENERAL, HandlingCode.RESTRICTED),
                HandlingCode.visibleTo(Set.of("investigator")));
        assertEquals(EnumSet.allOf(HandlingCode.class), HandlingCode.visibleTo(Set.of("analyst")));
        assertTrue(HandlingCode.visibleTo(Set.of("peer")).isEmpty());
        assertTrue(HandlingCode.visibleTo(Set.of()).isEmpty());
        assertFalse(HandlingCode.HIT_ONLY.takesDistribution());
        assertTrue(HandlingCode.CONFIDENTIAL.takesDistribution());
    }

    @Test
    void aHitOnlyAlertIsNoWarningToAcknowledge() {
        AcknowledgementRule rule = new AcknowledgementRule(java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(60));
        Alert alert = new Alert();
        alert.severity = Severity.RED;
        alert.publishedAt = Instant.parse("2026-11-23T08:00:00Z");
        alert.handling = HandlingCode.CONFIDENTIAL;
        assertEquals(Instant.parse("2026-11-23T08:15:00Z"), rule.deadline(alert).orElseThrow());
        alert.handling = HandlingCode.HIT_ONLY;
        assertTrue(rule.deadline(alert).isEmpty());
        assertFalse(rule.overdue(alert, null, Instant.parse("2026-11-24T08:00:00Z")));
    }

    @Test
    void replicasKeepTheTimeRangeOfRestInput() {
        // REST input takes 1900-01-01 up to 2200 (exclusive): so does a replica
        assertNull(FieldRules.timestampProblem(true, seconds(Instant.parse("1999-06-01T00:00:00Z"))));
        assertNull(FieldRules.timestampProblem(true, seconds(Instant.parse("1900-01-01T00:00:00Z"))));
        assertNull(FieldRules.timestampProblem(true, seconds(Instant.parse("2199-12-31T23:59:59Z"))));
        assertNotNull(FieldRules.timestampProblem(true, seconds(Instant.parse("1899-12-31T23:59:59Z"))));
        assertNotNull(FieldRules.timestampProblem(true, seconds(Instant.parse("2200-01-01T00:00:00Z"))));
        assertNotNull(FieldRules.timestampProblem(false, null));
        // and its text rules: an unpaired surrogate is refused, as in a REST body
        assertNotNull(FieldRules.textProblem("标题\ud800", 200, true, false));
        assertNotNull(FieldRules.textProblem("标题\u0085", 200, true, false));
        assertNull(FieldRules.textProblem("第一行\n第二行", 200, true, true));
        assertNotNull(FieldRules.textProblem("第一行\n第二行", 200, true, false));
    }

    static com.google.protobuf.Timestamp seconds(Instant at) {
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(at.getEpochSecond()).build();
    }

    @Test
    void statusIsDerivedFromRevocationAndValidity() {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        assertEquals(AlertStatus.ACTIVE, AlertStatus.of(null, null, now));
        assertEquals(AlertStatus.ACTIVE, AlertStatus.of(null, now.plusSeconds(1), now));
        assertEquals(AlertStatus.EXPIRED, AlertStatus.of(null, now, now));
        assertEquals(AlertStatus.REVOKED, AlertStatus.of(now.minusSeconds(5), now.plusSeconds(60), now));
    }

    @Test
    void subjectsAreCheckedAndNormalisedByKind() {
        assertNull(SubjectKind.PERSON.problem("11010519491231002x"));
        assertEquals("11010519491231002X", SubjectKind.PERSON.normalise("11010519491231002x"));
        assertNotNull(SubjectKind.PERSON.problem("110105194912310021"));
        assertNull(SubjectKind.VEHICLE.problem("浙h 12345"));
        assertEquals("浙H12345", SubjectKind.VEHICLE.normalise("浙h 12345"));
        assertNull(SubjectKind.PHONE.problem("+86 138 0013 8000"));
        assertEquals("13800138000", SubjectKind.PHONE.normalise("+86 138 0013 8000"));
        assertNull(SubjectKind.BANK_ACCOUNT.problem("6222 0212 3456 7890 123"));
        assertNotNull(SubjectKind.BANK_ACCOUNT.problem("12345"));
    }

    @Test
    void cursorsRoundTripAndRejectGarbage() {
        AlertCursor cursor = new AlertCursor(Instant.parse("2026-11-23T08:00:00.123456Z"), UUID.randomUUID());
        assertEquals(cursor, AlertCursor.decode(cursor.encode()));
        assertThrows(IllegalArgumentException.class, () -> AlertCursor.decode("garbage"));
        assertThrows(IllegalArgumentException.class, () -> AlertCursor.decode(""));
    }
}
