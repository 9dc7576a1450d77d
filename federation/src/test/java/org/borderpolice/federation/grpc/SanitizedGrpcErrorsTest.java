package org.borderpolice.federation.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.problem.ProblemException;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusException;

/** What a partner is told when a call fails: a status it can act on, and nothing of our internals. */
class SanitizedGrpcErrorsTest {

    final SanitizedGrpcErrors errors = new SanitizedGrpcErrors(null);

    @Test
    void overloadIsUnavailableSoThePartnerRetries() {
        StatusException status = errors.toStatus(
                new IllegalStateException("could not read", new SQLException("Sorry, acquisition timeout!")),
                "test/Method");
        assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode());
        assertFalse(
                status.getStatus().getDescription().contains("acquisition"),
                status.getStatus().getDescription());
        assertTrue(status.getStatus().getDescription().contains("error id"));
    }

    @Test
    void aValueTheDatabaseCannotHoldIsInvalidArgumentWithoutTheStatement() {
        StatusException status = errors.toStatus(
                new IllegalStateException(new SQLException(
                        "ERROR: value too long for type character varying(6) in INSERT INTO hit_check_log", "22001")),
                "test/Method");
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getStatus().getCode());
        assertFalse(status.getStatus().getDescription().contains("INSERT"));
    }

    @Test
    void aRefusalOfServiceCodeIsItsKindsStatusWithItsMessage() {
        assertRefusal(Status.Code.INVALID_ARGUMENT, new InvalidProblem("1 to 100 identifiers"));
        assertRefusal(Status.Code.PERMISSION_DENIED, new ForbiddenProblem("not a partner"));
        assertRefusal(Status.Code.NOT_FOUND, new NotFoundProblem("no visible alert x"));
        assertRefusal(Status.Code.FAILED_PRECONDITION, new ConflictProblem("already answered"));
        assertRefusal(Status.Code.RESOURCE_EXHAUSTED, new LimitReachedProblem("daily quota of 5 identifiers used up"));
        for (ProblemException.Kind kind : ProblemException.Kind.values()) {
            assertFalse(SanitizedGrpcErrors.codeOf(kind) == Status.Code.INTERNAL, kind::name);
        }
    }

    private void assertRefusal(Status.Code code, ProblemException refusal) {
        StatusException status = errors.toStatus(refusal, "test/Method");
        assertEquals(code, status.getStatus().getCode());
        assertEquals(refusal.getMessage(), status.getStatus().getDescription());
        assertEquals(code, SanitizedGrpcErrors.codeOf(refusal.kind()));
    }
}
