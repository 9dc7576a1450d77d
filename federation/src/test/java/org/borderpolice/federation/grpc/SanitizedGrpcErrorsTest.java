package org.borderpolice.federation.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusException;

/** What a partner is told when a call fails: a status it can act on, and nothing of our internals. */
class SanitizedGrpcErrorsTest {

    final SanitizedGrpcErrors errors = new SanitizedGrpcErrors(null);

    @Test
    void overloadIsUnavailableSoThePartnerRetries() {
        StatusException status = errors.toStatus(new IllegalStateException("could not read",
                new SQLException("Sorry, acquisition timeout!")), "test/Method");
        assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode());
        assertFalse(status.getStatus().getDescription().contains("acquisition"), status.getStatus().getDescription());
        assertTrue(status.getStatus().getDescription().contains("error id"));
    }

    @Test
    void aValueTheDatabaseCannotHoldIsInvalidArgumentWithoutTheStatement() {
        StatusException status = errors.toStatus(new IllegalStateException(new SQLException(
                "ERROR: value too long for type character varying(6) in INSERT INTO hit_check_log", "22001")),
                "test/Method");
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getStatus().getCode());
        assertFalse(status.getStatus().getDescription().contains("INSERT"));
    }
}
