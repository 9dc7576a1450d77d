package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Probe traffic for the ITs: publish through the REST API, wait for it at a partner. */
final class Probes {

    static final Duration PATIENCE = Await.MACHINE;

    private Probes() {}

    /** Publish count probes titled "title #i" (token of an integrator of the origin); their ids. */
    static List<String> publish(
            RequestSpecification origin, String token, int count, String title, Collection<String> distribution) {
        return given().spec(origin)
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("count", count, "title", title, "distribution", distribution))
                .when()
                .post("/api/v1/probes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("", String.class);
    }

    /** All count probes of this title arrived at the partner, and the origin's outbox to it is empty. */
    static void awaitDelivered(
            String originCode,
            PostgresServer.Database originDb,
            String partnerCode,
            PostgresServer.Database partnerDb,
            String title,
            int count) {
        Await.until(
                PATIENCE,
                () -> partnerDb.count(
                                "SELECT count(*) FROM probe_replica WHERE origin = ? AND title LIKE ?",
                                originCode,
                                title + " #%")
                        == count,
                () -> count + " probes '" + title + "' at " + partnerCode);
        Await.until(
                PATIENCE,
                () -> originDb.count("SELECT count(*) FROM federation.outbox WHERE destination = ?", partnerCode) == 0,
                () -> "outbox to " + partnerCode + " drained");
    }

    private static final Pattern VERIFIED_TOKEN_GETS =
            Pattern.compile("(?m)^cache_gets_total\\{cache=\"verified-tokens\",result=\"(hit|miss)\"[^}]*} (\\S+)$");

    /**
     * That {@code calls} found their tokens among those {@code process} verified before: at least
     * {@code hits} hits and no miss. A partner's process calls on its own schedule too (audit
     * anchors), and a token of its own seen for the first time is a miss; its hits would pass a
     * count of hits alone. So a round counts only when no miss came in it; were the calls' token
     * verified again, every round would have a miss. Fails after five rounds without a quiet one.
     */
    static void assertTokensRemembered(JurisdictionProcess process, int hits, Runnable calls, String message) {
        for (int round = 0; round < 5; round++) {
            long hitsBefore = verifiedTokenGets(process, "hit");
            long missesBefore = verifiedTokenGets(process, "miss");
            calls.run();
            if (verifiedTokenGets(process, "miss") == missesBefore) {
                long found = verifiedTokenGets(process, "hit") - hitsBefore;
                if (found < hits) {
                    throw new AssertionError(
                            message + ": " + found + " hits in a round without a miss, " + hits + " expected");
                }
                return;
            }
        }
        throw new AssertionError(message + ": every round verified a token again");
    }

    /**
     * How many bearer tokens this process found among those it verified before (hit) or had to
     * verify (miss): the metrics of its VerifiedTokens, on the management interface.
     */
    static long verifiedTokenGets(JurisdictionProcess process, String result) {
        String metrics = given().relaxedHTTPSValidation()
                .baseUri(process.managementUrl())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = VERIFIED_TOKEN_GETS.matcher(metrics);
        while (m.find()) {
            if (m.group(1).equals(result)) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no cache_gets_total of the verified tokens (" + result + ") in the metrics");
    }
}
