package org.borderpolice.mediation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.borderpolice.federation.problem.InvalidProblem;

/**
 * What a jurisdiction says about one of its mediators, checked and in normal form: a 洋娘舅 has
 * a nationality other than China's (ISO 3166-1 alpha-2) and speaks a language besides Chinese;
 * every mediator speaks at least one language (BCP 47 tags; Chinese if none is given).
 */
public record MediatorProfile(
        MediatorKind kind,
        String name,
        String unit,
        String nationality,
        Set<String> languages,
        String account,
        boolean active) {

    public static final int NAME = 100;
    public static final int UNIT = 100;
    public static final int ACCOUNT = 200;
    public static final int MAX_LANGUAGES = 10;

    /** What a mediator speaks if the directory is not told: Chinese. */
    public static final String CHINESE = "zh";

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** The profile from user input, normalised; a refusal naming every problem. */
    public static MediatorProfile of(
            MediatorKind kind,
            String name,
            String unit,
            String nationality,
            List<String> languages,
            String account,
            boolean active) {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add("kind: required");
        }
        String n = text(problems, "name", name, NAME, true);
        String u = text(problems, "unit", unit, UNIT, true);
        String a = text(problems, "account", account, ACCOUNT, false);
        String nat = null;
        if (nationality != null && !nationality.isBlank()) {
            nat = nationality.strip().toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(nat)) {
                problems.add("nationality: " + nationality + " is no ISO 3166-1 alpha-2 country code");
                nat = null;
            }
        }
        Set<String> langs = new TreeSet<>();
        for (String tag : languages == null || languages.isEmpty() ? List.of(CHINESE) : languages) {
            String normal = Languages.normalise(tag);
            if (normal == null) {
                problems.add("languages: " + tag + " is no BCP 47 language tag (zh, en, ru, ...)");
            } else {
                langs.add(normal);
            }
        }
        if (langs.size() > MAX_LANGUAGES) {
            problems.add("languages: at most " + MAX_LANGUAGES);
        }
        if (kind == MediatorKind.FOREIGN_NATIONAL) {
            if (nationality == null || nationality.isBlank()) {
                problems.add("nationality: required for a 洋娘舅 (FOREIGN_NATIONAL)");
            } else if ("CN".equals(nat)) {
                problems.add("nationality: a 洋娘舅 (FOREIGN_NATIONAL) is not Chinese");
            }
            if (!langs.isEmpty() && langs.stream().allMatch(Languages::isChinese)) {
                problems.add("languages: a 洋娘舅 (FOREIGN_NATIONAL) mediates in a language besides Chinese");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidProblem(String.join("; ", problems));
        }
        return new MediatorProfile(kind, n, u, nat, langs, a, active);
    }

    /** Does this mediator speak the language? */
    public boolean speaks(String language) {
        return languages.stream().anyMatch(l -> Languages.speaks(l, language));
    }

    private static String text(List<String> problems, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field + ": required");
            }
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            problems.add(field + ": at most " + max + " characters");
        } else if (v.chars().anyMatch(ch -> Character.isISOControl(ch))) {
            problems.add(field + ": one line, no control characters");
        }
        return v;
    }
}
