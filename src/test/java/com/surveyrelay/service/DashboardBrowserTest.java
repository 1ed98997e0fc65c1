package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.conversation.SessionSteps;
import com.surveyrelay.local.CallAction;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyStatus;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The results dashboard in headless Chromium: after six real SMS surveys of a survey of its own (a copy of the
 * quarterly NPS survey, so no other test's sessions count), two of them left to expire, and a call, the numbers the
 * page shows are those of the stored results. Skipped without Debian's chromium unless {@code REQUIRE_BROWSER=true};
 * takes the README's screenshot.
 */
class DashboardBrowserTest extends ServiceTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String SURVEY = "dashboard-test";
    /** Renamed {@code channel} in the copy: a question may share a name with what the page draws for every survey. */
    private static final String QUESTION = "questionChannel";

    @Autowired
    SurveyCatalog catalog;

    @Autowired
    SessionSteps steps;

    @Autowired
    OutboxRelay relay;

    private WebDriver browser;

    @BeforeEach
    void copyTheNpsSurvey() throws Exception {
        boolean available = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!available && "true".equals(System.getenv("REQUIRE_BROWSER"))) {
            throw new IllegalStateException("REQUIRE_BROWSER=true but /usr/bin/chromium or /usr/bin/chromedriver is "
                    + "missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(available, "NOTICE: the dashboard browser test is skipped: install Debian's chromium "
                + "and chromium-driver to run it");
        Path source = Path.of("config-files/surveys/quarterly-nps");
        String folder = SurveyCatalog.SURVEYS_FOLDER + SURVEY + "/";
        try (S3Client s3 = s3()) {
            for (String tag : List.of("en-US", "es-MX", "fr-CA")) {
                String name = "voice-prompts/survey-" + tag + ".env";
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + name),
                        RequestBody.fromString(Files.readString(source.resolve(name)).replace(QUESTION, "channel")));
            }
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "survey-config.json"),
                    RequestBody.fromString(Files.readString(source.resolve("survey-config.json"))
                            .replace("\"quarterly-nps\"", "\"" + SURVEY + "\"").replace(QUESTION, "channel")));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.listings().stream()
                .anyMatch(listing -> SURVEY.equals(listing.surveyId()) && "active".equals(listing.state())));
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        try (S3Client s3 = s3()) {
            for (String prefix : List.of(SurveyCatalog.SURVEYS_FOLDER + SURVEY + "/", "finished-sessions/" + SURVEY
                    + "/")) {
                keys(prefix).forEach(key -> s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
            }
        }
        // Until the catalog has seen the folder go: the next test's copy is then a fresh load, not the version this
        // test left running (theVersionSelectorShowsAnOlderVersionOnItsOwnQuestions's, without questionContactMe,
        // took the next test's first survey once).
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.listings().stream()
                .noneMatch(listing -> SURVEY.equals(listing.surveyId()) && "active".equals(listing.state())));
    }

    /** One SMS survey of the dashboard's survey, texting these replies after "continue". */
    private void survey(String... replies) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("continue"));
        all.addAll(List.of(replies));
        textedSurvey(all);
    }

    /**
     * One SMS survey of the dashboard's survey that texts these replies (none: the welcome is never answered), then
     * expires as the relay's sweep expires it once {@code SMS_CONVERSATION_TIMEOUT} has passed (here at once).
     */
    private void surveyLeftToExpire(String... replies) throws Exception {
        SessionRef ref = textedSurvey(List.of(replies));
        steps.apply(ref, new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired")).map(SessionSteps.Step::stored)
                .ifPresent(relay::wake);
    }

    /** Starts an SMS survey of the dashboard's survey to a new number and texts these replies; its session. */
    private SessionRef textedSurvey(List<String> replies) throws Exception {
        String number = newRespondent();
        var started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + number + "\", \"surveyId\": \"" + SURVEY
                + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        for (String reply : replies) {
            assertThat(twilio("/sms/webhook", Map.of("From", number, "To", LocalServices.PHONE_NUMBER, "Body", reply,
                    "MessageSid", "SM" + java.util.UUID.randomUUID().toString().replace("-", ""))).statusCode())
                    .isEqualTo(200);
        }
        return new SessionRef(new E164(number), json(started.body()).get("sessionId").asText());
    }

    /** One call of the dashboard's survey that answers the score by keypad, then hangs up at the next question. */
    private void callThatHangsUpAfterTheScore(String score) throws Exception {
        String number = newRespondent();
        SERVICES.emulator().phone(number).script(CallAction.silence(), CallAction.press(score), CallAction.hangUp());
        var started = startSurvey("/voice/initiate-call", "{\"To\": \"" + number + "\", \"surveyId\": \"" + SURVEY
                + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    }

    private void show() {
        browser.findElement(By.id("show")).click();
        // Drawn, or refused: a refusal says why in the status line, which the failure then shows.
        new WebDriverWait(browser, Duration.ofSeconds(40)).until(driver -> "true".equals(driver.findElement(
                By.id("main")).getAttribute("data-loaded")) || refusal(driver) != null);
        assertThat(browser.findElement(By.id("main")).getAttribute("data-loaded")).as("drawn, not refused: %s",
                refusal(browser)).isEqualTo("true");
    }

    /**
     * A Show that met a busy service (two summaries running, the next refused 503) or a storage failure said so and
     * stopped: a reader had to press Show again, and in CI a version listing left running by the previous test's
     * closed browser took the page's Show's room (2026-12-05). It now asks again after the service's Retry-After.
     */
    @Test
    void aShowThatMeetsA503AsksAgainAfterItsRetryAfter() throws Exception {
        openTheDashboard();
        try {
            SERVICES.s3().faults().setFor(com.surveyrelay.local.Faults.Mode.ERROR, Integer.MAX_VALUE,
                    "finished-sessions/" + SURVEY + "/");
            browser.findElement(By.id("show")).click();
            new WebDriverWait(browser, Duration.ofSeconds(40)).until(driver -> driver.findElement(By.id("status"))
                    .getText().contains("Asking again in 5 s."));
            assertThat(text("status")).startsWith("Loading…");
        } finally {
            SERVICES.s3().faults().clear();
        }
        new WebDriverWait(browser, Duration.ofSeconds(40))
                .until(ExpectedConditions.attributeToBe(By.id("main"), "data-loaded", "true"));
        assertThat(text("status")).isEmpty();
        assertThat(text("total-sessions")).isEqualTo("0");
    }

    /** What the status line says when it is neither empty nor loading; null otherwise. */
    private static String refusal(WebDriver driver) {
        String said = driver.findElement(By.id("status")).getText();
        return said.isEmpty() || said.startsWith("Loading") ? null : said;
    }

    /** Opens the page in headless Chromium, enters the key and picks the dashboard's survey; a wait of 40 s. */
    private WebDriverWait openTheDashboard() throws Exception {
        return openTheDashboard(null);
    }

    /**
     * {@link #openTheDashboard()} in a browser whose time zone is this IANA one (Chromium's own emulation), or the
     * machine's when null.
     */
    private WebDriverWait openTheDashboard(String timeZone) throws Exception {
        return openTheDashboard(timeZone, null);
    }

    /**
     * {@link #openTheDashboard(String)}, running {@code beforeLoad} (JavaScript, or null for none) in the page before
     * its own scripts, as Chromium's DevTools let a test do.
     */
    private WebDriverWait openTheDashboard(String timeZone, String beforeLoad) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1700",
                "--user-data-dir=" + Files.createTempDirectory("dashboard-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build(), options);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(40));
        if (timeZone != null) {
            ((ChromeDriver) browser).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId",
                    timeZone));
        }
        if (beforeLoad != null) {
            ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    beforeLoad));
        }
        browser.get("http://localhost:" + port + "/dashboard/index.html");
        browser.findElement(By.id("key")).sendKeys(API_KEY, org.openqa.selenium.Keys.TAB);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#survey option[value='" + SURVEY
                + "']")));
        new Select(browser.findElement(By.id("survey"))).selectByValue(SURVEY);
        return wait;
    }

    /** Types these days into the date fields (empty clears one). */
    private void days(String from, String to) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('from').value = "
                + "arguments[0]; document.getElementById('to').value = arguments[1]; "
                + "document.getElementById('to').dispatchEvent(new Event('change'));", from, to);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String row(String table, String key) {
        return browser.findElement(By.cssSelector("#" + table + " tr[data-key='" + key + "']")).getText();
    }

    @Test
    void theDashboardShowsTheStoredResults() throws Exception {
        survey("10", "app", "5", "3", "yes", "mornings");
        survey("9", "2", "4", "1", "no");
        survey("3", "The queue was far too long", "store", "2", "0", "no");
        survey("STOP");
        // A respondent who never replied is no drop-off; one who replied to the welcome only with words it could
        // not read, left at the welcome (at the first question until 2026-12-07).
        surveyLeftToExpire();
        surveyLeftToExpire("what is this?");
        callThatHangsUpAfterTheScore("8");
        // The call ends ABANDONED once its grace for a late answer (2 s in tests) is over.
        await().atMost(Duration.ofSeconds(30)).until(() -> keys("finished-sessions/" + SURVEY + "/").size() == 7);

        WebDriverWait wait = openTheDashboard();
        // The key's field lists the surveys again when it changes: the survey picked stays picked, and is not the
        // list's first (which a list rebuilt from scratch would pick).
        assertThat(new Select(browser.findElement(By.id("survey"))).getOptions().get(0).getAttribute("value"))
                .isNotEqualTo(SURVEY);
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "loadSurveys().then(() => done(document.getElementById('survey').value));"))
                .isEqualTo(SURVEY);
        browser.findElement(By.id("show")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-loaded", "true"));

        assertThat(text("total-sessions")).isEqualTo("7");
        assertThat(text("completion-rate")).isEqualTo("42.9%");
        assertThat(text("no-response")).isEqualTo("1");
        assertThat(text("not-reached")).as("every start reached its respondent").isEqualTo("0");
        assertThat(row("table-status", "COMPLETED")).isEqualTo("COMPLETED 3");
        assertThat(row("table-status", "OPTED_OUT")).isEqualTo("OPTED_OUT 1");
        assertThat(row("table-status", "ABANDONED")).isEqualTo("ABANDONED 3");
        assertThat(row("table-channel", "sms")).isEqualTo("sms 6");
        assertThat(row("table-channel", "voice")).isEqualTo("voice 1");
        assertThat(row("dist-questionRecommend", "10")).isEqualTo("10 1");
        assertThat(row("dist-questionRecommend", "9")).isEqualTo("9 1");
        assertThat(row("dist-questionRecommend", "8")).isEqualTo("8 1");
        assertThat(row("dist-questionRecommend", "3")).isEqualTo("3 1");
        assertThat(row("dist-questionRecommend", "5")).isEqualTo("5 0");
        // Two promoters (10 and 9), one passive (8) and one detractor (3) of four scores: (2 - 1) / 4 = 25.
        assertThat(browser.findElement(By.id("nps-questionRecommend")).getAttribute("textContent")).isEqualTo("25.0");
        assertThat(row("dist-channel", "app")).isEqualTo("app 2");
        assertThat(row("dist-channel", "store")).isEqualTo("store 1");
        assertThat((Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
                        + " return ids.length - new Set(ids).size;"))
                .as("no question's chart takes the id of a chart every survey has").isZero();
        // questionVisits, a number question, has no distribution: 3, 1 and 0 visits (since 2026-12-05 their spread).
        assertThat(row("numbers-questionVisits", "answers")).isEqualTo("answers 3");
        assertThat(row("numbers-questionVisits", "mean")).isEqualTo("mean 1.333");
        assertThat(row("numbers-questionVisits", "median")).isEqualTo("median 1");
        assertThat(row("numbers-questionVisits", "least")).isEqualTo("least 0");
        assertThat(row("numbers-questionVisits", "greatest")).isEqualTo("greatest 3");
        assertThat(row("dist-questionContactMe", "yes")).isEqualTo("yes 1");
        assertThat(row("dist-questionContactMe", "no")).isEqualTo("no 2");
        // Answered, skipped, abandoned there, opted out there: the caller hung up at the channel question, the STOP
        // after "continue" opted out at the first question, and the reply the welcome could not read left at the
        // welcome, before the first question was asked (counted at it until 2026-12-07).
        assertThat(row("table-dropoff", "(welcome)")).isEqualTo("(welcome) – – 1 0");
        assertThat(row("table-dropoff", "questionWhatWentWrong")).isEqualTo("questionWhatWentWrong 1 0 0 0");
        assertThat(row("table-dropoff", "channel")).isEqualTo("channel 3 0 1 0");
        assertThat(row("table-dropoff", "questionRecommend")).isEqualTo("questionRecommend 4 0 0 1");
        assertThat(text("declined")).isEqualTo("0");
        // The drop-off table stays inside its card, scrolling there if it must: at 1280 px it overflowed its card
        // until 2026-12-06, its last column, "opted out here", out of sight (a newcomer's probe).
        assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const card = document.getElementById('table-dropoff').closest('section');"
                        + " return card.scrollWidth <= card.clientWidth;")).isTrue();
        // And it shows whole, nothing behind the card's scroll bar: "abandoned here" and "opted out here" were out of
        // sight at 1300 and 1920 px (an analyst's probe, 2026-12-07).
        assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const wrap = document.getElementById('table-dropoff').parentElement;"
                        + " return wrap.scrollWidth <= wrap.clientWidth;")).isTrue();
        // The drop-off chart draws both columns, each a series named as its column.
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('bar-dropoff')).getOption().series"
                        + ".map(series => series.name + ': ' + series.data.join(' '));"))
                .isEqualTo(List.of("abandoned here: 1 0 0 1 0 0 0 0", "opted out here: 0 1 0 0 0 0 0 0"));
        assertThat(text("texts")).contains("The queue was far too long").contains("mornings");
        // An analyst's probe (2026-12-07): the drop-off bars ran bottom to top, opposite to the table, with long names
        // cut; a choice's rows were alphabetical, not in the survey's order; a text's time was a UTC instant to the
        // nanosecond, on a page whose days are the browser's.
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const option = echarts.getInstanceByDom(document.getElementById('bar-dropoff')).getOption();"
                        + " return [option.yAxis[0].inverse, option.grid[0].containLabel, option.yAxis[0].data[0]];"))
                .isEqualTo(List.of(true, true, "(welcome)"));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#dist-channel tr'))"
                        + ".filter(row => row.cells[0].tagName === 'TD').map(row => row.cells[0].textContent);"))
                .isEqualTo(List.of("website", "app", "store", "phone"));
        assertThat(text("texts")).containsPattern("mornings\\s+questionBestTime · en-US · \\d{4}-\\d{2}-\\d{2} "
                + "\\d{2}:\\d{2}").doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d");
        // Probe D51: a screen reader hears what the page shows. ECharts' aria describes each chart in its container's
        // aria-label, what it draws and then every value; each table has a caption and its column headers say so.
        assertThat(browser.findElement(By.id("chart-questionRecommend")).getAttribute("aria-label")).isEqualTo(
                "Answers to questionRecommend. 0: 0; 1: 0; 2: 0; 3: 1; 4: 0; 5: 0; 6: 0; 7: 0; 8: 1; 9: 1; 10: 1.");
        assertThat(browser.findElement(By.id("bar-dropoff")).getAttribute("aria-label")).startsWith(
                "Drop-off per question. abandoned here, (welcome): 1; questionRecommend: 0; ").contains(
                ". opted out here, (welcome): 0; questionRecommend: 1; ");
        assertThat(browser.findElement(By.id("pie-status")).getAttribute("aria-label"))
                .startsWith("Sessions by status. ").contains("COMPLETED: 3").contains("OPTED_OUT: 1");
        assertThat(browser.findElements(By.cssSelector(".chart"))).allSatisfy(chart ->
                assertThat(chart.getAttribute("role")).isEqualTo("img"));
        assertThat(browser.findElement(By.cssSelector("#dist-questionRecommend caption")).getAttribute("textContent"))
                .isEqualTo("Answers to questionRecommend");
        assertThat(browser.findElements(By.cssSelector("table th"))).isNotEmpty().allSatisfy(header ->
                assertThat(header.getAttribute("scope")).isEqualTo("col"));
        assertThat(browser.findElement(By.id("status")).getAttribute("role")).isEqualTo("status");
        assertThat(browser.findElement(By.id("status")).getAttribute("aria-live")).isEqualTo("polite");

        Path screenshot = Path.of("target", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        // The filters: the voice channel alone, then English sessions from a day with none.
        new Select(browser.findElement(By.id("channel"))).selectByVisibleText("voice");
        show();
        assertThat(text("total-sessions")).isEqualTo("1");
        assertThat(text("no-response")).as("an answered call is never one").isEqualTo("0");
        assertThat(row("table-status", "ABANDONED")).isEqualTo("ABANDONED 1");
        assertThat(row("dist-questionRecommend", "8")).isEqualTo("8 1");
        assertThat(row("dist-questionRecommend", "10")).isEqualTo("10 0");
        new Select(browser.findElement(By.id("channel"))).selectByIndex(0);
        new Select(browser.findElement(By.id("language"))).selectByValue("en-US");
        show();
        assertThat(text("total-sessions")).isEqualTo("7");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('from').value = '2020-01-01'; document.getElementById('to').value = "
                        + "'2020-01-02';");
        show();
        assertThat(text("total-sessions")).isEqualTo("0");
        // A refused query takes the numbers down rather than leave the last ones under the new question.
        new Select(browser.findElement(By.id("language"))).selectByIndex(0);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('from').value = '2020-01-02'; document.getElementById('to').value = "
                        + "'2020-01-01';");
        browser.findElement(By.id("show")).click();
        new WebDriverWait(browser, Duration.ofSeconds(40)).until(driver -> {
            String said = driver.findElement(By.id("status")).getText();
            return !said.isEmpty() && !said.startsWith("Loading");
        });
        assertThat(text("status")).as("the refusal's message").contains("from");
        assertThat(text("total-sessions")).isEqualTo("–");
        assertThat(text("no-response")).isEqualTo("–");
        assertThat(browser.findElements(By.cssSelector("#table-status tr"))).isEmpty();
        assertThat(browser.findElement(By.id("pie-status")).getAttribute("aria-label"))
                .as("the description of numbers no longer shown goes with them").isEqualTo("Sessions by status");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('from').value = ''; document.getElementById('to').value = '';");

        // Newer files the lint refuses leave the survey running its previous version: it is still offered.
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(SurveyCatalog.SURVEYS_FOLDER + SURVEY
                    + "/survey-config.json"), RequestBody.fromString("{\"surveyId\": \"" + SURVEY + "\"}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.listings().stream()
                .anyMatch(listing -> SURVEY.equals(listing.surveyId()) && "refused".equals(listing.state())));
        browser.navigate().refresh(); // the page keeps the key for the tab and lists the surveys again
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#survey option[value='" + SURVEY
                + "']")));
    }

    /**
     * A researcher comparing "before and after we changed the question": the page drew today's questions only, so
     * the answers to a question the newer version removed were nowhere on it. The version list (labelled, chosen by
     * keyboard) shows the older version's sessions on its own questions; "all" stays today's.
     */
    @Test
    void theVersionSelectorShowsAnOlderVersionOnItsOwnQuestions() throws Exception {
        String before = runningVersion(catalog, SURVEY);
        survey("10", "app", "5", "3", "yes", "mornings");
        // One who left at the question the new version removes: counted on a row of its own on today's questions.
        surveyLeftToExpire("continue", "10", "app", "5", "3");
        String removed = "questionContactMe";
        Path source = Path.of("config-files/surveys/quarterly-nps");
        String folder = SurveyCatalog.SURVEYS_FOLDER + SURVEY + "/";
        try (S3Client s3 = s3()) {
            for (String tag : List.of("en-US", "es-MX", "fr-CA")) {
                String name = "voice-prompts/survey-" + tag + ".env";
                String prompts = Files.readAllLines(source.resolve(name)).stream()
                        // Its texted prompt too (questionContactMeSMS), which would be a key of no question.
                        .filter(line -> !line.startsWith(removed + "=") && !line.startsWith(removed + "SMS="))
                        .map(line -> line.replace(QUESTION, "channel"))
                        .collect(java.util.stream.Collectors.joining("\n"));
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + name),
                        RequestBody.fromString(prompts));
            }
            var config = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Files.readString(
                    source.resolve("survey-config.json")).replace("\"quarterly-nps\"", "\"" + SURVEY + "\"")
                    .replace(QUESTION, "channel"));
            var questions = (com.fasterxml.jackson.databind.node.ArrayNode) config.get("questions");
            for (int i = questions.size() - 1; i >= 0; i--) {
                if (removed.equals(questions.get(i).get("questionName").asText())) {
                    questions.remove(i);
                }
            }
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "survey-config.json"),
                    RequestBody.fromString(config.toString()));
        }
        String after = awaitNewVersion(catalog, SURVEY, before);
        survey("9", "store", "4", "2", "evenings");
        await().atMost(Duration.ofSeconds(30)).until(() -> keys("finished-sessions/" + SURVEY + "/").size() == 3);

        WebDriverWait wait = openTheDashboard();
        org.openqa.selenium.WebElement version = browser.findElement(By.id("version"));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return arguments[0].labels[0].textContent.trim();", version)).as("its label")
                .asString().startsWith("Version");
        show();
        assertThat(text("total-sessions")).isEqualTo("3");
        assertThat(text("questions-version")).isEqualTo("v2, today's (" + after + ")");
        assertThat(browser.findElements(By.id("dist-" + removed))).as("today's version has no such question").isEmpty();
        assertThat(row("dist-channel", "app")).isEqualTo("app 2");
        assertThat(row("dist-channel", "store")).isEqualTo("store 1");
        assertThat(row("table-dropoff", "(questions of earlier versions)"))
                .isEqualTo("(questions of earlier versions) – – 1 0");
        Select versions = new Select(version);
        assertThat(versions.getOptions()).extracting(option -> option.getAttribute("value"))
                .containsExactly("", after, before);
        assertThat(versions.getOptions().get(2).getText()).startsWith("v1 · since ").endsWith("· 2 sessions · "
                + before.substring(0, 8));

        // By keyboard: focus the list and step down to the older version.
        version.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN, org.openqa.selenium.Keys.ARROW_DOWN);
        wait.until(driver -> before.equals(new Select(driver.findElement(By.id("version"))).getFirstSelectedOption()
                .getAttribute("value")));
        show();
        assertThat(text("total-sessions")).isEqualTo("2");
        assertThat(text("questions-version")).isEqualTo("v1 (" + before + ")");
        assertThat(row("dist-" + removed, "yes")).isEqualTo("yes 1");
        assertThat(row("table-dropoff", removed)).isEqualTo(removed + " 1 0 1 0");
        assertThat(browser.findElements(By.cssSelector("#table-dropoff tr[data-key='(questions of earlier "
                + "versions)']"))).as("all of v1's questions are listed").isEmpty();
        assertThat(row("dist-channel", "store")).as("the newer version's session").isEqualTo("store 0");
        assertThat(new Select(browser.findElement(By.id("version"))).getFirstSelectedOption().getAttribute("value"))
                .as("still chosen after the list is filled again").isEqualTo(before);
    }

    /**
     * The date fields are days in the browser's time zone, sent as timeZone and named beside the fields: in Tokyo a
     * session started at 2026-11-10T23:30Z is on the 11th (until 2026-12-05 the page asked for UTC days, and drew it
     * on the 10th). And the version list is filled once the survey is picked, before any Show (it was filled by the
     * first Show only, so the first Show could not be of an older version).
     */
    @Test
    void theDaysAreTheBrowsersAndTheVersionsAreListedBeforeTheFirstShow() throws Exception {
        String version = runningVersion(catalog, SURVEY);
        try (S3Client s3 = s3()) {
            for (String started : List.of("2026-11-10T23:30:00Z", "2026-11-10T10:00:00Z")) {
                String sessionId = java.util.UUID.randomUUID().toString();
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY
                        + "/2026-11-10/COMPLETED.sms.en-US." + sessionId + ".json"), RequestBody.fromString(
                        ResultsMigrationTest.document(sessionId, SURVEY, "COMPLETED", "sms", "en-US", started)
                                .replace("0123456789abcdef", version)));
            }
        }

        WebDriverWait wait = openTheDashboard("Asia/Tokyo");
        assertThat(text("zone")).isEqualTo("days in Asia/Tokyo");
        assertThat(text("range")).as("what empty date fields stand for").isEqualTo("the last 30 days");
        days("", "9999-12-31");
        assertThat(text("range")).as("a To after today counts as today").isEqualTo("the last 30 days");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#version option[value='" + version
                + "']")));
        assertThat(text("total-sessions")).as("listed, not shown").isEqualTo("–");
        By listed = By.cssSelector("#version option[value='" + version + "']");
        assertThat(browser.findElement(listed).getText()).as("from GET /surveys/{surveyId}/versions, which reads "
                + "no session (a summary, until 2026-12-05)").startsWith("v1, today's · since ")
                .endsWith(" · " + version.substring(0, 8)).doesNotContain("session");
        days("2026-11-11", "2026-11-11");
        assertThat(text("range")).as("both days given").isEmpty();
        show();
        assertThat(text("total-sessions")).as("the 11th in Tokyo: 08:30").isEqualTo("1");
        assertThat(browser.findElement(listed).getText()).as("a Show adds the sessions")
                .endsWith(" · 1 session · " + version.substring(0, 8));
        days("2026-11-10", "2026-11-10");
        show();
        assertThat(text("total-sessions")).as("the 10th in Tokyo: 19:00").isEqualTo("1");
        days("2026-11-10", "2026-11-11");
        show();
        assertThat(text("total-sessions")).isEqualTo("2");
    }

    /**
     * A version's "since" date is a day in the browser's zone, as the date fields are: it was the UTC day of the
     * copy's {@code keptAt}. The zone is picked for the two days to differ whenever the test runs: Kiritimati (UTC+14)
     * is a day ahead from 10:00 UTC, Pago Pago (UTC-11) a day behind until 11:00 UTC.
     */
    @Test
    void aVersionIsDatedByTheBrowsersDay() throws Exception {
        String version = runningVersion(catalog, SURVEY);
        HttpResponse<String> listed = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/surveys/"
                        + SURVEY + "/versions")).header("X-Api-Key", API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        Instant keptAt = null;
        for (JsonNode listedVersion : json(listed.body()).get("versions")) {
            if (listedVersion.get("version").asText().equals(version)) {
                keptAt = Instant.parse(listedVersion.get("keptAt").asText());
            }
        }
        assertThat(keptAt).as(listed.body()).isNotNull();
        ZoneId zone = ZoneId.of(keptAt.atZone(ZoneOffset.UTC).getHour() >= 10
                ? "Pacific/Kiritimati" : "Pacific/Pago_Pago");
        LocalDate day = LocalDate.ofInstant(keptAt, zone);
        assertThat(day).isNotEqualTo(LocalDate.ofInstant(keptAt, ZoneOffset.UTC));

        WebDriverWait wait = openTheDashboard(zone.getId());
        By option = By.cssSelector("#version option[value='" + version + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(option));
        assertThat(browser.findElement(option).getText()).contains(" · since " + day + " · ");
    }

    /**
     * A browser whose time zone the service does not know (one newer than the JVM's time zone data, or Etc/Unknown)
     * was refused every Show, 400 invalid_time_zone: the page falls back on UTC days and says so.
     */
    @Test
    void aBrowserZoneTheServiceDoesNotKnowFallsBackOnUtcDays() throws Exception {
        openTheDashboard(null, "const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;"
                + "Intl.DateTimeFormat.prototype.resolvedOptions = function () {"
                + "  return Object.assign(resolved.call(this), {timeZone: 'Mars/Olympus_Mons'}); };");
        // Nothing refused it before a Show: the version listing, on the survey picked, takes no zone.
        assertThat(text("zone")).isEqualTo("days in Mars/Olympus_Mons");
        show();
        assertThat(text("zone")).isEqualTo("days in UTC (the service does not know Mars/Olympus_Mons)");
        assertThat(text("total-sessions")).isEqualTo("0");
        show();
        assertThat(text("zone")).as("UTC from then on").startsWith("days in UTC");
    }

    /**
     * A browser set to Etc/GMT+5 (UTC-05:00; the IANA database inverts the sign) is refused by the results API, as a
     * start's zone is, since 2026-12-05; the page fell back on UTC days saying the service "does not know" the zone,
     * which it does. It now says why it is refused.
     */
    @Test
    void aBrowserZoneWhoseSignReadsBackwardsIsSaidToBeRefused() throws Exception {
        openTheDashboard("Etc/GMT+5");
        assertThat(text("zone")).isEqualTo("days in Etc/GMT+5");
        show();
        assertThat(text("zone")).isEqualTo("days in UTC (the service refuses Etc/GMT+5, which is UTC-05:00: the IANA "
                + "database inverts the sign of its Etc/GMT zones)");
        assertThat(text("total-sessions")).isEqualTo("0");
    }
}
