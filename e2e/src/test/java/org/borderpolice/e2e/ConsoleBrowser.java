package org.borderpolice.e2e;

import java.io.IOException;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * One demo user's console in its own headless Chromium, logged in at its jurisdiction's gateway,
 * for the page tests: ConsoleIT's browser, login, navigation and language switch (the console's
 * own tests own them; these are the same calls), with waits on what a page shows.
 */
final class ConsoleBrowser implements AutoCloseable {

    private final ChromeDriver driver;

    private ConsoleBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A browser with {@code user} logged in through Keycloak at the console of {@code code}'s gateway. */
    static ConsoleBrowser open(Suite suite, DemoUsers.User user, String code) {
        ChromeDriver driver = ConsoleIT.browser();
        try {
            ConsoleIT login = new ConsoleIT();
            login.suite = suite;
            login.login(driver, code, user.role());
            return new ConsoleBrowser(driver);
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Shows a route of the console: "cases?tab=requests" is #/cases?tab=requests. */
    void go(String route) {
        ConsoleIT.go(driver, route);
    }

    void language(String lang) {
        ConsoleIT.setLanguage(driver, lang);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        // the page sees the new size at its next frames (resize events, observers): measure after them
        ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
    }

    WebElement await(By what) {
        return ConsoleIT.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(what));
    }

    void awaitText(By what, String text) {
        ConsoleIT.waiting(driver)
                .until(d ->
                        d.findElements(what).stream().anyMatch(e -> e.getText().contains(text)));
    }

    /**
     * The route's page has rendered it (its element in main, its update done) and shows what it
     * loads (no loading note left).
     */
    void awaitLoaded(String route) {
        // the router has given the page this route (a hash change is handled after the script that made it)
        ConsoleIT.waiting(driver)
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "const el = document.querySelector('main > *'), r = el && el.route;"
                                + "if (!r || el.localName !== 'page-' + r.page) return false;"
                                + "const q = r.query.toString();"
                                + "return [r.page, ...r.segments].join('/') + (q ? '?' + q : '') === arguments[0];",
                        route)));
        driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "document.querySelector('main > *').updateComplete.then(() => done(true));");
        ConsoleIT.waiting(driver)
                .until(d -> d.findElements(By.cssSelector("main .loading")).isEmpty());
    }

    /** target/console-screenshots/&lt;name&gt;.png */
    void screenshot(String name) throws IOException {
        ConsoleIT.screenshot(driver, name);
    }

    void assertEveryControlLabelled() {
        ConsoleIT.assertEveryControlLabelled(driver);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
