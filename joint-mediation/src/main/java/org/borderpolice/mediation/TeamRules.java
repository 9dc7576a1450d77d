package org.borderpolice.mediation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.borderpolice.federation.problem.ConflictProblem;

/**
 * The rules of a dispute's joint team (联合调解团队):
 *
 * <ul>
 *   <li>every jurisdiction a party belongs to has at least one mediator of its own on the team
 *       (a dispute whose parties span two jurisdictions needs one from each);
 *   <li>a party whose preferred language is not Chinese gets a mediator who speaks it, when the
 *       directory has an active one; when it has none, the team is accepted and says so
 *       ({@link LanguageNeed#noneAvailable()}).
 * </ul>
 *
 * Only active mediators join a team.
 */
public final class TeamRules {

    private TeamRules() {}

    /**
     * A party as the team rules see it: its jurisdiction (null: none of the federation's, whose
     * mediators the directory cannot hold) and preferred language (null: Chinese).
     */
    public record PartyNeed(String jurisdiction, String language) {}

    /** A mediator as the team rules see it. */
    public record Member(UUID id, String origin, Set<String> languages, boolean active) {

        boolean speaks(String language) {
            return languages.stream().anyMatch(l -> Languages.speaks(l, language));
        }
    }

    /**
     * A language a party prefers that is not Chinese (its primary language, "ru" for "ru-RU"): who on the team speaks it, and which active
     * mediators of the directory not on the team do.
     */
    public record LanguageNeed(String language, List<UUID> speakersOnTeam, List<UUID> available) {

        public boolean met() {
            return !speakersOnTeam.isEmpty();
        }

        /** No mediator who speaks it, on the team or in the directory: the API says so. */
        public boolean noneAvailable() {
            return speakersOnTeam.isEmpty() && available.isEmpty();
        }
    }

    /** How a team meets the rules. */
    public record Assessment(
            Set<String> jurisdictionsWithoutMediator, List<UUID> inactive, List<LanguageNeed> languages) {

        /** The team meets every rule it can (a language no mediator speaks is not held against it). */
        public boolean acceptable() {
            return jurisdictionsWithoutMediator.isEmpty()
                    && inactive.isEmpty()
                    && languages.stream().allMatch(l -> l.met() || l.noneAvailable());
        }

        /** Every rule met, languages included. */
        public boolean complete() {
            return acceptable() && languages.stream().allMatch(LanguageNeed::met);
        }

        /** 409 naming what is missing, unless {@link #acceptable()}. */
        public void requireAcceptable() {
            if (acceptable()) {
                return;
            }
            List<String> problems = new ArrayList<>();
            if (!jurisdictionsWithoutMediator.isEmpty()) {
                problems.add("the parties' jurisdictions " + jurisdictionsWithoutMediator
                        + " have no mediator of their own on the team (每个当事人所在辖区至少一名调解员)");
            }
            if (!inactive.isEmpty()) {
                problems.add("mediators " + inactive + " are not active");
            }
            for (LanguageNeed l : languages) {
                if (!l.met() && !l.noneAvailable()) {
                    problems.add("a party prefers language " + l.language() + ": none on the team speaks it, "
                            + "mediators who do: " + l.available());
                }
            }
            throw new ConflictProblem(String.join("; ", problems));
        }
    }

    /**
     * The team against the parties.
     *
     * @param directory every mediator this jurisdiction knows (ours and partners'), for the
     *     languages a team lacks
     */
    public static Assessment assess(
            Collection<PartyNeed> parties, Collection<Member> team, Collection<Member> directory) {
        Set<String> missing = new TreeSet<>();
        Set<String> languages = new TreeSet<>();
        for (PartyNeed p : parties) {
            if (p.jurisdiction() != null
                    && team.stream().noneMatch(m -> m.active() && m.origin().equals(p.jurisdiction()))) {
                missing.add(p.jurisdiction());
            }
            if (!Languages.isChinese(p.language())) {
                languages.add(Languages.primary(p.language()));
            }
        }
        List<UUID> inactive =
                team.stream().filter(m -> !m.active()).map(Member::id).sorted().toList();
        Set<UUID> onTeam = new TreeSet<>(team.stream().map(Member::id).toList());
        List<LanguageNeed> needs = new ArrayList<>();
        for (String language : languages) {
            List<UUID> speakers = team.stream()
                    .filter(m -> m.active() && m.speaks(language))
                    .map(Member::id)
                    .sorted()
                    .toList();
            List<UUID> available = directory.stream()
                    .filter(m -> m.active() && m.speaks(language) && !onTeam.contains(m.id()))
                    .map(Member::id)
                    .sorted()
                    .toList();
            needs.add(new LanguageNeed(language, speakers, available));
        }
        return new Assessment(missing, inactive, needs);
    }
}
