package org.borderpolice.mediation.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.mediation.Languages;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.MediatorFilter;

import io.quarkus.panache.common.Parameters;

/**
 * The directory as this jurisdiction holds it: our mediators and partners' replicas. Every row
 * here is one this jurisdiction's users may see (a partner's mediator is here because it was
 * shared with us); callers of other jurisdictions read at their own service.
 */
@ApplicationScoped
public class MediatorRepository {

    public Mediator find(UUID id) {
        return Mediator.findById(id);
    }

    public Mediator lock(UUID id) {
        return Mediator.findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public List<Mediator> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Mediator.list("id in ?1", ids);
    }

    /** Newest registered first, after the cursor. */
    public List<Mediator> list(MediatorFilter filter, KeysetCursor after, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (filter.kind() != null) {
            q.append(" and kind = :kind");
            p.and("kind", filter.kind());
        }
        if (filter.origin() != null) {
            q.append(" and origin = :origin");
            p.and("origin", filter.origin());
        }
        if (filter.language() != null) {
            // the tag as stored (normal form): "ru" finds mediators registered with "ru"
            q.append(" and array_contains(languages, :language)");
            p.and("language", filter.language());
        }
        if (filter.active() != null) {
            q.append(" and active = :active");
            p.and("active", filter.active());
        }
        if (after != null) {
            q.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            p.and("at", after.at()).and("id", after.id());
        }
        return Mediator.<Mediator>find(q + " order by createdAt desc, id desc", p)
                .range(0, limit - 1)
                .list();
    }

    /**
     * Active mediators who speak one of these languages (for a team's missing languages; by
     * primary language, so "ru" finds "ru-RU", which an array lookup would not: the directory is
     * hundreds of rows, read whole).
     */
    public List<Mediator> speakers(Collection<String> languages) {
        if (languages.isEmpty()) {
            return List.of();
        }
        return Mediator.<Mediator>list("active = true").stream()
                .filter(m -> languages.stream()
                        .anyMatch(l -> m.languageSet().stream().anyMatch(s -> Languages.speaks(s, l))))
                .toList();
    }
}
