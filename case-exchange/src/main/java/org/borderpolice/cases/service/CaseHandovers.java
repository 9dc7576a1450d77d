package org.borderpolice.cases.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.transfer.RecordLinks;
import org.borderpolice.federation.transfer.TransferView;
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.trust.TrustList;

/**
 * Where a case stands in transfers (先受理后移交), for whoever sees it: the case it continues and the
 * case that continues it (with that case's number and status when the caller sees it here: the
 * first bureau follows the outcome), the time to acceptance, and, for the owner's users, the
 * offers made of it with their answers (a decline's reason included).
 */
@ApplicationScoped
public class CaseHandovers {

    @Inject
    CaseService cases;

    @Inject
    CaseRepository repository;

    @Inject
    CaseTransfers caseTransfers;

    @Inject
    Transfers transfers;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    /** A linked case: where it is, whether both sides confirm the link, and what the caller sees of it here. */
    public record Linked(RecordLinks.Link link, Optional<JointCase> visible) {}

    /** A case's transfers as seen by the caller. */
    public record Handover(
            JointCase c,
            Linked predecessor,
            Linked successor,
            List<CaseTransfers.Accepted> accepted,
            List<TransferView> offers) {}

    /** 404 for a case the caller does not see; audited under the caller's jurisdiction, found or not. */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Handover of(BorderPrincipal caller, UUID id) {
        JointCase c;
        try {
            c = cases.visible(caller, id);
        } catch (NotFoundProblem e) {
            audit(caller, id, CaseService.NOT_FOUND);
            throw e;
        }
        RecordLinks links =
                transfers.links(caller.subject(), caller.jurisdiction(), CaseSharing.CASE_TYPE, c.origin, c.recordId());
        List<TransferView> offers = new ArrayList<>();
        // offers and their answers are the owner's business: its own users only
        if (c.origin.equals(trustList.selfCode()) && caller.jurisdiction().equals(c.origin)) {
            for (UUID offerId : transfers.offersOf(CaseSharing.CASE_TYPE, c.recordId())) {
                transfers.get(caller.subject(), c.origin, offerId).ifPresent(offers::add);
            }
        }
        audit(
                caller,
                id,
                c.number
                        + (links.predecessor() == null
                                ? ""
                                : " continues " + links.predecessor().recordId())
                        + (links.successor() == null
                                ? ""
                                : " continued as " + links.successor().recordId()) + ", "
                        + offers.size() + " offer(s)");
        return new Handover(
                c,
                linked(caller, links.predecessor()),
                linked(caller, links.successor()),
                caseTransfers.acceptedOf(c.id),
                offers);
    }

    private void audit(BorderPrincipal caller, UUID id, String detail) {
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.handover.read",
                CaseService.CASE_TYPE,
                id.toString(),
                detail));
    }

    private Linked linked(BorderPrincipal caller, RecordLinks.Link link) {
        if (link == null) {
            return null;
        }
        Optional<JointCase> visible = Optional.empty();
        try {
            UUID id = UUID.fromString(link.recordId());
            visible = repository.findVisible(id, caller.jurisdiction()).filter(c -> c.origin.equals(link.origin()));
        } catch (IllegalArgumentException e) {
            // a partner's id that is no UUID names no case of ours
        }
        return new Linked(link, visible);
    }
}
