package org.borderpolice.federation.replication;

import java.util.Collection;

/**
 * A record its origin shares with partners, which may contribute records of their own about it
 * (an alert: acknowledgements, sightings; a case: answers).
 */
public interface SharedRecord {

    /** The jurisdiction that owns the record. */
    String origin();

    /** The partners it is really shared with: only they may contribute to it. */
    Collection<String> sharedWith();
}
