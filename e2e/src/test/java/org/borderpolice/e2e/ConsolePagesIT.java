package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The console's cases, disputes, directory, bulletin and statistics pages (docs/console.md) in
 * Debian's chromium, on the shared suite with the demo data: a Pucheng investigator accepts a
 * Jiangshan assistance request and answers it with findings and a file, which reach Jiangshan byte
 * for byte; Jiangshan's mediator records a session note, which reaches the team's Guangfeng
 * mediator; every page, in both languages, shows its title in that language and no untranslated
 * key, fits a tablet's width, and is kept as a screenshot in {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePagesIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);
    /** What i18n.js shows for a key it does not have: the key itself, "namespace:key". */
    static final Pattern UNTRANSLATED = Pattern.compile(
            "\\b(cases|caseEnums|disputes|disputeEnums|directory|bulletin|statistics|kit|console):[A-Za-z][\\w.]*");

    Suite suite;
    Path repo;
    DemoData.Loaded demo;
    final List<ConsoleBrowser> browsers = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        ConsoleIT.assumeChromium();
        suite = SharedSuite.get();
        repo = SharedSuite.repo();
        demo = new DemoData(suite, PATIENCE).load();
        Files.createDirectories(ConsoleIT.SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        browsers.forEach(ConsoleBrowser::close);
    }

    ConsoleBrowser browser(String code, String role) {
        ConsoleBrowser b = ConsoleBrowser.open(suite, DemoUsers.withRole(repo, code, role), code);
        browsers.add(b);
        return b;
    }

    RequestSpecification as(String code, String role, String at) {
        return given().baseUri(suite.gateway(at).baseUrl())
                .auth()
                .oauth2(suite.userToken(DemoUsers.withRole(repo, code, role), at))
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    @Test
    void aPuchengInvestigatorAnswersJiangshansAssistanceRequestWithAFile() throws IOException {
        String details =
                "请协查浙H12345厢式货车11月的停放地点（控制台测试 " + UUID.randomUUID().toString().substring(0, 8) + "）";
        Map<String, Object> ask = new LinkedHashMap<>();
        ask.put("caseId", demo.smugglingCase());
        ask.put("addressee", PUCHENG);
        ask.put("kind", "LOCATE_VEHICLE");
        ask.put("priority", "URGENT");
        ask.put("details", details);
        Response sent = as(JIANGSHAN, "investigator", JIANGSHAN)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(ask)
                .post("/api/v1/assistance-requests");
        assertEquals(201, sent.statusCode(), sent.asString());
        String id = sent.jsonPath().getString("id");
        String path = "/api/v1/assistance-requests/" + id;
        Await.until(
                PATIENCE,
                () -> as(PUCHENG, "investigator", PUCHENG).get(path).statusCode() == 200,
                () -> "the request at Pucheng");

        ConsoleBrowser pucheng = browser(PUCHENG, "investigator");
        pucheng.go("cases?tab=requests");
        By card = By.cssSelector("article[data-request='" + id + "']");
        WebElement request = pucheng.await(card);
        assertTrue(request.getText().contains(details), request.getText());
        assertTrue(
                request.findElement(By.tagName("deadline-countdown")).getText().contains("剩余"),
                "the deadline counts down");

        request.findElement(By.cssSelector("form[data-action='accept'] input[name='officerName']"))
                .sendKeys("吴斌");
        request.findElement(By.cssSelector("form[data-action='accept'] button[type='submit']"))
                .click();
        pucheng.awaitText(By.cssSelector("article[data-request='" + id + "'] [data-testid='request-state']"), "已受理");

        byte[] material = ("协查反馈：浙H12345于11月5日至10日停放于仙阳镇仓库，视频已固定。\n" + id + "\n").getBytes(StandardCharsets.UTF_8);
        Path file = Files.createTempFile("反馈材料-", ".txt");
        Files.write(file, material);
        String findings = "经查，该车11月5日至10日四次出现在仙阳镇某仓库。";
        request = pucheng.driver().findElement(card);
        request.findElement(By.cssSelector("form[data-action='answer'] textarea[name='findings']"))
                .sendKeys(findings);
        request.findElement(By.cssSelector("form[data-action='answer'] input[type='file']"))
                .sendKeys(file.toAbsolutePath().toString());
        request.findElement(By.cssSelector("form[data-action='answer'] button[type='submit']"))
                .click();
        pucheng.awaitText(By.cssSelector("article[data-request='" + id + "'] [data-testid='request-state']"), "已反馈");
        pucheng.awaitText(card, file.getFileName().toString());
        pucheng.screenshot(PUCHENG + "-cases-request-answered-zh");

        // Jiangshan, the requester, reads the answer and the file's very bytes
        Await.until(
                PATIENCE,
                () -> "ANSWERED"
                        .equals(as(JIANGSHAN, "investigator", JIANGSHAN)
                                .get(path)
                                .jsonPath()
                                .getString("state")),
                () -> "the answer at Jiangshan");
        assertEquals(
                findings,
                as(JIANGSHAN, "investigator", JIANGSHAN).get(path).jsonPath().getString("findings"));
        String[] fileId = new String[1];
        Await.until(
                PATIENCE,
                () -> {
                    Response files = as(JIANGSHAN, "investigator", JIANGSHAN).get(path + "/answer/files");
                    List<Map<String, Object>> list = files.jsonPath().getList("$");
                    if (list == null
                            || list.isEmpty()
                            || !Boolean.TRUE.equals(list.get(0).get("available"))) {
                        return false;
                    }
                    assertEquals(1, list.size(), "one file answered");
                    assertEquals(file.getFileName().toString(), list.get(0).get("name"));
                    fileId[0] = (String) list.get(0).get("fileId");
                    return true;
                },
                () -> "the answer's file fetched by Jiangshan");
        byte[] downloaded = as(JIANGSHAN, "investigator", JIANGSHAN)
                .accept("*/*")
                .get(path + "/answer/files/" + fileId[0])
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(material, downloaded);
    }

    @Test
    void jiangshansMediatorRecordsASessionNoteThatTheTeamsGuangfengMediatorReads() {
        String text = "双方同意以1987年勘界界桩为界，十五都村分两期赔偿（控制台测试 "
                + UUID.randomUUID().toString().substring(0, 8) + "）";
        ConsoleBrowser jiangshan = browser(JIANGSHAN, "mediator");
        jiangshan.go("disputes/" + demo.dispute());
        By session = By.cssSelector("article[data-session='" + demo.session() + "']");
        WebElement form = jiangshan.await(
                By.cssSelector("article[data-session='" + demo.session() + "'] form[data-action='note']"));
        form.findElement(By.name("text")).sendKeys(text);
        form.findElement(By.cssSelector("button[type='submit']")).click();
        jiangshan.awaitText(session, text);

        String notes = "/api/v1/disputes/" + demo.dispute() + "/sessions/" + demo.session() + "/notes";
        Await.until(
                PATIENCE,
                () -> {
                    Response r = as(GUANGFENG, "mediator", GUANGFENG).get(notes);
                    return r.statusCode() == 200 && r.asString().contains(text);
                },
                () -> "the note at Guangfeng, for the team's Guangfeng mediator");
        // not on the team: the page says the notes are the team's, and shows none
        ConsoleBrowser commander = browser(JIANGSHAN, "commander");
        commander.go("disputes/" + demo.dispute());
        commander.awaitText(session, "调解笔记仅团队调解员可见");
        assertFalse(commander.driver().findElement(session).getText().contains(text));
    }

    /** The calendar of the week of the demo dispute's session shows it on its day, linked to the dispute. */
    @Test
    void theCalendarShowsTheDemoSessionOnItsDayOfItsWeek() {
        ConsoleBrowser commander = browser(JIANGSHAN, "commander");
        commander.language("zh");
        commander.go("disputes");
        // the session's day in the browser's calendar, as the page reads days
        String day = (String) commander
                .driver()
                .executeScript(
                        "const d = new Date(arguments[0]);"
                                + "return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-'"
                                + " + String(d.getDate()).padStart(2, '0');",
                        DemoData.SESSION_STARTS);
        String route = "disputes?tab=calendar&week=" + day;
        commander.go(route);
        commander.awaitLoaded(route);
        commander.awaitText(
                By.cssSelector("section.day[aria-labelledby='day-" + day + "'] li.session-entry a[href='#/disputes/"
                        + demo.dispute() + "']"),
                DemoData.DISPUTE_TITLE);
        // a week later shows it no more
        String next =
                "disputes?tab=calendar&week=" + java.time.LocalDate.parse(day).plusDays(7);
        commander.go(next);
        commander.awaitLoaded(next);
        commander.await(By.cssSelector("[data-testid=week]"));
        assertTrue(commander
                .driver()
                .findElements(By.cssSelector("li.session-entry a[href='#/disputes/" + demo.dispute() + "']"))
                .isEmpty());
    }

    /** page route → its title in Chinese and in English. */
    Map<String, String[]> pages() {
        Map<String, String[]> pages = new LinkedHashMap<>();
        pages.put("cases", new String[] {"联合案件", "Joint cases"});
        pages.put("cases/" + demo.smugglingCase(), new String[] {"联合案件", "Joint cases"});
        pages.put("cases?tab=requests", new String[] {"联合案件", "Joint cases"});
        pages.put("cases?tab=transfers", new String[] {"联合案件", "Joint cases"});
        pages.put("disputes", new String[] {"矛盾纠纷联调", "Joint mediation of disputes"});
        pages.put(
                "disputes?tab=calendar&week="
                        + OffsetDateTime.parse(DemoData.SESSION_STARTS).toLocalDate(),
                new String[] {"矛盾纠纷联调", "Joint mediation of disputes"});
        pages.put("disputes?tab=agreements", new String[] {"矛盾纠纷联调", "Joint mediation of disputes"});
        pages.put("disputes/" + demo.dispute(), new String[] {"矛盾纠纷联调", "Joint mediation of disputes"});
        pages.put("directory", new String[] {"联络名录", "Liaison directory"});
        pages.put("bulletin", new String[] {"工作周报", "Weekly bulletin"});
        pages.put("statistics", new String[] {"统计分析", "Statistics"});
        return pages;
    }

    @Test
    void everyPageInBothLanguagesHasItsTitleNoUntranslatedKeyAndFitsATablet() throws IOException {
        ConsoleBrowser commander = browser(JIANGSHAN, "commander");
        for (String language : List.of("zh", "en")) {
            commander.language(language);
            for (Map.Entry<String, String[]> page : pages().entrySet()) {
                String title = page.getValue()[language.equals("zh") ? 0 : 1];
                commander.size(1280, 800);
                commander.go(page.getKey());
                commander.awaitLoaded(page.getKey());
                commander.awaitText(By.cssSelector("main h1"), title);
                String text = commander.driver().findElement(By.id("main")).getText();
                Matcher untranslated = UNTRANSLATED.matcher(text);
                assertFalse(
                        untranslated.find(),
                        page.getKey() + " (" + language + ") shows the key "
                                + (untranslated.find(0) ? untranslated.group() : ""));
                commander.assertEveryControlLabelled();
                commander.screenshot(JIANGSHAN + "-" + fileName(page.getKey()) + "-" + language);
                // a tablet held upright: nothing wider than the screen
                commander.size(800, 1280);
                long overflow = (Long) ((JavascriptExecutor) commander.driver())
                        .executeScript(
                                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertTrue(
                        overflow <= 0,
                        page.getKey() + " (" + language + ") is " + overflow + " px wider than a tablet");
                if (page.getKey().equals("statistics") || page.getKey().startsWith("disputes?tab=calendar")) {
                    commander.screenshot(JIANGSHAN + "-" + fileName(page.getKey()) + "-" + language + "-tablet");
                }
            }
        }
        // the charts are drawn (ECharts from its webjar, under the console's CSP), each with its table
        commander.size(1280, 800);
        commander.go("statistics");
        commander.await(By.cssSelector("[data-chart] canvas"));
        assertTrue(commander
                        .driver()
                        .findElements(By.cssSelector("details.chart-table table"))
                        .size()
                >= 1);
    }

    /** cases/<uuid>?tab=x → cases-one-tab-x */
    static String fileName(String route) {
        return route.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "one")
                .replaceAll("[^A-Za-z0-9-]+", "-")
                .replaceAll("-+$", "");
    }
}
