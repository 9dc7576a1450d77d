package org.borderpolice.federation.replication;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.trust.TrustList;

import com.google.protobuf.Message;

/**
 * The rules of contributions: records a partner owns about a record we own (acknowledgements,
 * sightings, answers), and ours about a partner's. A contribution belongs to the jurisdiction
 * that made it: only that one changes or deletes it, and it goes to the shared record's origin
 * only. At the contributor, only its own users with a contributing role contribute, and only to
 * partners' records; at the origin, the record must be ours and really shared with the sender,
 * or the contribution is refused for good.
 */
@ApplicationScoped
public class PartnerContributions {

    @Inject
    TrustList trustList;

    @Inject
    RecordPublisher publisher;

    // --- at the contributor

    /**
     * A user of this jurisdiction with one of {@code roles} may contribute ({@code what}, for
     * the refusal: "acknowledge", "report").
     */
    public void requireContributor(BorderPrincipal caller, String what, String... roles) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " " + what + " here");
        }
        if (!caller.hasAnyRole(roles)) {
            throw new ForbiddenProblem(what + " needs role " + roleList(roles));
        }
    }

    /** Only partners' records take our contributions ({@code records}: "alerts"). */
    public <R extends SharedRecord> R requireTheirs(R record, String records, String what) {
        if (record.origin().equals(trustList.selfCode())) {
            throw new ConflictProblem("only partners' " + records + " are the subject of: " + what);
        }
        return record;
    }

    /** Send our contribution (its full state) to the origin of the record it is about. */
    public void send(String recordType, String recordId, long version, SharedRecord about, Message payload) {
        publisher.upsert(recordType, recordId, version, about.origin(), payload);
    }

    // --- at the origin, in an applier's check

    /**
     * The record a partner's contribution is about must be ours ({@code record} null: no such
     * record here). {@code field} names it in the refusal ("alert_id"), {@code record} says what
     * it is ("alert").
     */
    public <R extends SharedRecord> R requireOurs(R found, String field, String record)
            throws UnreadablePayloadException {
        if (found == null || !found.origin().equals(trustList.selfCode())) {
            throw new UnreadablePayloadException(field + " names no " + record + " of " + trustList.selfCode());
        }
        return found;
    }

    /** ... and really shared with the contributing partner. */
    public <R extends SharedRecord> R requireOursSharedWith(
            R found, String field, String record, Object id, String partner) throws UnreadablePayloadException {
        requireOurs(found, field, record);
        if (!found.sharedWith().contains(partner)) {
            throw new UnreadablePayloadException(
                    record + " " + id + " of " + trustList.selfCode() + " is not shared with " + partner);
        }
        return found;
    }

    /**
     * A contribution we hold is changed or deleted only by the partner that made it
     * ({@code heldBy} null: not held here yet).
     */
    public static void requireMadeBy(String heldBy, String sender, String what, Object id)
            throws UnreadablePayloadException {
        if (heldBy != null && !heldBy.equals(sender)) {
            throw new UnreadablePayloadException(
                    what + " " + id + " belongs to " + heldBy + ", not to the sender " + sender);
        }
    }

    private static String roleList(String... roles) {
        if (roles.length == 1) {
            return roles[0];
        }
        return String.join(", ", Arrays.copyOf(roles, roles.length - 1)) + " or " + roles[roles.length - 1];
    }
}
