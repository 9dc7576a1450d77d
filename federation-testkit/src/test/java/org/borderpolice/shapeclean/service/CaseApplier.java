package org.borderpolice.shapeclean.service;

import java.util.List;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;

public class CaseApplier implements RecordApplier {
    @Override
    public String recordType() {
        return "cases.case";
    }

    @Override
    public void apply(List<ReplicaChange> changes) {}
}
