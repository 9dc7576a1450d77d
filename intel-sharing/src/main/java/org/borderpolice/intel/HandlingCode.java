package org.borderpolice.intel;

import java.util.EnumSet;
import java.util.Set;

import org.borderpolice.federation.identity.BorderPrincipal;

/**
 * Who may see an alert (处置代码). Applies at the origin and at every receiver alike. HIT_ONLY
 * alerts are found by hit/no-hit checks; they leave the origin only for partners whose disclosure
 * request the origin approved, and stay HIT_ONLY there.
 */
public enum HandlingCode {
    /** 一般: every suite role. */
    GENERAL(Set.of(
            BorderPrincipal.INVESTIGATOR,
            BorderPrincipal.ANALYST,
            BorderPrincipal.MEDIATOR,
            BorderPrincipal.COMMANDER,
            BorderPrincipal.INTEGRATOR)),
    /** 限制: investigators, analysts, commanders. */
    RESTRICTED(Set.of(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)),
    /** 机密: analysts and commanders. */
    CONFIDENTIAL(Set.of(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)),
    /**
     * 仅比对: analysts and commanders of the origin, and of partners an approved disclosure request
     * shared it with; hit by every role that may check.
     */
    HIT_ONLY(Set.of(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER));

    private final Set<String> roles;

    HandlingCode(Set<String> roles) {
        this.roles = roles;
    }

    /**
     * Whether the publisher's distribution applies. A HIT_ONLY alert is shared with nobody it
     * names: only an approved disclosure request adds a partner.
     */
    public boolean takesDistribution() {
        return this != HIT_ONLY;
    }

    /**
     * Whether partners holding the alert are asked to acknowledge it by a deadline (for RED and
     * ORANGE alerts). A partner holding a HIT_ONLY alert asked for it: it is not a recipient of a
     * warning.
     */
    public boolean warns() {
        return this != HIT_ONLY;
    }

    public boolean allowsAnyOf(Set<String> callerRoles) {
        return callerRoles.stream().anyMatch(roles::contains);
    }

    /** The codes whose alerts a caller with these roles may see (where the alert is held). */
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
