package com.surveyrelay.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.campaign.CampaignId;
import com.surveyrelay.schedule.ScheduledStartStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Campaign rows under the contact rules, on a clock set to a Monday 10 p.m. in New York (Tuesday noon in Tokyo):
 * a row to a New York number is deferred to 9 a.m. there (outcome {@code scheduled}, reason {@code quiet_hours}),
 * a row to a Tokyo number starts, a row to a +1 number whose area code the phone metadata does not know waits for
 * the half hour that is within the hours in every NANP zone, and the same Tokyo number in the next campaign is
 * skipped by the frequency cap.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = {"survey-relay.campaigns.enabled=true",
        "survey-relay.campaigns.inbox=" + CampaignContactRulesTest.INBOX,
        "survey-relay.consent.contact-days=MON-FRI", "survey-relay.consent.contact-hours=09:00-20:00",
        "survey-relay.consent.frequency-cap=7d", "survey-relay.consent.scheduled-starts-poll=1h",
        "survey-relay.outbox.sweep-interval=1h"})
class CampaignContactRulesTest extends ServiceTest {

    static final String INBOX = "target/test-campaigns/contact-rules-inbox";
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    TestClock clock;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    private JsonNode run(String name, String csv) throws Exception {
        byte[] content = csv.getBytes(UTF_8);
        Path inbox = Files.createDirectories(Path.of(INBOX));
        Path part = Files.write(inbox.resolve(name + ".part"), content);
        Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        String id = CampaignId.of(name, content);
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/campaigns/" + id)).header("X-Api-Key", API_KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return status.statusCode() == 200 ? json(status.body()) : null;
        }, status -> status != null && status.get("state").asText().equals("finished"));
    }

    @Test
    void rowsInQuietHoursAreScheduledAndRowsWithinTheCapAreSkipped() throws Exception {
        // Days from now, so the real clock of other contexts sharing the bucket never reaches it, and in the NANP's
        // standard time: in its daylight time 09:00-20:00 is never open in all its zones at once (the row is refused).
        LocalDate tuesday = QuietHoursServiceTest.nanpTuesday(LocalDate.now(ZoneOffset.UTC).plusDays(3), false);
        clock.setTo(tuesday.atTime(LocalTime.of(22, 0)).atZone(NEW_YORK).minusDays(1).toInstant());
        String digits = respondent.substring(respondent.length() - 4);
        String newYorker = "+1212555" + digits;
        String tokyo = "+8133224" + digits;

        // Its area code unknown to the phone metadata: anywhere in the NANP, so 09:00-20:00 everywhere at once.
        String unplaced = respondent;

        ch.qos.logback.classic.Logger runner = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                com.surveyrelay.campaign.CampaignRunner.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        runner.addAppender(logged);
        JsonNode first;
        try {
            first = run("contact-rules-" + digits + ".csv",
                    "phone,channel\n" + newYorker + ",sms\n" + tokyo + ",sms\n" + unplaced + ",sms\n");
            // The figures add up: the deferred rows are counted (until 2026-12-07 the line left them out).
            String id = first.get("id").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> List.copyOf(logged.list).stream().anyMatch(line ->
                    line.getFormattedMessage().matches("Campaign " + id + " finished in \\d+ s: 3 rows, 1 started, "
                            + "2 scheduled, 0 failed, 0 skipped; results in .*")));
        } finally {
            runner.detachAppender(logged);
        }
        assertThat(first.get("scheduled").asInt()).isEqualTo(2);
        assertThat(first.get("done").asInt()).isEqualTo(1);
        Map<Integer, Map<String, String>> rows = CampaignServiceTest.results(first.get("id").asText());
        assertThat(rows.get(2).get("outcome") + " " + rows.get(2).get("reason")).isEqualTo("scheduled quiet_hours");
        assertThat(rows.get(2).get("detail")).contains(tuesday.atTime(9, 0).atZone(NEW_YORK).toInstant().toString());
        assertThat(rows.get(3).get("outcome")).isEqualTo("started");
        assertThat(rows.get(4).get("outcome") + " " + rows.get(4).get("reason")).isEqualTo("scheduled quiet_hours");
        assertThat(rows.get(4).get("detail")).as("23:00 UTC, not 09:00 UTC (04:00 in New York)")
                .contains(tuesday.atTime(23, 0).toInstant(ZoneOffset.UTC).toString());
        assertThat(SERVICES.twilio().messages()).extracting(message -> message.to()).containsExactly(tokyo);

        JsonNode second = run("contact-rules-again-" + digits + ".csv", "phone,channel\n" + tokyo + ",voice\n");
        Map<Integer, Map<String, String>> again = CampaignServiceTest.results(second.get("id").asText());
        assertThat(again.get(2).get("outcome") + " " + again.get(2).get("reason"))
                .isEqualTo("skipped contacted_recently");
        assertThat(SERVICES.twilio().calls()).isEmpty();
    }

    /**
     * A row's timeZone judges its contact hours instead of its number's zones, as an HTTP start's does. The +1 555
     * numbers' area code is unknown to the phone metadata, so without a zone they wait for the half hour open in every
     * NANP zone (23:00 UTC); at 10 p.m. in New York, 7 p.m. in Los Angeles is within the hours, so a row naming
     * America/Los_Angeles starts now, its session keeping the zone (its reminders keep its hours); a row naming
     * America/New_York waits for 9 a.m. there, its deferred start keeping the zone it wakes in; an abbreviation
     * fails its row alone, as the HTTP start refuses it.
     */
    @Test
    void aRowsTimeZoneDecidesItsContactHours() throws Exception {
        LocalDate tuesday = QuietHoursServiceTest.nanpTuesday(LocalDate.now(ZoneOffset.UTC).plusDays(3), false);
        clock.setTo(tuesday.atTime(LocalTime.of(22, 0)).atZone(NEW_YORK).minusDays(1).toInstant());
        String inHours = "+15550139210";
        String closed = "+15550139211";
        String invalid = "+15550139212";
        String blank = "+15550139213";

        JsonNode campaign = run("time-zone-column.csv", "phone,channel,TimeZone\n"
                + inHours + ",sms,America/Los_Angeles\n" + closed + ",sms,America/New_York\n" + invalid + ",sms,EST\n" + blank + ",sms,\n");

        Map<Integer, Map<String, String>> rows = CampaignServiceTest.results(campaign.get("id").asText());
        assertThat(rows.get(2).get("outcome")).isEqualTo("started");
        assertThat(rows.get(2).get("timeZone")).isEqualTo("America/Los_Angeles");
        assertThat(SERVICES.twilio().messages()).extracting(message -> message.to()).containsExactly(inHours);
        String session = "survey-results/" + inHours.substring(1) + "/" + rows.get(2).get("sessionId") + ".json";
        assertThat(json(object(session)).path("timeZone").asText()).isEqualTo("America/Los_Angeles");

        Instant nineInNewYork = tuesday.atTime(9, 0).atZone(NEW_YORK).toInstant();
        assertThat(rows.get(3).get("outcome") + " " + rows.get(3).get("reason")).isEqualTo("scheduled quiet_hours");
        assertThat(rows.get(3).get("detail")).contains(nineInNewYork.toString());
        List<JsonNode> deferred = new ArrayList<>();
        for (String key : keys(ScheduledStartStore.CAMPAIGN_ROWS)) {
            JsonNode start = json(object(key));
            if (start.path("to").asText().equals(closed)) {
                deferred.add(start);
            }
        }
        assertThat(deferred).singleElement().satisfies(start -> {
            assertThat(start.path("timeZone").asText()).isEqualTo("America/New_York");
            assertThat(Instant.parse(start.path("scheduledFor").asText())).isEqualTo(nineInNewYork);
        });

        assertThat(rows.get(4)).containsEntry("outcome", "failed").containsEntry("reason", "invalid_time_zone")
                .containsEntry("detail", "timeZone must be an IANA time zone like America/Chicago.")
                .containsEntry("timeZone", "EST");
        assertThat(rows.get(5).get("detail")).as("a blank cell: every zone of the number, as before")
                .contains(tuesday.atTime(23, 0).toInstant(ZoneOffset.UTC).toString());
        assertThat(rows.get(5).get("timeZone")).isNull();
    }
}
