package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.results.ResultsMigration;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one-off migration of the results sink's old layout ({@code completed-surveys/<surveyId>/<day>/<sessionId>.json})
 * to {@code finished-sessions/}: each session copied once, byte for byte, to the name its document calls for; a
 * second run copies nothing; the old objects stay.
 */
class ResultsMigrationTest extends ServiceTest {

    @Autowired
    ResultsMigration migration;

    private final String surveyId = "legacy-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeThisTestsObjects() {
        try (S3Client s3 = s3()) {
            for (String prefix : List.of("completed-surveys/" + surveyId + "/",
                    "finished-sessions/" + surveyId + "/")) {
                keys(prefix).forEach(key -> s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
            }
        }
    }

    static String document(String sessionId, String surveyId, String status, String channel, String language,
                           String started) {
        return """
                {
                  "sessionId" : "%s",
                  "surveyId" : "%s",
                  "surveyVersion" : "0123456789abcdef",
                  "surveyTo" : "+15550100000",
                  "surveyMedium" : "%s",
                  "languageSet" : "%s",
                  "surveyStatus" : "%s",
                  "currentState" : "finished",
                  "questionIndex" : 0,
                  "turn" : 0,
                  "invalidAnswers" : 0,
                  "silences" : 0,
                  "surveyStarted" : "%s",
                  "surveyEnded" : "%s",
                  "questions" : [ {
                    "questionName" : "questionServiceRate",
                    "questionType" : "dtmf",
                    "answer" : 4,
                    "rawInput" : "4"
                  } ]
                }""".formatted(sessionId, surveyId, channel, language, status, started, started);
    }

    private static void put(S3Client s3, String key, String content) {
        s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key).contentType("application/json"),
                RequestBody.fromString(content));
    }

    @Test
    void copiesEachOldLayoutSessionOnceToItsNewNameAndLeavesTheOldOnes() {
        // The start-up run (the results-migration route) is over before this test writes old objects.
        await().atMost(Duration.ofSeconds(10)).until(() -> migration.lastRun() != null);
        String old = "completed-surveys/" + surveyId + "/";
        String now = "finished-sessions/" + surveyId + "/";
        List<String[]> sessions = List.of(
                new String[] {"11111111-0000-0000-0000-000000000001", "COMPLETED", "sms", "es-MX", "2025-06-01"},
                new String[] {"11111111-0000-0000-0000-000000000002", "ABANDONED", "voice", "en-US", "2025-06-01"},
                new String[] {"11111111-0000-0000-0000-000000000003", "OPTED_OUT", "whatsapp", "fr-CA", "2025-06-01"},
                new String[] {"11111111-0000-0000-0000-000000000004", "COMPLETED", "voice", "en-US", "2025-06-02"},
                new String[] {"11111111-0000-0000-0000-000000000005", "COMPLETED", "sms", "en-US", "2025-06-02"});
        try (S3Client s3 = s3()) {
            for (String[] session : sessions) {
                put(s3, old + session[4] + "/" + session[0] + ".json", document(session[0], surveyId, session[1],
                        session[2], session[3], session[4] + "T10:00:00Z"));
            }
            put(s3, old + "2025-06-02/broken.json", "not a session");
            // The sink already wrote this one under its new name (an instance on the new version).
            String[] done = sessions.get(4);
            put(s3, now + "2025-06-02/COMPLETED.sms.en-US." + done[0] + ".json", document(done[0], surveyId, done[1],
                    done[2], done[3], done[4] + "T10:00:00Z"));
        }

        ResultsMigration.Counts first = migration.migrate();
        assertThat(first).isEqualTo(new ResultsMigration.Counts(6, 4, 1, 1));

        assertThat(keys(now)).containsExactly(
                now + "2025-06-01/ABANDONED.voice.en-US.11111111-0000-0000-0000-000000000002.json",
                now + "2025-06-01/COMPLETED.sms.es-MX.11111111-0000-0000-0000-000000000001.json",
                now + "2025-06-01/OPTED_OUT.whatsapp.fr-CA.11111111-0000-0000-0000-000000000003.json",
                now + "2025-06-02/COMPLETED.sms.en-US.11111111-0000-0000-0000-000000000005.json",
                now + "2025-06-02/COMPLETED.voice.en-US.11111111-0000-0000-0000-000000000004.json");
        assertThat(object(now + "2025-06-01/OPTED_OUT.whatsapp.fr-CA.11111111-0000-0000-0000-000000000003.json"))
                .as("byte for byte").isEqualTo(object(old + "2025-06-01/11111111-0000-0000-0000-000000000003.json"));
        assertThat(keys(old)).as("the old objects stay").hasSize(6);

        ResultsMigration.Counts second = migration.migrate();
        assertThat(second).as("nothing copied twice").isEqualTo(new ResultsMigration.Counts(6, 0, 5, 1));
        assertThat(keys(now)).hasSize(5);
    }

    /**
     * A copy answered {@code 409 ConditionalRequestConflict} (on AWS: another instance's run copying the same session
     * at that moment) is counted as there, and the run goes on: until 2026-12-06 it ended the run as S3 failing.
     */
    @Test
    void aCopyAnotherInstanceIsWritingAtTheSameMomentCountsAsThere() {
        await().atMost(Duration.ofSeconds(10)).until(() -> migration.lastRun() != null);
        String sessionId = "11111111-0000-0000-0000-000000000009";
        try (S3Client s3 = s3()) {
            put(s3, "completed-surveys/" + surveyId + "/2025-06-01/" + sessionId + ".json",
                    document(sessionId, surveyId, "COMPLETED", "sms", "en-US", "2025-06-01T10:00:00Z"));
        }
        SERVICES.s3().conflictConditionalPuts("finished-sessions/" + surveyId + "/", 1);
        try {
            assertThat(migration.migrate().alreadyThere()).isGreaterThanOrEqualTo(1);
        } finally {
            SERVICES.s3().conflictConditionalPuts("", 0);
        }
        assertThat(keys("finished-sessions/" + surveyId + "/")).as("the other instance's copy, not this one's")
                .isEmpty();
    }

    /**
     * S3 failing under the start-up run (the results bucket missing, storage down) left the route's exception to
     * Camel, which logged it with a 60-line stack trace (a newcomer's finding with SURVEY_RESULTS_BUCKET naming no
     * bucket). The start-up run answers empty instead, having logged one warning; a run asked for still throws.
     */
    @Test
    void theStartUpRunOutlivesS3Failing() {
        SERVICES.s3().faults().setAfter(Faults.Mode.INTERNAL_ERROR, 0, "prefix=completed-surveys");
        try {
            assertThat(migration.migrateAtStart()).isEmpty();
            assertThatThrownBy(migration::migrate).isInstanceOf(SdkException.class);
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(migration.migrateAtStart()).as("storage back").isPresent();
    }
}
