package org.borderpolice.cases.service;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.FilePart;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.mapping.CaseMessages;
import org.borderpolice.cases.mapping.TimelineMessages;
import org.borderpolice.cases.repository.CaseFileRepository;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.validation.RecordIds;

/**
 * Writes a change of one of our cases to its participants, in the caller's transaction: the
 * case's full state to every partner that holds it (a tombstone to those that no longer do),
 * and the timeline entries the change made. A partner that starts to hold the case (invited, or
 * the case opened) also gets every earlier entry, so that its timeline is the whole one.
 *
 * <p>Entries never change; the version they are sent under is the case's version when sent, so
 * that a partner invited again after it dropped the case (and its entries) takes them again.
 */
@ApplicationScoped
public class CaseSharing {

    public static final String CASE_TYPE = JointCase.RECORD_TYPE;
    public static final String ENTRY_TYPE = "cases.timeline-entry";

    @Inject
    RecordPublisher publisher;

    @Inject
    CaseTransfers transfers;

    @Inject
    CaseFileRepository files;

    @Inject
    CaseHitCheckable hitIndex;

    /** A new timeline entry of our case (stored, not sent yet: {@link #share} sends it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public TimelineEntry entry(
            JointCase c, EntryKind kind, String authorJurisdiction, String author, String unit, String text) {
        TimelineEntry e = new TimelineEntry();
        e.id = RecordIds.create(c.origin);
        e.caseId = c.id;
        e.caseOrigin = c.origin;
        e.kind = kind;
        e.authorJurisdiction = authorJurisdiction;
        e.author = author;
        e.unit = unit;
        e.text = text == null ? "" : text;
        e.occurredAt = CaseTimes.now();
        e.index();
        e.persist();
        return e;
    }

    /** A status change's entry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TimelineEntry statusEntry(
            JointCase c, CaseStatus from, CaseStatus to, String author, String unit, String reason) {
        TimelineEntry e = entry(c, EntryKind.STATUS_CHANGED, c.origin, author, unit, reason);
        e.statusFrom = from;
        e.statusTo = to;
        return e;
    }

    /** An entry about a participant (invited, accepted, declined, removed). */
    @Transactional(Transactional.TxType.MANDATORY)
    public TimelineEntry participantEntry(
            JointCase c,
            EntryKind kind,
            String participant,
            String authorJurisdiction,
            String author,
            String unit,
            String text) {
        TimelineEntry e = entry(c, kind, authorJurisdiction, author, unit, text);
        e.participant = participant;
        return e;
    }

    /**
     * Send the case (its current version) and the new entries; {@code heldBefore}: the partners
     * that held the case before the change ({@link JointCase#sharedWith()} then).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void share(JointCase c, Set<String> heldBefore, List<TimelineEntry> newEntries) {
        // every change of our case comes here: its suspects' hashes follow it (比对)
        hitIndex.index(c);
        Set<String> holders = c.sharedWith();
        // the case names its evidence files: each holder fetches their bytes from us
        CaseProto.JointCase message = CaseMessages.toMessage(c).toBuilder()
                .addAllFiles(files.ofRecord(c.origin, FilePart.CASE, c.id, null).stream()
                        .map(CaseFiles::ref)
                        .toList())
                .build();
        // a case handed over or continuing another one names it on every event (先受理后移交)
        CaseTransfers.Links links = transfers.links(c);
        publisher.publish(
                CASE_TYPE,
                c.recordId(),
                c.version,
                holders,
                heldBefore,
                partner -> message,
                links.predecessor(),
                links.successor());
        Set<String> newcomers = new TreeSet<>(holders);
        newcomers.removeAll(heldBefore);
        if (!newcomers.isEmpty()) {
            List<TimelineEntry> all = TimelineEntry.<TimelineEntry>list("caseId = ?1 order by occurredAt, id", c.id);
            for (TimelineEntry e : all) {
                CaseProto.TimelineEntry m = TimelineMessages.toMessage(e);
                for (String partner : newcomers) {
                    publisher.upsert(ENTRY_TYPE, e.id.toString(), c.version, partner, m);
                }
            }
        }
        Set<String> stayed = new TreeSet<>(holders);
        stayed.removeAll(newcomers);
        sendEntries(c, stayed, newEntries);
    }

    /** New entries of a change that leaves the case as it was (a note): to every holder. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void shareEntries(JointCase c, List<TimelineEntry> newEntries) {
        sendEntries(c, c.sharedWith(), newEntries);
    }

    private void sendEntries(JointCase c, Set<String> partners, List<TimelineEntry> entries) {
        for (TimelineEntry e : entries) {
            CaseProto.TimelineEntry m = TimelineMessages.toMessage(e);
            for (String partner : partners) {
                publisher.upsert(ENTRY_TYPE, e.id.toString(), c.version, partner, m);
            }
        }
    }
}
