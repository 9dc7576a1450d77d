package org.borderpolice.shapefixture.inbox;

import java.util.List;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;

/** Breaks "appliers reside in service". */
public class CaseApplier implements RecordApplier {
    @Override
    public String recordType() {
        return "cases.case";
    }

    @Override
    public void apply(List<ReplicaChange> changes) {}
}
