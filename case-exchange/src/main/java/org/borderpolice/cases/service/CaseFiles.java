package org.borderpolice.cases.service;

import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.AssistanceState;
import org.borderpolice.cases.CaseFile;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.FilePart;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.mapping.AssistanceMessages;
import org.borderpolice.cases.repository.AssistanceRepository;
import org.borderpolice.cases.repository.CaseFileRepository;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.files.FileAccess;
import org.borderpolice.federation.files.FileIntake;
import org.borderpolice.federation.files.FileKey;
import org.borderpolice.federation.files.FileStore;
import org.borderpolice.federation.files.PendingFiles;
import org.borderpolice.federation.files.StoredFile;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.proto.files.v1.FileRef;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Evidence files (证据材料: 协查函, photos, documents) on cases, assistance requests and answers,
 * on the federation's files capability (docs/files.md): intake here, the file's {@link FileRef}
 * in the owning record (the case, the request, the answer), the bytes fetched by each partner in
 * the record's distribution. Only the record's owner attaches: the case's origin to the case, the
 * requester to its request, the addressee to its answer. A file is read by those who see its
 * record (the visibility rules of cases and requests), and fetched by partners in its record's
 * distribution ({@link FileAccess}). Files are never removed from a record: evidence stays.
 */
@ApplicationScoped
public class CaseFiles implements FileAccess {

    private static final Logger LOG = Logger.getLogger(CaseFiles.class);

    @Inject
    CaseFileRepository files;

    @Inject
    CaseRepository cases;

    @Inject
    AssistanceRepository requests;

    @Inject
    CaseService caseService;

    @Inject
    CaseSharing sharing;

    @Inject
    FileIntake intake;

    @Inject
    FileStore store;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    PendingFiles pending;

    @Inject
    PartnerContributions contributions;

    @Inject
    RecordPublisher publisher;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    /** A file and who may read it, for the download endpoint (which audits the download). */
    public record Download(FileKey key, String name, AuditEntry audit) {}

    // --- attaching, at the record's owner
    //
    // Each upload runs in three steps, none of which holds a row of ours while the body streams:
    // the record's rules (before a byte of the body is read), intake in a transaction of its own
    // (the bytes, typed and hashed), then a short transaction that locks the record, checks its
    // rules again (it may have changed meanwhile) and references the file. A file whose reference
    // failed is dropped at once; one left by a crash in between is an orphan, collected by
    // FileOrphans.

    /**
     * 上传案件附件: a file onto one of our cases, announced to its participants, on its timeline;
     * with an idempotency key, a repeat (same case, name and bytes) returns the file attached first.
     */
    public IdempotencyKeys.Created<CaseFile> attachToCase(
            BorderPrincipal caller, UUID caseId, String name, InputStream content, String key) {
        return attach(
                caller,
                key,
                "POST /api/v1/cases/" + caseId + "/files",
                name,
                content,
                (stored, stateRules) -> onCase(caller, caseId, name, stored, stateRules));
    }

    /** 上传协查函: a file onto one of our open requests, announced to its addressee (idempotent as above). */
    public IdempotencyKeys.Created<CaseFile> attachToRequest(
            BorderPrincipal caller, UUID requestId, String name, InputStream content, String key) {
        return attach(
                caller,
                key,
                "POST /api/v1/assistance-requests/" + requestId + "/files",
                name,
                content,
                (stored, stateRules) -> onRequest(caller, requestId, name, stored, stateRules));
    }

    /** 上传反馈材料: a file onto our answer to a request addressed to us, once accepted (idempotent as above). */
    public IdempotencyKeys.Created<CaseFile> attachToAnswer(
            BorderPrincipal caller, UUID requestId, String name, InputStream content, String key) {
        return attach(
                caller,
                key,
                "POST /api/v1/assistance-requests/" + requestId + "/answer/files",
                name,
                content,
                (stored, stateRules) -> onAnswer(caller, requestId, name, stored, stateRules));
    }

    /**
     * One record's rules and reference: the caller's (role, the record visible to them and theirs to
     * attach to) always; the record's state (open, room for files) when {@code stateRules}; given a
     * stored file, it is referenced (null: only the rules).
     */
    @FunctionalInterface
    private interface Step {
        CaseFile apply(StoredFile stored, boolean stateRules);
    }

    /**
     * The three steps. With a key, the reference is made once: a repeat with the same name and
     * bytes (its SHA-256) returns the file referenced first and drops the copy just taken in; the
     * same key with another file is 422.
     */
    private IdempotencyKeys.Created<CaseFile> attach(
            BorderPrincipal caller, String key, String operation, String name, InputStream content, Step step) {
        // a repeat of an upload that was attached gets that answer (compared by its bytes below)
        // whatever the record's state is now (a client retrying after a lost response must not see
        // 409 for a case closed meanwhile), but only from a caller who may still attach to it: no
        // byte is taken in from one who lost the role or the record
        boolean repeat = idempotencyKeys.completed(caller, key, operation);
        QuarkusTransaction.requiringNew().call(() -> step.apply(null, !repeat));
        StoredFile stored = intake.accept(content);
        IdempotencyKeys.Created<CaseFile> done;
        try {
            done = QuarkusTransaction.requiringNew()
                    .call(() -> idempotencyKeys.once(
                            caller,
                            key,
                            operation,
                            Arrays.asList(name, stored.sha256(), stored.size()),
                            () -> step.apply(stored, true),
                            f -> f.fileId().toString(),
                            id -> files.find(trustList.selfCode(), UUID.fromString(id))
                                    .orElseThrow()));
        } catch (RuntimeException e) {
            discard(stored);
            throw e;
        }
        if (done.replayed()) {
            discard(stored);
        }
        return done;
    }

    /** Drop a file taken in whose reference failed (else FileOrphans collects it later). */
    private void discard(StoredFile stored) {
        try {
            QuarkusTransaction.requiringNew().run(() -> store.delete(stored.key()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not drop unreferenced file %s; it is collected later", stored.key());
        }
    }

    private CaseFile onCase(BorderPrincipal caller, UUID caseId, String name, StoredFile stored, boolean stateRules) {
        contributions.requireContributor(caller, "attach files to cases", CaseService.WRITERS);
        // locked, visible, ours, not frozen by a transfer
        JointCase c = caseService.ownForChange(caller, caseId);
        if (stateRules) {
            if (!c.status.changeable()) {
                throw new ConflictProblem("case " + c.number + " is " + c.status + ": reopen it first");
            }
            requireRoom(c.origin, FilePart.CASE, c.id, null);
        }
        if (stored == null) {
            return null;
        }
        CaseFile file = take(caller, FilePart.CASE, c.id, null, name, stored);
        Set<String> before = c.sharedWith();
        c.version++;
        c.updatedAt = file.attachedAt();
        TimelineEntry entry =
                sharing.entry(c, EntryKind.FILE_ATTACHED, c.origin, caller.subject(), caller.unit(), file.name());
        sharing.share(c, before, List.of(entry));
        audit(caller, "case.file.attached", CaseService.CASE_TYPE, c.recordId(), describe(file));
        return file;
    }

    private CaseFile onRequest(
            BorderPrincipal caller, UUID requestId, String name, StoredFile stored, boolean stateRules) {
        contributions.requireContributor(caller, "attach files to assistance requests", CaseService.WRITERS);
        AssistanceRequest r = visibleLocked(caller, requestId);
        if (!r.requester.equals(trustList.selfCode())) {
            throw new ForbiddenProblem("request " + requestId + " was sent by " + r.requester
                    + ": only it attaches files to the request (the addressee attaches them to its answer)");
        }
        if (stateRules) {
            if (!r.state().open()) {
                throw new ConflictProblem("request " + requestId + " is " + r.state() + ": files go on open requests");
            }
            requireRoom(r.requester, FilePart.REQUEST, r.caseId, r.id);
        }
        if (stored == null) {
            return null;
        }
        CaseFile file = take(caller, FilePart.REQUEST, r.caseId, r.id, name, stored);
        r.requestVersion++;
        publisher.upsert(
                AssistanceService.REQUEST_TYPE, r.recordId(), r.requestVersion, r.addressee, requestMessage(r));
        audit(caller, "assistance.file.attached", AssistanceService.REQUEST_TYPE, r.recordId(), describe(file));
        return file;
    }

    private CaseFile onAnswer(
            BorderPrincipal caller, UUID requestId, String name, StoredFile stored, boolean stateRules) {
        contributions.requireContributor(caller, "attach files to answers", CaseService.WRITERS);
        AssistanceRequest r = visibleLocked(caller, requestId);
        if (!r.addressee.equals(trustList.selfCode())) {
            throw new ForbiddenProblem("request " + requestId + " is addressed to " + r.addressee
                    + ": only it attaches files to the answer (the requester attaches them to the request)");
        }
        AssistanceState state = r.state();
        if (stateRules) {
            if (state != AssistanceState.ACCEPTED && state != AssistanceState.ANSWERED) {
                throw new ConflictProblem("request " + requestId + " is " + state
                        + ": files go on the answer of a request accepted (an officer named) or answered");
            }
            requireRoom(r.addressee, FilePart.ANSWER, r.caseId, r.id);
        }
        if (stored == null) {
            return null;
        }
        CaseFile file = take(caller, FilePart.ANSWER, r.caseId, r.id, name, stored);
        r.responseVersion++;
        contributions.send(
                AssistanceService.RESPONSE_TYPE, r.responseRecordId(), r.responseVersion, r, responseMessage(r));
        audit(caller, "assistance.answer-file.attached", AssistanceService.RESPONSE_TYPE, r.recordId(), describe(file));
        return file;
    }

    /** The row naming a file taken in (intake's own transaction) in its record. */
    private CaseFile take(
            BorderPrincipal caller, FilePart part, UUID caseId, UUID requestId, String name, StoredFile stored) {
        String clean = CaseFile.cleanName(name);
        CaseFile file = new CaseFile(
                stored.key().origin(),
                stored.key().id(),
                part,
                caseId,
                requestId,
                clean == null ? stored.key().id().toString() : clean,
                stored.sha256(),
                stored.size(),
                stored.contentType(),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                caller.subject(),
                true);
        files.insert(file);
        return file;
    }

    private void requireRoom(String origin, FilePart part, UUID caseId, UUID requestId) {
        if (files.count(origin, part, caseId, requestId) >= CaseFile.MAX_PER_RECORD) {
            throw new LimitReachedProblem("a record holds at most " + CaseFile.MAX_PER_RECORD + " files");
        }
    }

    // --- the records' messages, with their files

    /** Our request as sent to its addressee, files included. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AssistanceProto.AssistanceRequest requestMessage(AssistanceRequest r) {
        return AssistanceMessages.toMessage(r).toBuilder()
                .addAllFiles(refs(r.requester, FilePart.REQUEST, r.caseId, r.id))
                .build();
    }

    /** Our answer as sent to the requester, files included. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AssistanceProto.AssistanceResponse responseMessage(AssistanceRequest r) {
        return AssistanceMessages.toResponse(r).toBuilder()
                .addAllFiles(refs(r.addressee, FilePart.ANSWER, r.caseId, r.id))
                .build();
    }

    /** The references of a record's files, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FileRef> refs(String origin, FilePart part, UUID caseId, UUID requestId) {
        return files.ofRecord(origin, part, caseId, requestId).stream()
                .map(CaseFiles::ref)
                .toList();
    }

    static FileRef ref(CaseFile f) {
        return FileRef.newBuilder()
                .setFileId(f.fileId().toString())
                .setSha256(f.sha256())
                .setSize(f.size())
                .setContentType(f.contentType())
                .setName(f.name())
                .build();
    }

    // --- reading, by those who see the record

    /** The files of a case the caller sees; audited, also when the case is not visible. */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public List<CaseFile> ofCase(BorderPrincipal caller, UUID caseId) {
        JointCase c = visibleCase(caller, caseId, "case.file.list");
        List<CaseFile> list = files.ofRecord(c.origin, FilePart.CASE, c.id, null);
        audit(caller, "case.file.list", CaseService.CASE_TYPE, c.recordId(), list.size() + " files");
        return list;
    }

    /** The files of a request's part (REQUEST or ANSWER) the caller sees; audited, also when not visible. */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public List<CaseFile> ofRequest(BorderPrincipal caller, UUID requestId, FilePart part) {
        AssistanceRequest r = visibleRequest(caller, requestId, "assistance.file.list");
        List<CaseFile> list = files.ofRecord(owner(r, part), part, r.caseId, r.id);
        audit(
                caller,
                "assistance.file.list",
                AssistanceService.REQUEST_TYPE,
                r.recordId(),
                part + " " + list.size() + " files");
        return list;
    }

    /** A case file for download, if the caller sees the case (404 otherwise, audited). */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Download caseFile(BorderPrincipal caller, UUID caseId, UUID fileId) {
        String action = "case.file.downloaded";
        JointCase c = visibleCase(caller, caseId, action);
        CaseFile f = files.inRecord(c.origin, FilePart.CASE, c.id, null, fileId)
                .orElseThrow(() -> notFound(
                        caller,
                        action,
                        CaseService.CASE_TYPE,
                        c.recordId(),
                        "file " + fileId + ": " + CaseService.NOT_FOUND,
                        "no file " + fileId + " on case " + caseId));
        return download(caller, action, CaseService.CASE_TYPE, c.recordId(), f);
    }

    /** A file of a request's part for download, if the caller sees the request (404 otherwise, audited). */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Download requestFile(BorderPrincipal caller, UUID requestId, FilePart part, UUID fileId) {
        String action = part == FilePart.REQUEST ? "assistance.file.downloaded" : "assistance.answer-file.downloaded";
        AssistanceRequest r = visibleRequest(caller, requestId, action);
        CaseFile f = files.inRecord(owner(r, part), part, r.caseId, r.id, fileId)
                .orElseThrow(() -> notFound(
                        caller,
                        action,
                        AssistanceService.REQUEST_TYPE,
                        r.recordId(),
                        part + " file " + fileId + ": " + CaseService.NOT_FOUND,
                        "no file " + fileId + " on request " + requestId));
        return download(caller, action, AssistanceService.REQUEST_TYPE, r.recordId(), f);
    }

    /** A refused read, audited as the reads are (like case.read): the 404 to throw. */
    private NotFoundProblem notFound(
            BorderPrincipal caller, String action, String recordType, String recordId, String detail, String message) {
        audit(caller, action, recordType, recordId, detail);
        return new NotFoundProblem(message);
    }

    private static Download download(
            BorderPrincipal caller, String action, String recordType, String recordId, CaseFile f) {
        return new Download(
                new FileKey(f.origin(), f.fileId()),
                f.name(),
                new AuditEntry(caller.subject(), caller.jurisdiction(), action, recordType, recordId, describe(f)));
    }

    private static String owner(AssistanceRequest r, FilePart part) {
        return part == FilePart.ANSWER ? r.addressee : r.requester;
    }

    private JointCase visibleCase(BorderPrincipal caller, UUID caseId, String action) {
        requireReader(caller);
        return cases.findVisible(caseId, caller.jurisdiction())
                .orElseThrow(() -> notFound(
                        caller,
                        action,
                        CaseService.CASE_TYPE,
                        caseId.toString(),
                        CaseService.NOT_FOUND,
                        "no visible case " + caseId));
    }

    private AssistanceRequest visibleRequest(BorderPrincipal caller, UUID requestId, String action) {
        requireReader(caller);
        return requests.findVisible(requestId, caller.jurisdiction())
                .orElseThrow(() -> notFound(
                        caller,
                        action,
                        AssistanceService.REQUEST_TYPE,
                        requestId.toString(),
                        CaseService.NOT_FOUND,
                        "no visible assistance request " + requestId));
    }

    private AssistanceRequest visibleLocked(BorderPrincipal caller, UUID id) {
        AssistanceRequest r = requests.lock(id);
        if (r == null || requests.findVisible(id, caller.jurisdiction()).isEmpty()) {
            throw new NotFoundProblem("no visible assistance request " + id);
        }
        return r;
    }

    private static void requireReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(CaseService.READERS)) {
            throw new ForbiddenProblem("reading files needs role investigator, analyst or commander");
        }
    }

    // --- partners

    /** FileAccess: a partner fetches a file of ours while it is in the distribution of its record. */
    @Override
    public Optional<FileHolder> readableBy(String jurisdiction, UUID fileId) {
        return files.partnerMayFetch(trustList.selfCode(), jurisdiction, fileId).map(f -> switch (f.part()) {
            case CASE -> new FileHolder(CaseService.CASE_TYPE, f.caseId().toString());
            case REQUEST ->
                new FileHolder(AssistanceService.REQUEST_TYPE, f.requestId().toString());
            case ANSWER ->
                new FileHolder(
                        AssistanceService.RESPONSE_TYPE, AssistanceRequest.responseRecordId(f.requestId(), f.origin()));
        });
    }

    /**
     * In an applier's check: the files a partner's record names can be fetched (federation's
     * checks), are named once, and none of them is held for another record of that partner.
     */
    public void check(String origin, FilePart part, UUID caseId, UUID requestId, List<FileRef> refs)
            throws UnreadablePayloadException {
        if (refs.size() > CaseFile.MAX_PER_RECORD) {
            throw new UnreadablePayloadException("files: at most " + CaseFile.MAX_PER_RECORD);
        }
        Set<String> seen = new HashSet<>();
        int added = 0;
        for (FileRef ref : refs) {
            pending.check(ref);
            if (!seen.add(ref.getFileId())) {
                throw new UnreadablePayloadException("files: " + ref.getFileId() + " is named twice");
            }
            if (ref.getContentType().isBlank() || ref.getContentType().length() > 200) {
                throw new UnreadablePayloadException("files.content_type: 1 to 200 characters");
            }
            Optional<CaseFile> held = files.find(origin, UUID.fromString(ref.getFileId()));
            if (held.isPresent()
                    && (held.get().part() != part
                            || !held.get().caseId().equals(caseId)
                            || !java.util.Objects.equals(held.get().requestId(), requestId))) {
                throw new UnreadablePayloadException("files: " + ref.getFileId() + " belongs to another record");
            }
            if (held.isEmpty()) {
                added++;
            }
        }
        // a record's files are never taken off it: each version must not name a new hundred
        long before = added == 0 ? 0 : files.count(origin, part, caseId, requestId);
        if (before + added > CaseFile.MAX_PER_RECORD) {
            throw new UnreadablePayloadException("files: a record holds at most " + CaseFile.MAX_PER_RECORD + " files; "
                    + before + " are held and this version names " + added + " more");
        }
    }

    /** In an applier's apply: the files a partner's record names, the new ones queued for fetching. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replicate(String origin, FilePart part, UUID caseId, UUID requestId, List<FileRef> refs) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int i = 0;
        for (FileRef ref : refs) {
            UUID id = UUID.fromString(ref.getFileId());
            i++;
            if (files.find(origin, id).isPresent()) {
                continue;
            }
            String name = CaseFile.cleanName(ref.getName());
            files.insert(new CaseFile(
                    origin,
                    id,
                    part,
                    caseId,
                    requestId,
                    name == null ? id.toString() : name,
                    ref.getSha256(),
                    ref.getSize(),
                    ref.getContentType(),
                    now.plus(i, ChronoUnit.MICROS),
                    null,
                    false));
            pending.expect(origin, ref);
        }
    }

    /**
     * A partner's case left us (tombstone: we declined or were removed): its files are no longer
     * named here, their bytes go and those not fetched yet are not asked for any more (the owner
     * would refuse us now).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetCase(String origin, UUID caseId) {
        if (origin.equals(trustList.selfCode())) {
            return; // our own evidence stays
        }
        for (CaseFile f : files.ofRecord(origin, FilePart.CASE, caseId, null)) {
            pending.forget(origin, f.fileId());
        }
        files.deleteCaseFiles(origin, caseId);
    }

    private void audit(BorderPrincipal caller, String action, String recordType, String recordId, String detail) {
        auditLog.append(new AuditEntry(caller.subject(), caller.jurisdiction(), action, recordType, recordId, detail));
    }

    static String describe(CaseFile f) {
        return "file " + f.fileId() + " of " + f.origin() + " (" + f.part() + ", " + f.contentType() + ", " + f.size()
                + " bytes, sha256 " + f.sha256() + ")";
    }
}
