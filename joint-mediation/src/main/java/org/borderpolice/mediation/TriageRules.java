package org.borderpolice.mediation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * 三调对接: the rule table that chooses the tier of a dispute. The rules are data
 * ({@code triage-rules.tsv} beside this class): the first whose condition holds decides, and the
 * decision names it. The thresholds of "数额巨大" and "被告人多" are settings.
 */
public final class TriageRules {

    public static final String RESOURCE = "triage-rules.tsv";

    /** One row of the table. */
    public record Rule(String id, String condition, MediationTier tier, String description) {}

    private record Compiled(Rule rule, Predicate<TriageFacts> test) {}

    private final List<Compiled> rules;

    /**
     * @param largeAmount above this many yuan a dispute is "数额巨大"
     * @param manyRespondents from this many respondents on "被告人多"
     */
    public TriageRules(List<Rule> table, BigDecimal largeAmount, int manyRespondents) {
        if (table.isEmpty() || !table.get(table.size() - 1).condition().equals("ALWAYS")) {
            throw new IllegalArgumentException(
                    "the last triage rule must hold ALWAYS, so that every dispute gets a tier");
        }
        Set<String> ids = new HashSet<>();
        List<Compiled> compiled = new ArrayList<>();
        for (Rule r : table) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("triage rule " + r.id() + " is repeated");
            }
            compiled.add(new Compiled(r, condition(r.condition(), largeAmount, manyRespondents)));
        }
        this.rules = List.copyOf(compiled);
    }

    /** The standard table with these thresholds. */
    public static TriageRules standard(BigDecimal largeAmount, int manyRespondents) {
        try (InputStream in = TriageRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            return new TriageRules(parse(in), largeAmount, manyRespondents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a table: tab-separated id, condition, tier, description; '#' starts a comment line. */
    public static List<Rule> parse(InputStream in) throws IOException {
        List<Rule> rows = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t");
            if (cells.length != 4) {
                throw new IllegalArgumentException("a triage rule has 4 cells: " + line);
            }
            rows.add(new Rule(
                    cells[0].strip(), cells[1].strip(), MediationTier.valueOf(cells[2].strip()), cells[3].strip()));
        }
        return rows;
    }

    public List<Rule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }

    /** The tier for these facts, with the rule that decided. */
    public TriageDecision decide(TriageFacts facts) {
        for (Compiled c : rules) {
            if (c.test().test(facts)) {
                return new TriageDecision(
                        c.rule().tier(), c.rule().id(), c.rule().description());
            }
        }
        throw new IllegalStateException("no triage rule holds"); // the last one always does
    }

    private static Predicate<TriageFacts> condition(String text, BigDecimal largeAmount, int manyRespondents) {
        Predicate<TriageFacts> all = f -> true;
        for (String part : text.split("&")) {
            String t = part.strip();
            boolean negated = t.startsWith("!");
            Predicate<TriageFacts> test = test(negated ? t.substring(1).strip() : t, largeAmount, manyRespondents);
            all = all.and(negated ? test.negate() : test);
        }
        return all;
    }

    private static Predicate<TriageFacts> test(String name, BigDecimal largeAmount, int manyRespondents) {
        if (name.startsWith("FAILED_AT:")) {
            MediationTier tier = MediationTier.valueOf(name.substring("FAILED_AT:".length()));
            return f -> f.failedTier() == tier;
        }
        return switch (name) {
            case "ALWAYS" -> f -> true;
            case "LAW_UNCLEAR" -> TriageFacts::lawUnclear;
            case "NEW_TYPE" -> TriageFacts::newType;
            case "COMPLEX" -> TriageFacts::complex;
            case "DEPARTMENT" -> f -> f.department() != null && !f.department().isBlank();
            case "LARGE_AMOUNT" ->
                f -> f.amountAtStake() != null && f.amountAtStake().compareTo(largeAmount) > 0;
            case "MANY_RESPONDENTS" -> f -> f.respondents() >= manyRespondents;
            default -> throw new IllegalArgumentException("unknown triage test " + name);
        };
    }
}
