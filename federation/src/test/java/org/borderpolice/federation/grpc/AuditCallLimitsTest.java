package org.borderpolice.federation.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A partner's audit calls (Prove, HeldHeads, HoldCheckpoint) each take a connection of the
 * background pool: a few at a time per partner and a rate per partner, RESOURCE_EXHAUSTED beyond, so
 * partners cannot hold the pool the linker, the vacuum and the refused-access writer need (final
 * review #4).
 */
class AuditCallLimitsTest {

    @Test
    void oneCallAtATimePerPartner() {
        AuditCallLimits limits = new AuditCallLimits(1, 100, Duration.ofMinutes(1));
        AuditCallLimits.Permit first = limits.take("350722");
        StatusRuntimeException busy = assertThrows(StatusRuntimeException.class, () -> limits.take("350722"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.getStatus().getCode());
        // another partner is not held up by this one
        limits.take("361103").release();
        first.release();
        first.release(); // releasing twice gives back one permit only
        limits.take("350722");
        assertThrows(StatusRuntimeException.class, () -> limits.take("350722"));
    }

    @Test
    void twoAtATimeByDefault() {
        AuditCallLimits limits = new AuditCallLimits();
        limits.take("350722");
        limits.take("350722");
        assertEquals(
                Status.Code.RESOURCE_EXHAUSTED,
                assertThrows(StatusRuntimeException.class, () -> limits.take("350722"))
                        .getStatus()
                        .getCode());
    }

    @Test
    void aRatePerPartner() {
        AuditCallLimits limits = new AuditCallLimits(1, 5, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            limits.take("350722").release();
        }
        StatusRuntimeException over = assertThrows(StatusRuntimeException.class, () -> limits.take("350722"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, over.getStatus().getCode());
        // a refusal holds no permit
        limits.take("361103").release();
    }
}
