package org.borderpolice.federation.replication;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.testing.TestConfigs;
import org.borderpolice.federation.trust.TrustList;
import org.junit.jupiter.api.Test;

class PartnerContributionsTest {

    record Shared(String origin, Collection<String> sharedWith) implements SharedRecord {}

    static PartnerContributions atJiangshan() {
        PartnerContributions c = new PartnerContributions();
        c.trustList = new TrustList(TestConfigs.jiangshan(Map.of()));
        return c;
    }

    static BorderPrincipal user(String jurisdiction, String... roles) {
        return new BorderPrincipal(jurisdiction, null, Set.of(roles), "officer");
    }

    @Test
    void ourUsersWithAContributingRoleContributeToPartnersRecordsOnly() {
        PartnerContributions c = atJiangshan();
        String[] roles = {BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER};
        assertDoesNotThrow(() -> c.requireContributor(user("330881", "analyst"), "report", roles));
        assertEquals(
                "only users of 330881 report here",
                assertThrows(
                                ForbiddenProblem.class,
                                () -> c.requireContributor(user("350722", "analyst"), "report", roles))
                        .getMessage());
        assertEquals(
                "report needs role investigator, analyst or commander",
                assertThrows(
                                ForbiddenProblem.class,
                                () -> c.requireContributor(user("330881", "mediator"), "report", roles))
                        .getMessage());
        Shared theirs = new Shared("350722", List.of("330881"));
        assertSame(theirs, c.requireTheirs(theirs, "alerts", "report"));
        assertEquals(
                "only partners' alerts are the subject of: report",
                assertThrows(
                                ConflictProblem.class,
                                () -> c.requireTheirs(new Shared("330881", List.of()), "alerts", "report"))
                        .getMessage());
    }

    @Test
    void atTheOriginTheRecordMustBeOursAndSharedWithTheSender() throws UnreadablePayloadException {
        PartnerContributions c = atJiangshan();
        Shared ours = new Shared("330881", List.of("350722"));
        assertSame(ours, c.requireOursSharedWith(ours, "alert_id", "alert", "a1", "350722"));
        assertEquals(
                "alert a1 of 330881 is not shared with 361123",
                assertThrows(
                                UnreadablePayloadException.class,
                                () -> c.requireOursSharedWith(ours, "alert_id", "alert", "a1", "361123"))
                        .getMessage());
        assertEquals(
                "alert_id names no alert of 330881",
                assertThrows(
                                UnreadablePayloadException.class,
                                () -> c.requireOurs(new Shared("350722", List.of("330881")), "alert_id", "alert"))
                        .getMessage());
        assertThrows(UnreadablePayloadException.class, () -> c.requireOurs(null, "alert_id", "alert"));
    }

    @Test
    void onlyItsMakerChangesAContribution() {
        assertDoesNotThrow(() -> PartnerContributions.requireMadeBy(null, "350722", "sighting", "s1"));
        assertDoesNotThrow(() -> PartnerContributions.requireMadeBy("350722", "350722", "sighting", "s1"));
        assertEquals(
                "sighting s1 belongs to 350722, not to the sender 361123",
                assertThrows(
                                UnreadablePayloadException.class,
                                () -> PartnerContributions.requireMadeBy("350722", "361123", "sighting", "s1"))
                        .getMessage());
    }
}
