package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.cases.fast.PartnerCaseRulesTest.deliver;
import static org.borderpolice.cases.fast.PartnerCaseRulesTest.event;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.borderpolice.cases.service.AssistanceNotifications;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A partner's assistance request addressed to Jiangshan is a notification for Jiangshan's
 * investigators and commanders (who accept and answer it) when it arrives, and again once when
 * it is due within the hour; nobody else's.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class AssistanceNotificationTest {

    @Inject
    AgroalDataSource db;

    @Inject
    AssistanceNotifications reminders;

    long newest() {
        return Callers.count(db, "SELECT coalesce(max(id), 0) FROM federation.notification");
    }

    static List<String> kinds(io.restassured.specification.RequestSpecification caller, long after, String recordId) {
        return caller.queryParam("after", after)
                .get("/api/v1/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.recordId == '" + recordId + "' }.kind");
    }

    @Test
    void aRequestAddressedToUsIsForOurInvestigatorsAndCommandersWhenItArrivesAndWhenItIsDueSoon() {
        long before = newest();
        String caseId = PartnerAssistanceRulesTest.puchengsCase();
        Instant now = Instant.now();
        String soon = RecordIds.create(PUCHENG).toString();
        String later = RecordIds.create(PUCHENG).toString();
        for (var r : List.of(
                PartnerAssistanceRulesTest.request(soon, caseId, now, now.plus(Duration.ofMinutes(30))),
                PartnerAssistanceRulesTest.request(later, caseId, now, now.plus(Duration.ofHours(3))))) {
            assertEquals(
                    Outcome.APPLIED,
                    deliver(PUCHENG, event(PUCHENG, "cases.assistance-request", r.getId(), 1, r))
                            .getResults(0)
                            .getOutcome());
        }
        // the sweep, twice (also as the schedule may run it meanwhile): once per request
        reminders.announceDueSoon(Instant.now());
        reminders.announceDueSoon(Instant.now());

        for (String role : List.of("investigator", "commander")) {
            assertEquals(List.of("assistance.received", "assistance.due-soon"), kinds(home(role), before, soon), role);
            assertEquals(List.of("assistance.received"), kinds(home(role), before, later), role);
        }
        JsonPath received = home("investigator")
                .queryParam("after", before)
                .get("/api/v1/notifications")
                .then()
                .extract()
                .jsonPath();
        assertEquals(
                List.of("浦城县公安局 协查请求待受理（查找人员）：请查找该人员在江山的落脚点。"),
                received.getList(
                        "findAll { it.recordId == '" + soon + "' && it.kind == 'assistance.received' }.title"));
        // roles that do not take requests on: nothing; Pucheng's investigator at our service: refused
        for (String role : List.of("analyst", "mediator", "integrator")) {
            assertEquals(List.of(), kinds(home(role), before, soon), role);
        }
        Callers.as(PUCHENG, "investigator")
                .queryParam("after", before)
                .get("/api/v1/notifications")
                .then()
                .statusCode(403);
    }

    /** A user of Jiangshan with this subject. */
    static io.restassured.specification.RequestSpecification user(String subject, String... roles) {
        return io.restassured.RestAssured.given()
                .auth()
                .oauth2(JurisdictionTestResource.issuer(
                                org.borderpolice.federation.testing.JurisdictionTestResource.SELF)
                        .token(org.borderpolice.federation.testing.JurisdictionTestResource.SELF)
                        .subject(subject)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    /** Issue 25: the officer a partner's request is assigned to (their account here) is told, and only they. */
    @Test
    void theOfficerAssignedARequestIsToldAndNobodyElse() {
        long before = newest();
        String caseId = PartnerAssistanceRulesTest.puchengsCase();
        Instant now = Instant.now();
        String id = RecordIds.create(PUCHENG).toString();
        var r = PartnerAssistanceRulesTest.request(id, caseId, now, now.plus(Duration.ofHours(5)));
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.assistance-request", id, 1, r))
                        .getResults(0)
                        .getOutcome());
        String officer = "officer-" + java.util.UUID.randomUUID();
        String colleague = "colleague-" + java.util.UUID.randomUUID();
        // refusals assign nothing and tell nobody: a role that does not accept, a partner's user, a bad account
        for (var refused : List.of(home("analyst"), Callers.as(PUCHENG, "investigator"))) {
            refused.contentType(io.restassured.http.ContentType.JSON)
                    .body(java.util.Map.of("officerName", "王建国", "officerAccount", officer))
                    .post("/api/v1/assistance-requests/" + id + "/acceptance")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        home("commander")
                .contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("officerName", "王建国", "officerAccount", "a".repeat(201)))
                .post("/api/v1/assistance-requests/" + id + "/acceptance")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(
                List.of(),
                kinds(user(officer, "investigator"), before, id).stream()
                        .filter("assistance.assigned"::equals)
                        .toList());

        home("commander")
                .contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("officerName", "王建国", "officerId", "330881012", "officerAccount", officer))
                .post("/api/v1/assistance-requests/" + id + "/acceptance")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("ACCEPTED"));
        // the officer: told, with the request's partner, kind and details
        JsonPath mine = user(officer, "investigator")
                .queryParam("after", before)
                .get("/api/v1/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of("浦城县公安局 协查请求已指派给您（查找人员）：请查找该人员在江山的落脚点。"),
                mine.getList("findAll { it.recordId == '" + id + "' && it.kind == 'assistance.assigned' }.title"));
        // another investigator, the commander who assigned it: not this one
        for (var other : List.of(user(colleague, "investigator"), home("commander"))) {
            assertEquals(List.of("assistance.received"), kinds(other, before, id));
        }
        // the named account without a role that reads assistance requests (a mediator's, say):
        // not told, so whoever accepts cannot show a request's details to such an account
        assertEquals(List.of(), kinds(user(officer, "mediator"), before, id));
        assertEquals(List.of("assistance.assigned"), kinds(user(officer, "analyst"), before, id));
        // the account is not sent to the requester
        assertEquals(
                0,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id LIKE ?"
                                + " AND convert_from(payload, 'LATIN1') LIKE ?",
                        id + "%",
                        "%" + officer + "%"));
    }
}
