package org.borderpolice.federation.directory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a joint meeting or patrol must say about the jurisdictions in it, at the organiser and at
 * every party receiving it: the parties are partners (not the organiser, no repeats), and the
 * chair, the delegations and the patrol's sides are the organiser or a party.
 */
public final class JointRules {

    private JointRules() {}

    /** Why the meeting may not be stored as this organiser's, or null. */
    public static String meetingProblem(String organiser, Liaison.Meeting m) {
        String parties = partiesProblem(organiser, m.parties());
        if (parties != null) {
            return parties;
        }
        if (m.chair() == null || !takesPart(organiser, m.parties(), m.chair())) {
            return "chair must be the organiser or one of the parties";
        }
        if (m.delegations() != null) {
            Set<String> seen = new HashSet<>();
            for (Liaison.Delegation d : m.delegations()) {
                if (!takesPart(organiser, m.parties(), d.jurisdiction())) {
                    return "delegations must come from the organiser or the parties";
                }
                if (!seen.add(d.jurisdiction())) {
                    return "delegations name a jurisdiction twice";
                }
            }
        }
        return null;
    }

    /** Why the patrol may not be stored as this organiser's, or null. */
    public static String patrolProblem(String organiser, Liaison.PatrolPlan p) {
        String parties = partiesProblem(organiser, p.parties());
        if (parties != null) {
            return parties;
        }
        String window = DutyRota.windowProblem(p.startsAt(), p.endsAt());
        if (window != null) {
            return "endsAt " + window;
        }
        Set<String> seen = new HashSet<>();
        for (Liaison.PatrolSide s : p.sides()) {
            if (!takesPart(organiser, p.parties(), s.jurisdiction())) {
                return "sides must be the organiser or the parties";
            }
            if (!seen.add(s.jurisdiction())) {
                return "sides name a jurisdiction twice";
            }
        }
        return null;
    }

    private static String partiesProblem(String organiser, List<String> parties) {
        if (parties.contains(organiser)) {
            return "parties are partners: the organiser " + organiser + " takes part anyway";
        }
        if (new HashSet<>(parties).size() != parties.size()) {
            return "parties name a jurisdiction twice";
        }
        return null;
    }

    private static boolean takesPart(String organiser, List<String> parties, String code) {
        return organiser.equals(code) || parties.contains(code);
    }
}
