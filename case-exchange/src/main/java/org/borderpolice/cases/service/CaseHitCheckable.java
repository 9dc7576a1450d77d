package org.borderpolice.cases.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.SubjectRole;
import org.borderpolice.cases.repository.CaseHitRepository;
import org.borderpolice.federation.hitcheck.HitCheckable;
import org.borderpolice.federation.hitcheck.HitChecks;
import org.borderpolice.federation.hitcheck.SubjectHashes;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;

/**
 * Joint cases in hit/no-hit checks (federation's hitcheck, 比对): a case's suspects are kept as
 * keyed hashes (victims, witnesses and related persons are not: a check must not tell that
 * someone reported or saw a crime). A hit tells the case's id, owner, lead unit, number and
 * category, nothing more. At home a user's check hits the cases our jurisdiction sees; a partner's
 * user hits our own cases other than drafts (closed ones too: a suspect known from a closed case
 * is what a partner needs to know, and the owner decides on any request to join), never those the
 * partner takes part in (it holds them and finds them at home), and only if the agreement gives
 * the partner joint cases ({@code cases} or {@code cases.case}, checked by the federation).
 */
@ApplicationScoped
public class CaseHitCheckable implements HitCheckable {

    /** Summary entries of a hit on a case. */
    public static final String NUMBER = "number";

    public static final String CATEGORY = "category";

    @Inject
    CaseHitRepository cases;

    @Inject
    SubjectHashes hashes;

    @Inject
    TrustList trustList;

    @Override
    public String recordType() {
        return CaseSharing.CASE_TYPE;
    }

    /** Keep the case's suspects' hashes in step with it (ours and replicas), in the changing transaction. */
    public void index(JointCase c) {
        hashes.index(
                recordType(),
                c.id.toString(),
                c.subjects.stream()
                        .filter(s -> s.role == SubjectRole.SUSPECT)
                        .map(s -> new Identifier(s.kind, s.value))
                        .toList());
    }

    /** A case dropped here (a replica we no longer hold). */
    public void remove(UUID caseId) {
        hashes.remove(recordType(), List.of(caseId.toString()));
    }

    @Override
    public List<RecordHit> hits(Asker asker, Collection<String> recordIds) {
        List<UUID> ids = HitCheckable.uuids(recordIds);
        if (ids.isEmpty() || !HitChecks.mayCheck(asker.roles())) {
            return List.of();
        }
        List<CaseHitRepository.Hittable> found = asker.local()
                ? cases.visible(asker.jurisdiction(), ids)
                : cases.ownFor(trustList.selfCode(), asker.jurisdiction(), ids);
        return found.stream()
                .map(c -> new RecordHit(
                        c.id().toString(),
                        c.origin(),
                        c.leadUnit(),
                        Map.of(NUMBER, c.number(), CATEGORY, c.category().name())))
                .toList();
    }

    @Override
    public Map<String, String> readSummary(String owner, String recordId, Map<String, String> summary) {
        UUID id = HitCheckable.requireUuid(recordId);
        String number = summary.get(NUMBER);
        // the follow-up (a request to join) goes to the number's prefix: a partner answering with
        // another jurisdiction's case would send our interest in the suspect there
        String problem = RecordNumber.problem(number, owner);
        if (problem != null) {
            throw new IllegalArgumentException(
                    "case number " + number + " " + problem + " (the answering partner " + owner + ")");
        }
        if (!RecordIds.createdBy(id, owner)) {
            throw new IllegalArgumentException(
                    "case id " + recordId + " was not created by the answering partner " + owner);
        }
        return Map.of(
                NUMBER,
                number,
                CATEGORY,
                HitCheckable.entry(summary, CATEGORY, CaseCategory.class).name());
    }

    /** A case's suspects (victims, witnesses and related subjects are not indexed). */
    private static final SubjectsQuery SUSPECTS = new SubjectsQuery(
            "joint_case",
            "c",
            "c.id",
            "uuid",
            "(SELECT array_agg(s.kind || ':' || s.value) FROM case_subject s WHERE s.case_id = c.id AND s.role = 'SUSPECT')",
            "EXISTS (SELECT 1 FROM case_subject s WHERE s.case_id = c.id AND s.role = 'SUSPECT')");

    @Override
    public SubjectsQuery subjectsQuery() {
        return SUSPECTS;
    }
}
