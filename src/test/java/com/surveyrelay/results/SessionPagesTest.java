package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.storage.SurveyCatalog;
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
}
