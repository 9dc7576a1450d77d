package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.junit.jupiter.api.Test;

/** A session is held with its outcome or cancelled with a reason, and then does not change. */
class SessionRulesTest {

    @Test
    void aScheduledSessionIsHeldWithAnOutcomeOrCancelledWithAReason() {
        assertDoesNotThrow(() -> SessionRules.requireChange(
                SessionStatus.SCHEDULED, SessionStatus.HELD, SessionOutcome.AGREEMENT, null));
        assertDoesNotThrow(
                () -> SessionRules.requireChange(SessionStatus.SCHEDULED, SessionStatus.CANCELLED, null, "当事人未到场"));
        assertThrows(
                InvalidProblem.class,
                () -> SessionRules.requireChange(SessionStatus.SCHEDULED, SessionStatus.HELD, null, null));
        assertThrows(
                InvalidProblem.class,
                () -> SessionRules.requireChange(SessionStatus.SCHEDULED, SessionStatus.CANCELLED, null, " "));
        assertThrows(
                InvalidProblem.class,
                () -> SessionRules.requireChange(
                        SessionStatus.SCHEDULED, SessionStatus.CANCELLED, SessionOutcome.AGREEMENT, "改期"));
    }

    @Test
    void heldAndCancelledSessionsDoNotChange() {
        for (SessionStatus done : new SessionStatus[] {SessionStatus.HELD, SessionStatus.CANCELLED}) {
            assertThrows(
                    ConflictProblem.class,
                    () -> SessionRules.requireChange(done, SessionStatus.CANCELLED, null, "再取消"));
            assertThrows(
                    ConflictProblem.class,
                    () -> SessionRules.requireChange(done, SessionStatus.HELD, SessionOutcome.NO_AGREEMENT, null));
            assertThrows(ConflictProblem.class, () -> SessionRules.requireScheduled(done));
        }
        assertThrows(
                ConflictProblem.class,
                () -> SessionRules.requireChange(SessionStatus.SCHEDULED, SessionStatus.SCHEDULED, null, null));
        assertDoesNotThrow(() -> SessionRules.requireScheduled(SessionStatus.SCHEDULED));
    }
}
