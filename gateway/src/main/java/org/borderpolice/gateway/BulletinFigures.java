package org.borderpolice.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which of a service's statistics make a section of the weekly bulletin: the figures are read from
 * the service's own answer (its statistics endpoint, for the week's dates), never computed here.
 */
public final class BulletinFigures {

    /** The four severities in the order of the four-level warning (红橙黄蓝). */
    static final String[] SEVERITIES = {"RED", "ORANGE", "YELLOW", "BLUE"};

    private BulletinFigures() {}

    /** intel-sharing's {@code GET /api/v1/alerts/statistics}. */
    public static Bulletin.Alerts alerts(Bulletin.Source source, JsonNode figures) {
        if (figures == null) {
            return new Bulletin.Alerts(source, null, null);
        }
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (String severity : SEVERITIES) {
            bySeverity.put(severity, figures.path("bySeverity").path(severity).asLong(0));
        }
        return new Bulletin.Alerts(source, figures.path("published").asLong(), bySeverity);
    }

    /** case-exchange's {@code GET /api/v1/case-statistics}. */
    public static Bulletin.Cases cases(Bulletin.Source source, JsonNode figures) {
        if (figures == null) {
            return new Bulletin.Cases(source, null, null, null, null, null, null);
        }
        JsonNode assistance = figures.path("assistance");
        long answered = 0;
        for (JsonNode row : assistance.path("byAddressee")) {
            answered += row.path("answer").path("count").asLong(0);
        }
        return new Bulletin.Cases(
                source,
                figures.path("cases").path("filed").asLong(),
                figures.path("cases").path("solved").asLong(),
                assistance.path("sent").asLong(),
                answered,
                // an older case-exchange does not count it: unknown, not none
                assistance.has("answeredOnTime")
                        ? assistance.get("answeredOnTime").asLong()
                        : null,
                assistance.path("overdueInPeriod").asLong());
    }

    /** joint-mediation's {@code GET /api/v1/mediation-statistics}. */
    public static Bulletin.Disputes disputes(Bulletin.Source source, JsonNode figures) {
        if (figures == null) {
            return new Bulletin.Disputes(source, null, null);
        }
        return new Bulletin.Disputes(
                source,
                figures.path("reported").asLong(),
                figures.path("resolved").asLong());
    }

    /** The liaison directory's {@code GET /api/v1/directory/statistics}. */
    public static Bulletin.Patrols patrols(Bulletin.Source source, JsonNode figures) {
        if (figures == null) {
            return new Bulletin.Patrols(source, null, null, null, null);
        }
        return new Bulletin.Patrols(
                source,
                figures.path("patrols").asLong(),
                figures.path("patrolsHeld").asLong(),
                figures.path("patrolsCancelled").asLong(),
                figures.path("meetingsHeld").asLong());
    }
}
