package org.borderpolice.intel;

import java.util.EnumSet;
import java.util.Set;

import org.borderpolice.federation.identity.BorderPrincipal;

/**
 * Who may see an alert (处置代码). Applies at the origin and at every receiver alike; HIT_ONLY
 * alerts never leave the origin and are answerable by hit/no-hit checks only.
 */
public enum HandlingCode {
    /** 一般: every suite role. */
    GENERAL(Set.of(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.MEDIATOR,
            BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR)),
    /** 限制: investigators, analysts, commanders. */
    RESTRICTED(Set.of(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)),
    /** 机密: analysts and commanders. */
    CONFIDENTIAL(Set.of(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)),
    /** 仅比对: never replicated; analysts and commanders of the origin only. */
    HIT_ONLY(Set.of(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER));

    private final Set<String> roles;

    HandlingCode(Set<String> roles) {
        this.roles = roles;
    }

    public boolean replicated() {
        return this != HIT_ONLY;
    }

    public boolean allowsAnyOf(Set<String> callerRoles) {
        return callerRoles.stream().anyMatch(roles::contains);
    }

    /** The codes whose alerts a caller with these roles may see (HIT_ONLY: only at the origin). */
    public static Set<HandlingCode> visibleTo(Set<String> callerRoles) {
        Set<HandlingCode> codes = EnumSet.noneOf(HandlingCode.class);
        for (HandlingCode code : values()) {
            if (code.allowsAnyOf(callerRoles)) {
                codes.add(code);
            }
        }
        return codes;
    }
}
