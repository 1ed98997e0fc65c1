package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Finished sessions read back from a real S3-protocol server. A readable document of the wrong shape ({@code questions}
 * an object) threw NullPointerException in the summary and the CSV: the summary answered 500 and every export of the
 * survey was cut short, for good. It is left out, as a document that is no JSON already was.
 */
class FinishedSessionsTest {

    private static final String BUCKET = "results";
    private static final LocalDate DAY = LocalDate.parse("2026-12-01");
    private static LocalS3 s3;
    private static S3Client client;
    private static FinishedSessions sessions;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket(BUCKET));
        sessions = new FinishedSessions(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), BUCKET, BUCKET, "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    @AfterAll
    static void close() throws Exception {
        sessions.destroy();
        client.close();
        s3.close();
    }

    /** Stores {@code {"sessionId": <sessionId>, <fields>}} as the sink names it. */
    private static FinishedSessions.Listed put(String sessionId, String fields) {
        String document = "{\"sessionId\": \"" + sessionId + "\", " + fields + "}";
        String name = "COMPLETED.sms.en-US." + sessionId + ".json";
        String key = ResultExports.dayPrefix("customer-satisfaction", DAY) + name;
        client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString(document));
        return new FinishedSessions.Listed(DAY, name, key);
    }

    @Test
    void aDocumentWhoseQuestionsAreNoListOfObjectsIsLeftOutAndTheRestSummarised() throws Exception {
        Survey survey = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        String question = survey.questions().get(0).name();
        List<FinishedSessions.Listed> listed = new ArrayList<>();
        listed.add(put("00000000-0000-4000-8000-000000000001",
                "\"surveyStatus\": \"COMPLETED\", \"questions\": {\"" + question + "\": 4}"));
        listed.add(put("00000000-0000-4000-8000-000000000002",
                "\"surveyStatus\": \"COMPLETED\", \"questions\": [\"4\"]"));
        listed.add(put("00000000-0000-4000-8000-000000000003", "\"surveyStatus\": \"COMPLETED\", "
                + "\"surveyMedium\": \"sms\", \"questions\": [{\"questionName\": \"" + question
                + "\", \"answer\": 4}]"));
        listed.add(put("00000000-0000-4000-8000-000000000004",
                "\"surveyStatus\": \"ABANDONED\", \"surveyMedium\": \"voice\""));

        List<JsonNode> read = sessions.read(listed, new SessionFilter("customer-satisfaction", null, null, null,
                DAY, DAY));

        assertThat(read).extracting(document -> document.path("sessionId").asText()).containsExactly(
                "00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000004");
        ResultsSummary summary = new ResultsSummary(survey);
        CsvColumns columns = new CsvColumns(List.of(question), List.of());
        read.forEach(summary::add);
        assertThat(read).allSatisfy(document -> assertThat(columns.row(document)).hasSize(columns.header().size()));
        assertThat(summary.summary().sessions()).isEqualTo(2);
    }

    /**
     * A sessions page resumes after its cursor's object with ListObjectsV2's StartAfter. The SDK's paginator sent that
     * StartAfter again beside the ContinuationToken of the folder's next listing page, which S3Proxy, the local
     * default's S3, refuses (400 InvalidArgument): a walk of a day with more than 1,000 sessions after the cursor's
     * position answered 503 on its second page (probe: 3,000 sessions of one day, pages of 1,000). Every name after
     * the position is listed once.
     */
    @Test
    void aWalkResumedAfterAPositionListsEveryNameAfterItAcrossListingPages() {
        LocalDate day = DAY.minusDays(1);
        String prefix = ResultExports.dayPrefix("customer-satisfaction", day);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1_003; i++) {
            names.add("COMPLETED.sms.en-US.walk-" + String.format("%04d", i) + ".json");
        }
        names.parallelStream().forEach(name -> client.putObject(put -> put.bucket(BUCKET).key(prefix + name),
                RequestBody.fromString("{}")));
        FinishedSessions.Listed position = new FinishedSessions.Listed(day, names.get(0), prefix + names.get(0));

        List<String> after = new ArrayList<>();
        sessions.matching(new SessionFilter("customer-satisfaction", null, null, null, day, day), position)
                .forEachRemaining(listed -> after.add(listed.name()));

        assertThat(after).containsExactlyElementsOf(names.subList(1, names.size()));
    }
}
