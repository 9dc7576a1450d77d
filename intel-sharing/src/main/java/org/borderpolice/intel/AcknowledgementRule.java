package org.borderpolice.intel;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which alerts partners must acknowledge, and by when: RED and ORANGE ones, within a deadline
 * counted from publication (defaults RED 15 min, ORANGE 60 min); never HIT_ONLY ones, which a
 * partner holds because it asked for them, not as a warning.
 */
public record AcknowledgementRule(Duration red, Duration orange) {

    /** The deadline for partners to acknowledge this alert, if it needs acknowledging. */
    public Optional<Instant> deadline(Alert alert) {
        return alert.handling.warns() ? deadline(alert.severity, alert.publishedAt) : Optional.empty();
    }

    /** The deadline for partners to acknowledge a warning of this severity, if it needs acknowledging. */
    public Optional<Instant> deadline(Severity severity, Instant publishedAt) {
        return switch (severity) {
            case RED -> Optional.of(publishedAt.plus(red));
            case ORANGE -> Optional.of(publishedAt.plus(orange));
            default -> Optional.empty();
        };
    }

    /** Overdue: required, not acknowledged, deadline passed, and the alert still active. */
    public boolean overdue(Alert alert, Instant acknowledgedAt, Instant now) {
        return acknowledgedAt == null
                && alert.status(now) == AlertStatus.ACTIVE
                && deadline(alert).map(d -> d.isBefore(now)).orElse(false);
    }
}
