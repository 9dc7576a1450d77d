package org.borderpolice.mediation.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.MediatorFilter;
import org.borderpolice.mediation.MediatorProfile;
import org.borderpolice.mediation.mapping.MediatorMessages;
import org.borderpolice.mediation.repository.MediatorRepository;

/**
 * 调解员名录: each jurisdiction registers and changes its own mediators, which go to every partner
 * the agreement lets hold mediation records; users of this jurisdiction read the whole directory
 * (ours and partners'). A mediator who leaves is made inactive, not deleted.
 */
@ApplicationScoped
public class MediatorDirectory {

    public static final String MEDIATOR_TYPE = "mediation.mediator";

    /** Who reads the directory. */
    public static final String[] READERS = {
        BorderPrincipal.MEDIATOR, BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER
    };

    /** Who registers and changes our mediators (名录由辖区管理). */
    public static final String[] KEEPERS = {BorderPrincipal.COMMANDER};

    @Inject
    MediatorRepository mediators;

    @Inject
    PartnerContributions contributions;

    @Inject
    RecordPublisher publisher;

    @Inject
    Distributions distributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Transactional
    public IdempotencyKeys.Created<Mediator> register(BorderPrincipal caller, MediatorProfile profile, String key) {
        contributions.requireContributor(caller, "register mediators", KEEPERS);
        return idempotencyKeys.once(
                caller,
                key,
                "POST /api/v1/mediators",
                profile,
                () -> register(caller, profile),
                m -> m.id.toString(),
                id -> mediators.find(UUID.fromString(id)));
    }

    private Mediator register(BorderPrincipal caller, MediatorProfile profile) {
        Mediator m = new Mediator();
        m.id = RecordIds.create(trustList.selfCode());
        m.origin = trustList.selfCode();
        m.apply(profile);
        m.version = 1;
        m.createdAt = now();
        m.updatedAt = m.createdAt;
        m.persist();
        share(m);
        audit(caller, "mediator.registered", m.id, m.kind + " " + m.unit);
        return m;
    }

    /** Replace what we say about one of our mediators (a new version for every partner). */
    @Transactional
    public Mediator change(BorderPrincipal caller, UUID id, MediatorProfile profile) {
        contributions.requireContributor(caller, "change mediators", KEEPERS);
        Mediator m = mediators.lock(id);
        if (m == null) {
            throw new NotFoundProblem("no mediator " + id);
        }
        if (!m.origin.equals(trustList.selfCode())) {
            throw new ForbiddenProblem("mediator " + id + " is one of " + m.origin + ": changed only there");
        }
        m.apply(profile);
        m.version++;
        m.updatedAt = now();
        share(m);
        audit(caller, "mediator.changed", m.id, "version " + m.version + (m.active ? "" : ", inactive"));
        return m;
    }

    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Mediator get(BorderPrincipal caller, UUID id) {
        contributions.requireContributor(caller, "read the directory", READERS);
        Mediator m = mediators.find(id);
        audit(caller, "mediator.read", id, m == null ? "not found" : null);
        if (m == null) {
            throw new NotFoundProblem("no mediator " + id);
        }
        return m;
    }

    /** A page of at most {@code limit} mediators; audited, one entry per page, naming what the caller receives. */
    @Transactional
    public KeysetPage<Mediator> list(BorderPrincipal caller, MediatorFilter filter, KeysetCursor after, int limit) {
        contributions.requireContributor(caller, "read the directory", READERS);
        KeysetPage<Mediator> page =
                KeysetPage.fetch(limit, n -> mediators.list(filter, after, n), m -> m.createdAt, m -> m.id);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "mediator.list",
                MEDIATOR_TYPE,
                null,
                filter + (after == null ? "" : " after " + after.encode()) + ": "
                        + page.items().stream().map(m -> m.id.toString()).toList()));
        return page;
    }

    private void share(Mediator m) {
        Set<String> partners = distributions.resolve(MEDIATOR_TYPE, "mediators", List.of(Distributions.ALL_PARTNERS));
        var message = MediatorMessages.toMessage(m);
        publisher.publish(MEDIATOR_TYPE, m.id.toString(), m.version, partners, Set.of(), p -> message);
    }

    private void audit(BorderPrincipal caller, String action, UUID id, String detail) {
        auditLog.append(
                new AuditEntry(caller.subject(), caller.jurisdiction(), action, MEDIATOR_TYPE, id.toString(), detail));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
