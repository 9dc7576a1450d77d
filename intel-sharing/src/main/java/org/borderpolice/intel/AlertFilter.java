package org.borderpolice.intel;

import java.time.Instant;

/** Filters of the analyst query (预警检索条件); null means "any". */
public record AlertFilter(Severity severity, AlertCategory category, String origin, AlertStatus status,
        Instant activeAt) {
}
