package org.borderpolice.intel;

import java.time.Instant;

/** 预警状态. Derived, not stored: expiry happens on every side at the same moment. */
public enum AlertStatus {
    ACTIVE,
    REVOKED,
    EXPIRED;

    public static AlertStatus of(Instant revokedAt, Instant validUntil, Instant now) {
        if (revokedAt != null) {
            return REVOKED;
        }
        if (validUntil != null && !validUntil.isAfter(now)) {
            return EXPIRED;
        }
        return ACTIVE;
    }
}
