package org.borderpolice.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AlertRulesTest {

    @Test
    void handlingCodesOpenToTheirRolesOnly() {
        assertEquals(EnumSet.of(HandlingCode.GENERAL), HandlingCode.visibleTo(Set.of("mediator")));
        assertEquals(
                EnumSet.of(HandlingCode.GENERAL, HandlingCode.RESTRICTED),
                HandlingCode.visibleTo(Set.of("investigator")));
        assertEquals(EnumSet.allOf(HandlingCode.class), HandlingCode.visibleTo(Set.of("analyst")));
        assertTrue(HandlingCode.visibleTo(Set.of("peer")).isEmpty());
        assertTrue(HandlingCode.visibleTo(Set.of()).isEmpty());
        assertFalse(HandlingCode.HIT_ONLY.takesDistribution());
        assertTrue(HandlingCode.CONFIDENTIAL.takesDistribution());
    }

    @Test
    void aHitOnlyAlertIsNoWarningToAcknowledge() {
        AcknowledgementRule rule =
                new AcknowledgementRule(java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(60));
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
    void statusIsDerivedFromRevocationAndValidity() {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        assertEquals(AlertStatus.ACTIVE, AlertStatus.of(null, null, now));
        assertEquals(AlertStatus.ACTIVE, AlertStatus.of(null, now.plusSeconds(1), now));
        assertEquals(AlertStatus.EXPIRED, AlertStatus.of(null, now, now));
        assertEquals(AlertStatus.REVOKED, AlertStatus.of(now.minusSeconds(5), now.plusSeconds(60), now));
    }
}
