package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.web.HttpProblem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Pages of finished sessions read back from an in-memory S3, with the clock moved between pages. */
class SessionPagesTest {

    private static final String BUCKET = "relay";
    private static final String SURVEY_ID = "customer-satisfaction";

    /** Just before UTC midnight, when each walk begins. */
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-12-04T23:59:00Z");

    private LocalS3 s3;
    private S3Client client;
    private SurveyCatalog catalog;
    private FinishedSessions finished;

    /** The shipped survey in a bucket of its own, a catalog that read it, and the bucket's finished sessions. */
    @BeforeEach
    void start() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket(BUCKET));
        Path shipped = Path.of("config-files");
        List<Path> files = new ArrayList<>(List.of(shipped.resolve("survey-config.json")));
        try (Stream<Path> prompts = Files.list(shipped.resolve("voice-prompts"))) {
            files.addAll(prompts.sorted().toList());
        }
        for (Path file : files) {
            client.putObject(put -> put.bucket(BUCKET).key(shipped.relativize(file).toString().replace('\\', '/')),
                    RequestBody.fromFile(file));
        }
        SurveyRelayProperties settings = new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(),
                BUCKET, BUCKET, "bus", "us-east-1", null, null, null, null, 0, null, Duration.ZERO);
        catalog = new SurveyCatalog(client, settings, Clock.fixed(BEFORE_MIDNIGHT, ZoneOffset.UTC));
        catalog.afterPropertiesSet();
        finished = new FinishedSessions(client, settings);
    }

    @AfterEach
    void stop() throws Exception {
        finished.destroy();
        client.close();
        s3.close();
    }

    /** A finished session's copy, as the results sink stores it, in the folder of each day it started. */
    private void finishedOn(String sessionId, String day) {
        String key = ResultExports.dayPrefix(SURVEY_ID, LocalDate.parse(day)) + "COMPLETED.sms.en-US." + sessionId
                + ".json";
        client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString("{\"sessionId\": \""
                + sessionId + "\", \"surveyId\": \"" + SURVEY_ID + "\", \"surveyStatus\": \"COMPLETED\"}"));
    }

    /**
     * Every session id of a walk, one session a page, begun at {@link #BEFORE_MIDNIGHT} with the clock moved by
     * {@code between} after each page (the pages' clock is the service's {@code LocalDate.now} source).
     */
    private List<String> walk(String query, Duration between) {
        List<String> seen = new ArrayList<>();
        Instant now = BEFORE_MIDNIGHT;
        String cursor = null;
        do {
            SessionPages pages = new SessionPages(catalog, finished, Clock.fixed(now, ZoneOffset.UTC));
            SessionPages.SessionPage page = pages.page(SURVEY_ID, query + "&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.sessions().forEach(session -> seen.add(session.path("sessionId").asText()));
            cursor = page.nextCursor();
            now = now.plus(between);
        } while (cursor != null);
        assertThat(now.minus(between)).as("the last page came after midnight")
                .isAfter(Instant.parse("2026-12-05T00:00:00Z"));
        return seen;
    }

    /**
     * The default range, the last 30 days, was resolved again for each page: a walk begun before UTC midnight and
     * finished after it lost the oldest day (here 2026-11-05, the first of the 30 days up to 2026-12-04).
     */
    /**
     * A results request naming no possible survey id was told only "There is no survey with that surveyId.", where a
     * start naming it is told where the surveys are listed.
     */
    @Test
    void aSurveyIdNoSurveyCanHaveIsRefusedAsAStartIs() {
        assertThatThrownBy(() -> SessionPages.survey(catalog, "Not_An_Id")).isInstanceOfSatisfying(HttpProblem.class,
                problem -> assertThat(problem.status() + " " + problem.code() + " " + problem.getMessage())
                        .isEqualTo("404 unknown_survey There is no survey with that surveyId: a surveyId is lower-case "
                                + "letters, digits and dashes, starting with a letter or a digit, at most 63 "
                                + "characters (GET /surveys lists the surveys in the bucket, and why a folder of "
                                + "another name is refused)."));
    }

    @Test
    void aWalkOverTheDefaultRangeKeepsItsOldestDayAcrossMidnight() {
        finishedOn("newest", "2026-12-04");
        finishedOn("middle", "2026-11-20");
        finishedOn("oldest", "2026-11-05");
        finishedOn("outside", "2026-11-04");

        assertThat(walk("channel=sms", Duration.ofMinutes(2))).containsExactly("newest", "middle", "oldest");
    }

    /** A to after today counts as today, the day the walk began, for the whole walk too. */
    @Test
    void aWalkUpToAToAfterTodayKeepsItsDaysAcrossMidnight() {
        finishedOn("newest", "2026-12-04");
        finishedOn("oldest", "2026-11-05");

        assertThat(walk("to=9999-12-31", Duration.ofMinutes(2))).containsExactly("newest", "oldest");
    }

    /** A finished session's copy, as the results sink stores it: in the folder of the UTC day it started. */
    private void startedAt(String sessionId, String instant) {
        String key = ResultExports.dayPrefix(SURVEY_ID, LocalDate.ofInstant(Instant.parse(instant), ZoneOffset.UTC))
                + "COMPLETED.sms.en-US." + sessionId + ".json";
        client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString("{\"sessionId\": \""
                + sessionId + "\", \"surveyId\": \"" + SURVEY_ID + "\", \"surveyStatus\": \"COMPLETED\", "
                + "\"surveyStarted\": \"" + instant + "\"}"));
    }

    /** Every session id of a walk, one session a page, at {@link #BEFORE_MIDNIGHT}. */
    private List<String> pagesOfOne(String query) {
        SessionPages pages = new SessionPages(catalog, finished, Clock.fixed(BEFORE_MIDNIGHT, ZoneOffset.UTC));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            SessionPages.SessionPage page = pages.page(SURVEY_ID, query + "&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            // The last page may be empty: its walk read names of sessions outside the range after the one before.
            assertThat(page.sessions().size()).as("a page is full unless it is the last")
                    .isEqualTo(page.nextCursor() == null ? page.sessions().size() : 1);
            page.sessions().forEach(session -> seen.add(session.path("sessionId").asText()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }

    /**
     * A day in Tokyo or Los Angeles spans two UTC day folders: the walk lists both and keeps the sessions that
     * started on that day there, filling each page past the ones that did not (listed first in their folder here).
     */
    @Test
    void aWalkOfDaysInAZoneTakesTheSessionsStartedOnThoseDaysThere() {
        startedAt("a-2330z", "2026-11-10T23:30:00Z"); // Tokyo 11th 08:30, Los Angeles 10th 15:30
        startedAt("b-1400z", "2026-11-10T14:00:00Z"); // Tokyo 10th 23:00, Los Angeles 10th 06:00
        startedAt("c-0730z", "2026-11-10T07:30:00Z"); // Tokyo 10th 16:30, Los Angeles 9th 23:30
        startedAt("d-0830z", "2026-11-11T08:30:00Z"); // Tokyo 11th 17:30, Los Angeles 11th 00:30
        startedAt("a-1600z", "2026-11-11T16:00:00Z"); // Tokyo 12th 01:00, Los Angeles 11th 08:00

        String day10 = "from=2026-11-10&to=2026-11-10";
        assertThat(pagesOfOne(day10)).containsExactly("a-2330z", "b-1400z", "c-0730z");
        assertThat(pagesOfOne(day10 + "&timeZone=America/Los_Angeles")).containsExactly("a-2330z", "b-1400z");
        assertThat(pagesOfOne("from=2026-11-11&to=2026-11-11&timeZone=Asia/Tokyo"))
                .containsExactly("d-0830z", "a-2330z");
        assertThat(pagesOfOne("from=2026-11-10&to=2026-11-11&timeZone=Asia/Tokyo"))
                .containsExactly("d-0830z", "a-2330z", "b-1400z", "c-0730z");

        SessionPages pages = new SessionPages(catalog, finished, Clock.fixed(BEFORE_MIDNIGHT, ZoneOffset.UTC));
        String tokyo = "from=2026-11-11&to=2026-11-11&timeZone=Asia/Tokyo&limit=1";
        String cursor = pages.page(SURVEY_ID, tokyo).nextCursor();
        assertThat(pages.page(SURVEY_ID, tokyo.replace("Asia/Tokyo", "Asia%2FTokyo") + "&cursor=" + cursor)
                .sessions()).extracting(session -> session.path("sessionId").asText()).containsExactly("a-2330z");
        for (String other : List.of("from=2026-11-11&to=2026-11-11&limit=1",
                "from=2026-11-11&to=2026-11-11&timeZone=Asia/Seoul&limit=1")) {
            assertThatThrownBy(() -> pages.page(SURVEY_ID, other + "&cursor=" + cursor)).as(other)
                    .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.code())
                            .isEqualTo("invalid_cursor"));
        }
    }

    /** A finished session's copy on {@code day}, as the results sink stores it, that ran {@code version}. */
    private void finishedOn(String sessionId, String day, String version) {
        String key = ResultExports.dayPrefix(SURVEY_ID, LocalDate.parse(day)) + "COMPLETED.sms.en-US." + sessionId
                + ".json";
        client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString("{\"sessionId\": \""
                + sessionId + "\", \"surveyId\": \"" + SURVEY_ID + "\", \"surveyStatus\": \"COMPLETED\", "
                + "\"surveyVersion\": \"" + version + "\"}"));
    }

    /**
     * The sessions list takes {@code version} as the exports do (since 2026-12-05): only that version's sessions,
     * each page filled past the other version's, and a cursor bound to the version it was asked with. Until then it
     * answered {@code 400 unknown_parameter}.
     */
    @Test
    void aWalkOfOneVersionTakesOnlyItsSessionsAndItsCursorOnlyThatVersion() throws Exception {
        String first = catalog.survey(SURVEY_ID).version();
        String edited = Files.readString(Path.of("config-files/survey-config.json"))
                .replace("\"maxRetries\": 2", "\"maxRetries\": 3");
        client.putObject(put -> put.bucket(BUCKET).key("survey-config.json"), RequestBody.fromString(edited));
        SurveyCatalog afterTheEdit = new SurveyCatalog(client, new SurveyRelayProperties(
                URI.create("https://relay.example.com"), List.of(), BUCKET, BUCKET, "bus", "us-east-1", null, null,
                null, null, 0, null, Duration.ZERO), Clock.fixed(BEFORE_MIDNIGHT, ZoneOffset.UTC));
        afterTheEdit.afterPropertiesSet();
        String second = afterTheEdit.survey(SURVEY_ID).version();
        assertThat(second).isNotEqualTo(first);
        catalog = afterTheEdit;
        finishedOn("a-second", "2026-12-04", second);
        finishedOn("b-first", "2026-12-04", first);
        finishedOn("c-second", "2026-12-04", second);
        finishedOn("d-first", "2026-12-03", first);
        finishedOn("e-second", "2026-12-02", second);
        finishedOn("f-none", "2026-12-02", "");

        assertThat(pagesOfOne("version=" + first)).containsExactly("b-first", "d-first");
        assertThat(pagesOfOne("version=" + second.toUpperCase(java.util.Locale.ROOT)))
                .containsExactly("a-second", "c-second", "e-second");
        assertThat(pagesOfOne("channel=sms")).hasSize(6);
        SessionPages pages = new SessionPages(catalog, finished, Clock.fixed(BEFORE_MIDNIGHT, ZoneOffset.UTC));
        assertThat(pages.page(SURVEY_ID, "version=" + first).sessions())
                .extracting(session -> session.path("sessionId").asText()).containsExactly("b-first", "d-first");

        String cursor = pages.page(SURVEY_ID, "version=" + first + "&limit=1").nextCursor();
        assertThat(pages.page(SURVEY_ID, "version=" + first + "&limit=1&cursor=" + cursor).sessions())
                .extracting(session -> session.path("sessionId").asText()).containsExactly("d-first");
        String unversioned = pages.page(SURVEY_ID, "limit=1").nextCursor();
        for (String other : List.of("version=" + second + "&limit=1&cursor=" + cursor, "limit=1&cursor=" + cursor,
                "version=" + first + "&limit=1&cursor=" + unversioned)) {
            assertThatThrownBy(() -> pages.page(SURVEY_ID, other)).as(other)
                    .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.code())
                            .isEqualTo("invalid_cursor"));
        }
        assertThat(pages.page(SURVEY_ID, "limit=1&cursor=" + unversioned).sessions()).hasSize(1);

        for (String malformed : List.of("v1", "00000000000000f", "..%2F..%2Fx", "00000000000000fg")) {
            assertThatThrownBy(() -> pages.page(SURVEY_ID, "version=" + malformed)).as(malformed)
                    .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(400);
                        assertThat(problem.code()).isEqualTo("invalid_version");
                    });
        }
        assertThatThrownBy(() -> pages.page(SURVEY_ID, "version=00000000000000ff"))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("unknown_version");
                    assertThat(problem.getMessage()).contains(first, second);
                });
    }

    /**
     * A page with a {@code version} reads past the other versions' sessions until it is full. It read them one at a
     * time, each read waiting for the one before: a page of one among 240 other sessions made 240 S3 reads in a row
     * (at 20 ms a read, as S3 answers, five seconds; with thousands of sessions, longer than a client waits). The names
     * are now read ahead a batch at a time, in parallel, and the walk still takes each session of the version once.
     */
    @Test
    void aPageOfOneVersionReadsPastTheOthersInParallel() throws Exception {
        String first = catalog.survey(SURVEY_ID).version();
        String other = "00000000000000ff";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            names.add(String.format("o-%03d", i));
        }
        names.parallelStream().forEach(name -> finishedOn(name, "2026-12-04", other));
        finishedOn("p-first", "2026-12-04", first);
        finishedOn("a-first", "2026-12-03", first);
        finishedOn("b-first", "2026-12-03", first);
        java.util.concurrent.atomic.AtomicInteger reading = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        S3Client slow = (S3Client) java.lang.reflect.Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, arguments) -> {
                    // Each read passes here once, by whichever overload: the real client's default method calls its
                    // own other overload, not this proxy's. A read held 20 ms overlaps the others of its batch when
                    // they run in parallel, whatever the machine's load.
                    boolean read = method.getName().equals("getObjectAsBytes");
                    if (read) {
                        mostAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
                        Thread.sleep(20);
                    }
                    try {
                        return method.invoke(client, arguments);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (read) {
                            reading.decrementAndGet();
                        }
                    }
                });
        FinishedSessions slowSessions = new FinishedSessions(slow, new SurveyRelayProperties(
                URI.create("https://relay.example.com"), List.of(), BUCKET, BUCKET, "bus", "us-east-1", null, null,
                null, null, 0, null, Duration.ZERO));
        try {
            SessionPages pages = new SessionPages(catalog, slowSessions, Clock.fixed(BEFORE_MIDNIGHT, ZoneOffset.UTC));
            SessionPages.SessionPage page = pages.page(SURVEY_ID, "version=" + first + "&limit=1");
            assertThat(page.sessions()).extracting(session -> session.path("sessionId").asText())
                    .containsExactly("p-first");
            // Counted, not timed (a time limit failed on a loaded machine): one at a time, this was 1.
            assertThat(mostAtOnce.get()).as("reads of the other version's sessions at once").isGreaterThan(1)
                    .isLessThanOrEqualTo(FinishedSessions.READ_THREADS);

            List<String> walked = new ArrayList<>();
            String cursor = null;
            do {
                page = pages.page(SURVEY_ID, "version=" + first + "&limit=1" + (cursor == null ? ""
                        : "&cursor=" + cursor));
                page.sessions().forEach(session -> walked.add(session.path("sessionId").asText()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(walked).containsExactly("p-first", "a-first", "b-first");
        } finally {
            slowSessions.destroy();
        }
    }

    /**
     * A cursor's hash binds the from and to a request gave, not the days the cursor carries, and it is of public text:
     * a made-up cursor carrying the whole month walked, under a request for three days, a session started on a day
     * outside them (until 2026-12-05). It is refused, as a cursor made for other days is; cursors this service made
     * walk on, with from and to given or not.
     */
    @Test
    void aMadeUpCursorWalksNoDayOutsideTheRequestsDays() {
        finishedOn("inside", "2026-11-25");
        finishedOn("outside", "2026-11-20");
        SessionPages pages = new SessionPages(catalog, finished, Clock.fixed(BEFORE_MIDNIGHT, ZoneOffset.UTC));
        String days = "from=2026-11-24&to=2026-11-26";
        SessionFilter asked = SessionPages.filter(SURVEY_ID, ResultsQuery.parse(days, SessionPages.FILTERS),
                BEFORE_MIDNIGHT);
        SessionFilter month = new SessionFilter(SURVEY_ID, null, null, null, LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-30"));
        String name = "COMPLETED.sms.en-US.zz.json";
        String madeUp = SessionCursor.after(new FinishedSessions.Listed(LocalDate.parse("2026-11-26"), name,
                ResultExports.dayPrefix(SURVEY_ID, LocalDate.parse("2026-11-26")) + name), month,
                SessionCursor.filters(asked, "2026-11-24", "2026-11-26", null));
        assertThatThrownBy(() -> pages.page(SURVEY_ID, days + "&cursor=" + madeUp))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.code())
                        .isEqualTo("invalid_cursor"));

        finishedOn("also-inside", "2026-11-24");
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            SessionPages.SessionPage page = pages.page(SURVEY_ID, days + "&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.sessions().forEach(session -> walked.add(session.path("sessionId").asText()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(walked).containsExactly("inside", "also-inside");
        String everything = pages.page(SURVEY_ID, "limit=1").nextCursor();
        assertThat(pages.page(SURVEY_ID, "limit=1&cursor=" + everything).sessions()).hasSize(1);
    }
}
