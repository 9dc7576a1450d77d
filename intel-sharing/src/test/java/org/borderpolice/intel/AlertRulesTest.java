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
        assertFalse(HandlingCode.HIT_ONLY.replicated());
        assertTrue(HandlingCode.CONFIDENTIAL.replicated());
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
