package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.DevPhone;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A newcomer's first survey, in a real browser: open the dev phone, start an SMS survey and answer it in
 * the text box, start a call and answer it on the keypad, and find the answers stored. Runs headless
 * Chromium through Debian's chromedriver; without them it is skipped with a notice, unless
 * {@code REQUIRE_BROWSER=true} (CI) makes a missing browser a failure. It also takes the README's screenshot.
 */
class DevPhoneBrowserTest extends ServiceTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private DevPhone devPhone;
    /** A switch of the page's own, wired to no server: the page flips it as it would the local S3's. */
    private final com.surveyrelay.local.Faults pageFaults = new com.surveyrelay.local.Faults();
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openTheDevPhone() throws Exception {
        boolean available = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!available && "true".equals(System.getenv("REQUIRE_BROWSER"))) {
            throw new IllegalStateException("REQUIRE_BROWSER=true but /usr/bin/chromium or /usr/bin/chromedriver is "
                    + "missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(available, "NOTICE: the dev phone browser test is skipped: install Debian's chromium "
                + "and chromium-driver to run it");
        devPhone = DevPhone.start(0, SERVICES.emulator(), URI.create("http://localhost:" + port), API_KEY,
                java.util.Map.of("s3", pageFaults));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("dev-phone-chromium"));
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(40));
        browser.get(devPhone.url().toString());
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (devPhone != null) {
            devPhone.close();
        }
    }

    private void waitFor(String elementId, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(elementId), text));
    }

    private void reply(String text) {
        browser.findElement(By.id("text")).sendKeys(text, Keys.ENTER);
    }

    @Test
    void theOperatorFlipsAFaultSwitchFromThePage() {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("fault-s3")));
        new Select(browser.findElement(By.id("fault-s3"))).selectByValue("error");
        waitFor("status", "s3: error");
        assertThat(pageFaults.mode()).isEqualTo(com.surveyrelay.local.Faults.Mode.ERROR);
        new Select(browser.findElement(By.id("fault-s3"))).selectByValue("none");
        waitFor("status", "s3: ok");
        assertThat(pageFaults.mode()).isEqualTo(com.surveyrelay.local.Faults.Mode.NONE);
        // Every mode the README lists, and one only the API sets shown, not a blank select (until 2026-12-06).
        new Select(browser.findElement(By.id("fault-s3"))).selectByValue("denied");
        waitFor("status", "s3: denied");
        assertThat(pageFaults.mode()).isEqualTo(com.surveyrelay.local.Faults.Mode.DENIED);
        pageFaults.refuse(400, 21610);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("fault-s3")));
        assertThat(new Select(browser.findElement(By.id("fault-s3"))).getFirstSelectedOption().getText())
                .isEqualTo("refused (set by the API)");
        pageFaults.clear();
    }

    @Test
    void answersAnSmsSurveyAndACallFromTheBrowser() throws Exception {
        browser.findElement(By.id("number")).clear();
        browser.findElement(By.id("number")).sendKeys(respondent);
        // The Language list holds the chosen survey's languages, read from the service's survey list.
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(page -> new Select(page.findElement(By.id("language")))
                .getOptions().size() == 4);
        assertThat(new Select(browser.findElement(By.id("language"))).getOptions())
                .extracting(option -> option.getAttribute("value")).containsExactly("", "en-US", "es-MX", "fr-CA");
        new Select(browser.findElement(By.id("language"))).selectByValue("en-US");

        browser.findElement(By.id("start-sms")).click();
        waitFor("thread", "Hi, this is a one-minute survey");
        reply("continue");
        waitFor("thread", "First question.");
        reply("4");
        waitFor("thread", "Which of our products do you use the most?");
        reply("The app");
        waitFor("thread", "how helpful was the person");
        reply("5");
        waitFor("thread", "Is there anything else");
        reply("Great service");
        waitFor("thread", "Here is what you told us:");

        browser.findElement(By.id("start-call")).click();
        waitFor("transcript", "Pour le français, appuyez sur 3");
        browser.findElement(By.id("key-2")).click();
        waitFor("transcript", "Muy bien, comencemos.");
        browser.findElement(By.id("key-5")).click();
        waitFor("transcript", "¿Cuál de nuestros productos usa más?");
        browser.findElement(By.id("say")).sendKeys("la tienda", Keys.ENTER);
        waitFor("transcript", "¿qué tan útil fue la persona");
        browser.findElement(By.id("key-4")).click();
        waitFor("transcript", "¿Hay algo más que quiera contarnos?");
        browser.findElement(By.id("say")).sendKeys("nada más", Keys.ENTER);
        waitFor("transcript", "Eso es todo. Gracias por su tiempo, adiós.");
        waitFor("call-status", "completed");

        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Path screenshot = Path.of("target", "dev-phone.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        String prefix = "survey-results/" + respondent.substring(1) + "/";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(keys(prefix)).hasSize(2));
        for (String key : keys(prefix)) {
            assertThat(json(object(key)).get("surveyStatus").asText()).as(key).isEqualTo("COMPLETED");
        }
    }
}
