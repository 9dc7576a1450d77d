package org.borderpolice.cases.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseFacets;
import org.borderpolice.cases.CaseQuery;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.repository.CaseSearchRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;

/** 案件检索 Searching the cases the caller may see; every search is audited with what it returned. */
@ApplicationScoped
public class CaseSearch {

    @Inject
    CaseSearchRepository repository;

    @Inject
    AuditLog auditLog;

    /** A page of matches and, when asked, the facet counts over all matches. */
    public record Result(KeysetPage<JointCase> page, CaseFacets facets) {}

    @Transactional
    public Result search(BorderPrincipal caller, CaseQuery query, KeysetCursor after, int limit, boolean facets) {
        if (!caller.hasAnyRole(CaseService.READERS)) {
            throw new ForbiddenProblem("searching cases needs role investigator, analyst or commander");
        }
        String problem = query.problem();
        if (problem != null) {
            throw new InvalidProblem(problem);
        }
        // the row past the limit only tells that there is a next page: never shown, never audited as read
        KeysetPage<JointCase> page = KeysetPage.fetch(
                limit, n -> repository.search(caller.jurisdiction(), query, after, n), c -> c.createdAt, c -> c.id);
        CaseFacets counts = facets ? repository.facets(caller.jurisdiction(), query) : null;
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.search",
                CaseSharing.CASE_TYPE,
                null,
                describe(query) + (after == null ? "" : " after=" + after.encode()) + " "
                        + page.audited(JointCase::recordId)));
        return new Result(page, counts);
    }

    /** The query as the audit trail keeps it (the words searched for included: they say what was looked for). */
    static String describe(CaseQuery q) {
        StringBuilder d = new StringBuilder("search");
        if (q.text() != null && !q.text().isBlank()) {
            d.append(" q=\"").append(q.text().strip()).append('"');
        }
        append(d, "status", q.status());
        append(d, "category", q.category());
        append(d, "origin", q.origin());
        append(d, "participant", q.participant());
        append(d, "filedFrom", q.filedFrom());
        append(d, "filedTo", q.filedTo());
        append(d, "occurredFrom", q.occurredFrom());
        append(d, "occurredTo", q.occurredTo());
        append(d, "overdue", q.overdue());
        return d.toString();
    }

    private static void append(StringBuilder d, String name, Object value) {
        if (value != null) {
            d.append(' ').append(name).append('=').append(value);
        }
    }
}
