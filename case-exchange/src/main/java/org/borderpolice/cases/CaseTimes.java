package org.borderpolice.cases;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times as the database keeps them (microseconds): a time held in memory then equals the one
 * read back and the one a partner stores, so that keyset cursors and orders agree everywhere.
 */
public final class CaseTimes {

    private CaseTimes() {}

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
