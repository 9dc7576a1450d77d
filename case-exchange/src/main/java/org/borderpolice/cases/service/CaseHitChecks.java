package org.borderpolice.cases.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.repository.JoinRequestRepository;
import org.borderpolice.federation.hitcheck.HitCheckable;
import org.borderpolice.federation.hitcheck.HitChecks;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.numbering.RecordNumber;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The requesting side of hit/no-hit checks over joint cases (比对): the federation's check, and
 * the partners' cases it hit kept by number, since the follow-up, a request to join the case
 * (申请加入案件, {@link CaseJoins}), names the case by its number and is filed only after a hit.
 */
@ApplicationScoped
public class CaseHitChecks {

    @Inject
    HitChecks hitChecks;

    @Inject
    JoinRequestRepository requests;

    public HitChecks.Result check(BorderPrincipal caller, List<HitCheckable.Identifier> identifiers) {
        HitChecks.Result result = hitChecks.check(caller, identifiers);
        var partnerHits = result.hits().stream()
                .filter(h -> !h.local() && CaseSharing.CASE_TYPE.equals(h.recordType()))
                .toList();
        if (!partnerHits.isEmpty()) {
            // a short transaction of its own: the check itself called partners without holding one
            QuarkusTransaction.requiringNew().run(() -> {
                for (HitChecks.HitView h : partnerHits) {
                    RecordNumber number = RecordNumber.parse(h.summary().get(CaseHitCheckable.NUMBER));
                    UUID caseId;
                    try {
                        caseId = UUID.fromString(h.recordId());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    // the owner's summary was validated (readSummary); its number is the owner's own
                    if (number != null && number.origin().equals(h.owner())) {
                        requests.recordHit(result.checkId(), h.owner(), caseId, number.toString(), caller.subject());
                    }
                }
            });
        }
        return result;
    }
}
