package org.borderpolice.federation.inbox;

import java.util.List;

/**
 * A bean that keeps replicas of several record types it only learns at start-up, such as the
 * transfer handshake's offers and answers, one pair per transferable record type
 * ({@code org.borderpolice.federation.transfer}). The inbox takes its appliers beside the
 * {@link RecordApplier} beans; one record type still has one applier.
 */
public interface RecordApplierSource {

    List<RecordApplier> appliers();
}
