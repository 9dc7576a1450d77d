package org.borderpolice.e2e;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless browser (Debian's Chromium and its chromedriver), on the
 * shared suite ({@link SharedSuite}): a Jiangshan analyst logs in through Keycloak's login page
 * (authorization code with PKCE at the gateway) and publishes a red alert for Pucheng; in
 * Pucheng's console, open in a second browser logged in at Pucheng's gateway, it appears without a
 * reload (the merged notification stream), is acknowledged (签收) there, and is found by a search
 * in Chinese. The session stands in for a bearer token only with the console's CSRF header on a
 * change; without a session the API is 401 problem+json. Screenshots of every page in both
 * languages go to target/console-screenshots/ (CI artefacts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {

    static final Path CHROMIUM = Path.of(System.getProperty("border.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("border.chromedriver", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** Every page of the console's navigation (console/js/app.js NAV) and the alerts page's own views. */
    static final List<String> PAGES = List.of(
            "alerts",
            "alerts/new",
            "alerts/check",
            "alerts/disclosures",
            "cases",
            "disputes",
            "directory",
            "bulletin",
            "statistics");

    Suite suite;
    ChromeDriver jiangshan;
    ChromeDriver pucheng;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws IOException {
        assumeChromium();
        suite = SharedSuite.get();
        Files.createDirectories(SCREENSHOTS);
        jiangshan = browser();
        pucheng = browser();
    }

    @AfterAll
    void stop() {
        for (WebDriver driver : new WebDriver[] {jiangshan, pucheng}) {
            if (driver != null) {
                driver.quit();
            }
        }
    }

    /** Skips the console's tests without a browser, unless -Dborder.console.browser-required=true (.ci/run) makes that a failure. */
    static void assumeChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "no Chromium and chromedriver at " + CHROMIUM + ", " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver; .ci/run does)";
        if (Boolean.getBoolean("border.console.browser-required")) {
            assertTrue(present, missing);
        }
        Assumptions.assumeTrue(present, missing);
    }

    static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // CI runs as root
                "--disable-dev-shm-usage",
                "--window-size=1280,800",
                "--lang=zh-CN",
                "--no-first-run",
                "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * The console at 127.0.0.1, not localhost: the demo realms admit a loopback redirect at any
     * port only for an IP literal (RFC 8252 7.3; Keycloak refuses {@code http://localhost:<free port>}).
     */
    String console(String code) {
        return suite.gateway(code).baseUrl().replace("//localhost:", "//127.0.0.1:") + "/console/";
    }

    static WebDriverWait waiting(WebDriver driver) {
        return new WebDriverWait(driver, PATIENCE);
    }

    /** Logs the demo user of this role in through the console's login link and Keycloak's login page. */
    void login(WebDriver driver, String code, String role) {
        DemoUsers.User user = DemoUsers.withRole(SharedSuite.repo(), code, role);
        driver.get(console(code));
        waiting(driver)
                .until(ExpectedConditions.elementToBeClickable(By.id("login-start")))
                .click();
        // Keycloak's own page, at the jurisdiction's realm
        WebElement username = waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(
                driver.getCurrentUrl().contains("/realms/border-" + code + "/protocol/openid-connect/auth"),
                driver.getCurrentUrl());
        assertTrue(driver.getCurrentUrl().contains("code_challenge_method=S256"), "PKCE: " + driver.getCurrentUrl());
        username.sendKeys(user.username());
        driver.findElement(By.id("password")).sendKeys(Suite.demoPassword());
        driver.findElement(By.id("kc-login")).click();
        waiting(driver)
                .withMessage(() -> "back at the console as " + user.name() + "? at " + driver.getCurrentUrl() + ": "
                        + driver.findElements(By.tagName("body")).stream()
                                .map(WebElement::getText)
                                .findFirst()
                                .orElse(""))
                .until(d -> d.getCurrentUrl().startsWith(console(code))
                        && d.findElement(By.id("user")).getText().startsWith(user.name()));
        // the tokens stayed in the gateway: the browser holds an HttpOnly, SameSite=Strict session cookie
        Cookie session = driver.manage().getCookies().stream()
                .filter(c -> c.getName().startsWith("q_session_console" + code))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no session cookie: " + driver.manage().getCookies()));
        assertTrue(session.isHttpOnly(), "HttpOnly");
        assertEquals("Strict", session.getSameSite());
        Object stored = ((JavascriptExecutor) driver)
                .executeScript(
                        "return document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
        assertFalse(String.valueOf(stored).contains("eyJ"), "no token readable by the page: " + stored);
    }

    static void go(WebDriver driver, String hash) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", "#/" + hash);
    }

    @Test
    void anAnalystPublishesAndThePartnerSeesItLiveAcknowledgesAndFindsIt() throws Exception {
        login(jiangshan, JIANGSHAN, "analyst");
        login(pucheng, PUCHENG, "analyst");

        // Pucheng's list is open, its stream connected; nothing is reloaded from here on
        go(pucheng, "alerts");
        waiting(pucheng)
                .until(d -> "open".equals(d.findElement(By.id("stream-status")).getDomAttribute("data-status")));
        waiting(pucheng).until(ExpectedConditions.presenceOfElementLocated(By.id("alert-q")));
        Object marker = ((JavascriptExecutor) pucheng).executeScript("return window.consoleLoadMarker = 'kept'");

        // Jiangshan publishes a red alert for Pucheng
        // a word no other alert has: the heavenly stems in an order of this run
        String stems = "甲乙丙丁戊己庚辛壬癸";
        StringBuilder tag = new StringBuilder("冻品");
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 5; i++) {
            tag.append(stems.charAt(random.nextInt(stems.length())));
        }
        String words = tag.toString();
        String title = "红色预警：" + words + "货车";
        go(jiangshan, "alerts/new");
        WebElement titleInput =
                waiting(jiangshan).until(ExpectedConditions.visibilityOfElementLocated(By.id("publish-title")));
        assertEveryControlLabelled(jiangshan);
        titleInput.sendKeys(title);
        jiangshan.findElement(By.id("publish-body")).sendKeys("一辆浙H牌照冷藏货车疑似运输走私冻品，可能经205国道进入浦城，请沿线卡口查控。");
        new Select(jiangshan.findElement(By.id("publish-category"))).selectByValue("SMUGGLING");
        new Select(jiangshan.findElement(By.id("publish-severity"))).selectByValue("RED");
        jiangshan
                .findElement(By.cssSelector("input[name=distribution][value='" + PUCHENG + "']"))
                .click();
        jiangshan.findElement(By.cssSelector("button.add-subject")).click();
        new Select(jiangshan.findElement(By.id("alert-publish-kind-0"))).selectByValue("VEHICLE");
        jiangshan.findElement(By.id("alert-publish-value-0")).sendKeys("浙H12345");
        jiangshan.findElement(By.id("publish-submit")).click();
        waiting(jiangshan).until(d -> d.getCurrentUrl().matches(".*#/alerts/[0-9a-f-]{36}$"));
        String id = jiangshan.getCurrentUrl().replaceAll(".*#/alerts/", "");
        waiting(jiangshan)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-detail h2"), title));

        // ... and it arrives in Pucheng's open list through the stream, with its deadline counting down
        By arrived = By.cssSelector("li[data-alert-id='" + id + "']");
        WebElement item = waiting(pucheng).until(ExpectedConditions.visibilityOfElementLocated(arrived));
        assertEquals(
                "kept", ((JavascriptExecutor) pucheng).executeScript("return window.consoleLoadMarker"), "no reload");
        assertEquals("kept", marker);
        assertTrue(item.getText().contains(title), item.getText());
        assertTrue(
                item.findElement(By.cssSelector("severity-badge .severity-red")).isDisplayed());
        String countdown =
                item.findElement(By.cssSelector("deadline-countdown time")).getText();
        assertTrue(countdown.contains("剩余") || countdown.contains("已超期"), countdown);
        screenshot(pucheng, PUCHENG + "-alerts-live-zh");

        // Pucheng acknowledges it
        item.findElement(By.cssSelector("button.ack-button")).click();
        WebElement dialog = waiting(pucheng)
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("li[data-alert-id='" + id + "'] dialog")));
        dialog.findElement(By.tagName("textarea")).sendKeys("已部署205国道卡口查控");
        screenshot(pucheng, PUCHENG + "-alerts-acknowledge-zh");
        dialog.findElement(By.cssSelector("button.ack-confirm")).click();
        waiting(pucheng).until(d -> d.findElement(arrived).getText().contains("已签收"));

        // Jiangshan sees Pucheng's receipt on the alert once it has come back (the page read again)
        new WebDriverWait(jiangshan, PATIENCE)
                .pollingEvery(Duration.ofSeconds(3))
                .until(d -> {
                    d.navigate().refresh();
                    new WebDriverWait(d, Duration.ofSeconds(20))
                            .until(ExpectedConditions.presenceOfElementLocated(
                                    By.cssSelector("section.panel table tbody tr")));
                    return d.findElements(By.cssSelector("section.panel table tbody tr")).stream()
                            .anyMatch(r -> r.getText().contains("浦城县公安局")
                                    && r.getText().contains("情报指挥中心"));
                });
        screenshot(jiangshan, JIANGSHAN + "-alert-detail-zh");

        // Pucheng searches it in Chinese: the words of the title, with facets
        WebElement q = pucheng.findElement(By.id("alert-q"));
        q.clear();
        q.sendKeys(words);
        pucheng.findElement(By.cssSelector("form[role=search] button[type=submit]"))
                .click();
        waiting(pucheng).until(d -> d.getCurrentUrl().contains("q="));
        waiting(pucheng).until(d -> {
            List<WebElement> items = d.findElements(By.cssSelector("li.alert-item"));
            return items.size() == 1
                    && items.get(0).getDomAttribute("data-alert-id").equals(id);
        });
        String facets = pucheng.findElement(By.cssSelector("aside.facets")).getText();
        assertTrue(facets.contains("红色") && facets.contains("走私") && facets.contains("江山市公安局"), facets);
        screenshot(pucheng, PUCHENG + "-alerts-search-zh");

        // the session stands in for a token: reads with it, changes only with the console's header
        sessionRefusals(pucheng, PUCHENG, id);
    }

    /** The console's session at the API: a read passes, a change without X-Border-Console is 403, none at all 401. */
    void sessionRefusals(WebDriver driver, String code, String id) throws Exception {
        String gateway = suite.gateway(code).baseUrl();
        String cookies = driver.manage().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        HttpResponse<String> read = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/alerts/" + id))
                        .header("Cookie", cookies)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
        // the gateway takes the session's user for the caller
        HttpResponse<String> caller = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/gateway/caller"))
                        .header("Cookie", cookies)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, caller.statusCode(), caller.body());
        assertTrue(
                caller.body().contains("\"jurisdiction\":\"" + code + "\"")
                        && caller.body().contains("analyst"),
                caller.body());
        // a bearer token beside the cookie is what is checked: the session never stands in for a bad one
        HttpResponse<String> badBearer = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/alerts/" + id))
                        .header("Cookie", cookies)
                        .header("Authorization", "Bearer not-a-token")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, badBearer.statusCode(), badBearer.body());
        HttpResponse<String> forged = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/alerts/" + id + "/acknowledgement"))
                        .header("Cookie", cookies)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), forged.body());
        assertEquals(
                "application/problem+json",
                forged.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> withHeader = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/alerts/" + id + "/acknowledgement"))
                        .header("Cookie", cookies)
                        .header("X-Border-Console", "1")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withHeader.statusCode(), withHeader.body()); // idempotent: the receipt already made
        HttpResponse<String> none = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/alerts/" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertEquals(
                "application/problem+json",
                none.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> stale = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/alerts/" + id))
                        .header("Cookie", "q_session_console" + code + "=stale")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, stale.statusCode(), "a session that is not valid: 401, never a login redirect");
        assertEquals(
                "application/problem+json",
                stale.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void everyPageInBothLanguages() throws Exception {
        ChromeDriver driver = browser();
        try {
            login(driver, JIANGSHAN, "commander");
            for (String lang : List.of("zh", "en")) {
                setLanguage(driver, lang);
                for (String page : PAGES) {
                    go(driver, page);
                    waiting(driver)
                            .until(d ->
                                    !d.findElements(By.cssSelector("main > *")).isEmpty()
                                            && d.findElements(By.cssSelector("main .loading"))
                                                    .isEmpty());
                    String text = driver.findElement(By.tagName("body")).getText();
                    Matcher missing = Pattern.compile("\\b(console|alerts):[a-zA-Z][\\w.]*")
                            .matcher(text);
                    assertFalse(missing.find(), page + " (" + lang + ") shows an untranslated key: " + text);
                    assertEquals(
                            "zh".equals(lang) ? "zh-CN" : "en",
                            driver.findElement(By.tagName("html")).getDomAttribute("lang"));
                    assertEveryControlLabelled(driver);
                    screenshot(driver, JIANGSHAN + "-" + page.replace('/', '-') + "-" + lang);
                }
            }
            // at a tablet's width too
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
            setLanguage(driver, "zh");
            go(driver, "alerts");
            waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("alert-q")));
            screenshot(driver, JIANGSHAN + "-alerts-tablet-zh");
            driver.findElement(By.id("logout")).click();
            waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-start")));
        } finally {
            driver.quit();
        }
    }

    static void setLanguage(WebDriver driver, String lang) {
        String current = driver.findElement(By.tagName("html")).getDomAttribute("lang");
        if (!current.startsWith(lang)) {
            driver.findElement(By.id("lang")).click();
            waiting(driver)
                    .until(d -> d.findElement(By.tagName("html"))
                            .getDomAttribute("lang")
                            .startsWith(lang));
        }
    }

    /** Every visible form control has a label (a <label for>, an enclosing label or aria-label). */
    static void assertEveryControlLabelled(WebDriver driver) {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) driver)
                .executeScript("return [...document.querySelectorAll('main input, main select, main textarea')]"
                        + ".filter(e => e.type !== 'hidden' && e.offsetParent !== null)"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
                        + ".map(e => e.outerHTML)");
        assertTrue(unlabelled.isEmpty(), "controls without a label: " + unlabelled);
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
