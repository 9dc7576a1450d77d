package org.borderpolice.federation.hitcheck;

import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.grpc.SanitizedGrpcErrors;
import org.borderpolice.federation.problem.ProblemException;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The audit of partners' refused checks, bounded: a refused request may be as large as the
 * contract allows (100 identifiers under 8 key versions) or larger, and comes as fast as the
 * partner sends it. So a refusal is audited with why, who and how much, never with the hashes it
 * carried; and per partner, kind (status and reason) and minute, the first is audited on its own
 * and the others are counted, then audited as one entry once the minute is over
 * ({@code hitcheck.refused}, "N more refusals in the minute from …"). Refusals do not count
 * against the partner's quota.
 */
@ApplicationScoped
public class HitCheckRefusals {

    private static final Logger LOG = Logger.getLogger(HitCheckRefusals.class);
    private static final String ACTION = "hitcheck.refused";

    @Inject
    HitCheckRecords records;

    @Inject
    AuditLog auditLog;

    @Inject
    HitChecks hitChecks;

    /** A check of {@code peer} was refused; audited with the status the partner is answered. */
    void refused(String peer, String actor, ProblemException refusal, HitCheckRequest request) {
        String reason = HitChecks.clean(SanitizedGrpcErrors.codeOf(refusal.kind()) + ": " + refusal.getMessage(), 280);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (records.countRefusal(peer, reason) == 1) {
                    records.durableCommit();
                    auditLog.append(new AuditEntry(
                            actor,
                            peer,
                            ACTION,
                            hitChecks.auditType(),
                            checkReference(request),
                            reason + "; " + request.getIdentifiersCount() + " identifiers, roles "
                                    + HitChecks.clean(String.join(",", request.getRequesterRolesList()), 200)
                                    + ", unit " + HitChecks.clean(request.getRequestingUnit(), 100)
                                    + "; the hashes are not kept; refusals of this kind from " + peer
                                    + " later in this minute are counted and audited together"));
                }
            });
        } catch (RuntimeException e) {
            // the check is refused all the same; what could not be counted is in our log
            LOG.warnf(e, "refused hit check of %s (%s) could not be counted", peer, reason);
        }
    }

    /** The counts of minutes that are over, one audit entry per partner, minute and kind that repeated. */
    @Scheduled(
            identity = "hit-check-refusals",
            every = "15s",
            delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void auditRepeats() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (HitCheckRecords.Refusals r : records.takeRefusalsOfPastMinutes()) {
                    if (r.refusals() > 1) {
                        auditLog.append(new AuditEntry(
                                "peer:" + r.partner(),
                                r.partner(),
                                ACTION,
                                hitChecks.auditType(),
                                null,
                                r.reason() + ": " + (r.refusals() - 1) + " more refusals in the minute from "
                                        + r.minute().atOffset(ZoneOffset.ofHours(8))
                                        + " (the first audited on its own)"));
                    }
                }
            });
        } catch (RuntimeException e) {
            // the counts stay until the next run
            LOG.warnf(e, "counts of refused hit checks not audited yet, will try again");
        }
    }

    /** The request's check id, if it is one (a refused request's may be anything). */
    private static String checkReference(HitCheckRequest request) {
        try {
            UUID id = UUID.fromString(request.getCheckId());
            return id.toString().equals(request.getCheckId()) ? request.getCheckId() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
