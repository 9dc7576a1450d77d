package org.borderpolice.federation.notifications;

import java.util.Set;
import java.util.TreeSet;

import org.borderpolice.federation.identity.BorderPrincipal;

/**
 * Who a notification is for: the users of a jurisdiction with any of some suite roles, or one
 * user (the token subject at the jurisdiction's identity provider, or a login name), or one user
 * while they hold any of some roles (a title that only those roles may read: another user's
 * choice of account never shows it to a role that could not read the record). Always users of
 * one jurisdiction: a partner's user never reads our notifications.
 */
public record Recipient(String jurisdiction, Set<String> roles, String subject) {

    private static final Set<String> SUITE_ROLES = Set.of(
            BorderPrincipal.INVESTIGATOR,
            BorderPrincipal.ANALYST,
            BorderPrincipal.MEDIATOR,
            BorderPrincipal.COMMANDER,
            BorderPrincipal.INTEGRATOR);

    public Recipient {
        if (jurisdiction == null || !jurisdiction.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("a recipient's jurisdiction is a GB/T 2260 code, not " + jurisdiction);
        }
        if (roles == null && subject == null) {
            throw new IllegalArgumentException("a recipient is some roles, one user, or both");
        }
        if (roles != null) {
            if (roles.isEmpty() || !SUITE_ROLES.containsAll(roles)) {
                throw new IllegalArgumentException("a recipient's roles are suite roles, not " + roles);
            }
            roles = Set.copyOf(new TreeSet<>(roles));
        }
        if (subject != null && (subject.isBlank() || subject.length() > 200)) {
            throw new IllegalArgumentException("a recipient's subject is 1 to 200 characters");
        }
    }

    /** The users of {@code jurisdiction} with any of {@code roles}. */
    public static Recipient withAnyRole(String jurisdiction, String... roles) {
        return new Recipient(jurisdiction, Set.of(roles), null);
    }

    /** One user of {@code jurisdiction}. */
    public static Recipient user(String jurisdiction, String subject) {
        return new Recipient(jurisdiction, null, subject);
    }

    /** One user of {@code jurisdiction}, who reads it only while holding any of {@code roles}. */
    public static Recipient userWithAnyRole(String jurisdiction, String subject, String... roles) {
        return new Recipient(jurisdiction, Set.of(roles), subject);
    }
}
