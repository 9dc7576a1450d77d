package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The status machine of a dispute, consent, risk and languages, without a container. */
class DisputeRulesTest {

    static Dispute dispute(DisputeStatus status, boolean consent) {
        Dispute d = new Dispute();
        d.status = status;
        d.consent = consent;
        return d;
    }

    @Test
    void theWayFromIntakeToResolution() {
        Dispute d = dispute(DisputeStatus.RECEIVED, true);
        Instant t = Instant.parse("2026-03-01T02:00:00Z");
        for (DisputeStatus to : List.of(DisputeStatus.MEDIATING, DisputeStatus.AGREED, DisputeStatus.RESOLVED)) {
            d.changeStatus(to, t);
            assertEquals(to, d.status);
            assertEquals(t, d.statusChangedAt);
        }
        assertTrue(d.status.isFinal());
        assertThrows(IllegalStateException.class, () -> d.changeStatus(DisputeStatus.MEDIATING, t));
    }

    @Test
    void mediationNeedsTheParties_consent() {
        Dispute d = dispute(DisputeStatus.RECEIVED, false);
        assertNotNull(d.statusProblem(DisputeStatus.MEDIATING));
        assertThrows(IllegalStateException.class, () -> d.changeStatus(DisputeStatus.MEDIATING, Instant.now()));
        assertEquals(DisputeStatus.RECEIVED, d.status);
        // ending it needs none
        assertNull(d.statusProblem(DisputeStatus.CLOSED));
    }

    @Test
    void failedMediationIsHandedUpOrClosed() {
        assertEquals(java.util.EnumSet.of(DisputeStatus.MEDIATING, DisputeStatus.CLOSED), DisputeStatus.FAILED.next());
        assertTrue(DisputeStatus.FAILED.needsReason(DisputeStatus.MEDIATING));
        assertTrue(DisputeStatus.MEDIATING.needsReason(DisputeStatus.FAILED));
        assertTrue(DisputeStatus.AGREED.needsReason(DisputeStatus.MEDIATING));
        assertFalse(DisputeStatus.RECEIVED.needsReason(DisputeStatus.MEDIATING));
        assertFalse(DisputeStatus.MEDIATING.needsReason(DisputeStatus.AGREED));
    }

    @Test
    void noStatusSkipsMediation() {
        assertFalse(DisputeStatus.RECEIVED.mayBecome(DisputeStatus.AGREED));
        assertFalse(DisputeStatus.RECEIVED.mayBecome(DisputeStatus.RESOLVED));
        assertFalse(DisputeStatus.WITHDRAWN.mayBecome(DisputeStatus.MEDIATING));
        assertFalse(DisputeStatus.RESOLVED.mayBecome(null));
    }

    @Test
    void riskOnlyRisesAndKeepsEachReasonOnce() {
        Dispute d = dispute(DisputeStatus.AGREED, true);
        d.riskLevel = RiskLevel.MEDIUM;
        assertTrue(d.raiseRisk(RiskLevel.HIGH, "分期款逾期"));
        assertEquals(RiskLevel.HIGH, d.riskLevel);
        assertFalse(d.raiseRisk(RiskLevel.LOW, "分期款逾期"));
        assertEquals(RiskLevel.HIGH, d.riskLevel);
        assertEquals(List.of("分期款逾期"), d.riskReasons);
    }

    @Test
    void riskReasonsKeepTheNewestWithinTheLimitEveryReceiverEnforces() {
        Dispute d = dispute(DisputeStatus.AGREED, true);
        for (int n = 1; n <= DisputeFields.RISK_REASONS + 4; n++) {
            assertTrue(d.raiseRisk(RiskLevel.MEDIUM, "第" + n + "期分期履行逾期"));
        }
        assertEquals(DisputeFields.RISK_REASONS, d.riskReasons.size());
        assertEquals("第5期分期履行逾期", d.riskReasons.get(0));
        assertEquals("第" + (DisputeFields.RISK_REASONS + 4) + "期分期履行逾期", d.riskReasons.getLast());
    }

    @Test
    void partiesOfTwoJurisdictionsMakeACrossBorderDispute() {
        Dispute d = dispute(DisputeStatus.RECEIVED, true);
        d.origin = "330881";
        d.parties.add(party("330881", "zh"));
        assertFalse(d.crossBorder());
        d.parties.add(party("350722", "vi"));
        assertTrue(d.crossBorder());
        d.involved.addAll(List.of("330881", "350722", "361103"));
        assertEquals(java.util.Set.of("350722", "361103"), d.sharedWith());
        assertTrue(d.parties.get(1).needsInterpreting());
        assertFalse(d.parties.get(0).needsInterpreting());
    }

    @Test
    void languagesCompareByTheirPrimaryLanguage() {
        assertEquals("zh-CN", Languages.normalise("zh-cn"));
        assertNull(Languages.normalise("not a tag!"));
        assertTrue(Languages.speaks("vi-VN", "vi"));
        assertFalse(Languages.speaks("en", "vi"));
        assertTrue(Languages.isChinese("yue"));
        assertFalse(Languages.isChinese("ko"));
    }

    static DisputeParty party(String code, String language) {
        DisputeParty p = new DisputeParty();
        p.jurisdiction = code;
        p.preferredLanguage = language;
        p.kind = PartyKind.PERSON;
        p.role = PartyRole.APPLICANT;
        return p;
    }
}
