package org.borderpolice.mediation;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A mediator (调解员) of the directory: our own (origin = this jurisdiction) or a partner's
 * replica. A mediator is made inactive when they leave, never deleted: teams and notes keep
 * naming them.
 */
@Entity
@Table(name = "mediator")
public class Mediator extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String origin;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MediatorKind kind;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String unit;

    public String nationality;

    /** BCP 47 tags in normal form, sorted. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] languages;

    /** The mediator's user (token subject) at the origin: who writes their notes. */
    public String account;

    @Column(nullable = false)
    public boolean active;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Set<String> languageSet() {
        return new TreeSet<>(Set.of(languages));
    }

    /** Take the profile's content (not id, origin, version or times). */
    public void apply(MediatorProfile p) {
        kind = p.kind();
        name = p.name();
        unit = p.unit();
        nationality = p.nationality();
        languages = p.languages().stream().sorted().toArray(String[]::new);
        account = p.account();
        active = p.active();
    }

    /** As the team rules see this mediator. */
    public TeamRules.Member asMember() {
        return new TeamRules.Member(id, origin, languageSet(), active);
    }

    /** Is this the mediator whose user is {@code subject} of {@code jurisdiction}? */
    public boolean isUser(String jurisdiction, String subject) {
        return account != null && origin.equals(jurisdiction) && account.equals(subject);
    }
}
