package org.borderpolice.federation.replication;

import java.util.Set;

/**
 * A distribution names codes that are not partners that may receive the record: 400
 * problem+json with one field error per code ({@link ReplicationProblemMappers}).
 */
public class InvalidDistributionException extends RuntimeException {

    /** What users call the records ("alerts"). */
    public final String records;

    public final Set<String> codes;

    public InvalidDistributionException(String records, Set<String> codes) {
        super("not partners that may receive " + records + ": " + String.join(", ", codes));
        this.records = records;
        this.codes = Set.copyOf(codes);
    }
}
