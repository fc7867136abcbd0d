package org.hotline.cti.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium and its chromedriver, with the flags that work in this sandbox, on a
 * fresh profile that {@link #close} deletes: what the browser ITs (dashboard, inbox, bulletin) share.
 * Fails (never skips) when Chromium or chromedriver cannot start: {@code .ci/setup} installs them.
 */
public final class Chromium implements AutoCloseable {
    private final Path profile;
    private final WebDriver driver;

    public Chromium() {
        try {
            profile = Files.createTempDirectory("cti-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = start(profile);
    }

    private static WebDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1366,768",
                "--lang=zh-CN");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    public WebDriver driver() {
        return driver;
    }

    /** A wait that polls every 100 ms; pages re-render rows, so an element found a moment ago may be gone. */
    public WebDriverWait waitUp(Duration d) {
        return (WebDriverWait)
                new WebDriverWait(driver, d, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Opens {@code url} and logs in through the page's shared login form (login.js). */
    public void logIn(String url, String user, String password) {
        driver.get(url);
        waitUp(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        var field = driver.findElement(By.id("login-user"));
        field.clear();
        field.sendKeys(user);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    /** Saves what the window shows to {@code file}. */
    public void shot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(),
                    file,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console errors so far (script errors, Content-Security-Policy violations). */
    public List<LogEntry> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
