package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.SmsEntry;
import com.surveyrelay.local.VirtualPhone;
import com.surveyrelay.storage.SurveyCatalog;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Several surveys in one bucket ({@code surveys/<surveyId>/}), each linted and reloaded on its own, and sessions
 * that finish on the version of the survey they started with, on both channels, even on an instance that started
 * after the survey changed.
 */
class ManySurveysTest extends ServiceTest {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static final String RATE = "{\"questionName\": \"%s\", \"questionType\": \"dtmf\", \"min\": 1, \"max\": 5}";
    private static final String WORDS = "{\"questionName\": \"%s\", \"questionType\": \"speech\"}";

    @Autowired
    SurveyCatalog catalog;

    private final List<String> uploadedFolders = new ArrayList<>();

    @AfterEach
    void removeTheTestSurveys() {
        try (S3Client s3 = s3()) {
            for (String folder : uploadedFolders) {
                keys(folder).forEach(key -> s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.listings().stream()
                .noneMatch(listing -> uploadedFolders.contains(listing.folder())));
    }

    private String newSurveyId() {
        return "test-survey-" + NEXT_ID.incrementAndGet();
    }

    private static void upload(String key, String content) {
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key), RequestBody.fromString(content));
        }
    }

    /** Uploads a one-language survey with the shipped prompts of {@code language} and these questions. */
    private String uploadSurvey(String surveyId, String language, String... questions) throws Exception {
        String folder = SurveyCatalog.SURVEYS_FOLDER + surveyId + "/";
        if (!uploadedFolders.contains(folder)) {
            uploadedFolders.add(folder);
        }
        String before = version(surveyId);
        // The shipped prompts, without those of the shipped questions this survey does not ask (the lint refuses
        // a prompt for no question).
        String asked = String.join(",", questions);
        String prompts = Files.readAllLines(Path.of("config-files/voice-prompts/survey-" + language + ".env"))
                .stream().filter(line -> !line.startsWith("question") || asked.contains(
                        "\"" + line.substring(0, line.indexOf('=')) + "\""))
                .collect(java.util.stream.Collectors.joining("\n"));
        upload(folder + "voice-prompts/survey-" + language + ".env", prompts);
        upload(folder + "survey-config.json", "{\"surveyId\": \"" + surveyId + "\", \"defaultLanguage\": \""
                + language + "\", \"questions\": [" + String.join(", ", questions) + "]}");
        return awaitNewVersion(catalog, surveyId, before);
    }

    private String version(String surveyId) {
        return runningVersion(catalog, surveyId);
    }

    private String startSms(String to, String surveyId) throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + to + "\""
                + (surveyId == null ? "" : ", \"surveyId\": \"" + surveyId + "\"") + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return json(started.body()).get("sessionId").asText();
    }

    private String text(String from, String body) throws Exception {
        return text(port, from, body);
    }

    private String text(int toPort, String from, String body) throws Exception {
        HttpResponse<String> reply = twilio(toPort, "/sms/webhook", Map.of("From", from, "To",
                LocalServices.PHONE_NUMBER, "Body", body, "MessageSid", "SM" + java.util.UUID.randomUUID()
                        .toString().replace("-", "")));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    private static JsonNode stored(String to, String sessionId) throws Exception {
        return json(object("survey-results/" + to.substring(1) + "/" + sessionId + ".json"));
    }

    private static List<String> answersByQuestion(JsonNode session) {
        List<String> answers = new ArrayList<>();
        session.get("questions").forEach(question -> answers.add(question.get("questionName").asText() + "="
                + question.path("answer").asText("-")));
        return answers;
    }

    @Test
    void twoSurveysRunSideBySideInDifferentLanguagesAndAreListed() throws Exception {
        String surveyId = newSurveyId();
        String version = uploadSurvey(surveyId, "es-MX", WORDS.formatted("questionFeedback"),
                RATE.formatted("questionServiceRate"));

        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/surveys")).header("X-Api-Key", API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode surveys = json(listed.body()).get("surveys");
        assertThat(surveys.get(0).get("folder").asText()).isEqualTo("/");
        assertThat(surveys.get(0).get("surveyId").asText()).isEqualTo("customer-satisfaction");
        assertThat(surveys.get(0).get("languages")).extracting(JsonNode::asText)
                .containsExactly("en-US", "es-MX", "fr-CA");
        JsonNode mine = null;
        for (JsonNode survey : surveys) {
            mine = survey.get("surveyId").asText().equals(surveyId) ? survey : mine;
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("state").asText()).isEqualTo("active");
        assertThat(mine.get("version").asText()).isEqualTo(version).matches("[0-9a-f]{16}");
        assertThat(mine.get("languages")).extracting(JsonNode::asText).containsExactly("es-MX");
        assertThat(mine.get("questions")).extracting(question -> question.get("questionName").asText())
                .containsExactly("questionFeedback", "questionServiceRate");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/surveys")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        String other = newRespondent();
        String spanish = startSms(respondent, surveyId);
        String english = startSms(other, null);
        assertThat(text(respondent, "seguir")).contains("¿Hay algo más que quiera contarnos?");
        assertThat(text(other, "continue")).contains("how satisfied are you with our service?");
        text(respondent, "todo bien");
        assertThat(text(respondent, "5")).contains("Eso es todo");

        JsonNode session = stored(respondent, spanish);
        assertThat(session.get("surveyId").asText()).isEqualTo(surveyId);
        assertThat(session.get("surveyVersion").asText()).isEqualTo(version);
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answersByQuestion(session)).containsExactly("questionFeedback=todo bien", "questionServiceRate=5");
        assertThat(stored(other, english).get("surveyId").asText()).isEqualTo("customer-satisfaction");
        assertThat(keys(SurveyCatalog.VERSIONS_FOLDER + surveyId + "/" + version + "/"))
                .containsExactlyInAnyOrder(SurveyCatalog.VERSIONS_FOLDER + surveyId + "/" + version
                        + "/survey-config.json", SurveyCatalog.VERSIONS_FOLDER + surveyId + "/" + version
                        + "/voice-prompts/survey-es-MX.env");
    }

    @Test
    void theResultsOfASurveyTakenOutOfTheBucketCanStillBeExported() throws Exception {
        String surveyId = newSurveyId();
        uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"), WORDS.formatted("questionProduct"));
        String sessionId = startSms(respondent, surveyId);
        text(respondent, "continue");
        text(respondent, "4");
        assertThat(text(respondent, "the app")).contains("That's everything");
        String folder = SurveyCatalog.SURVEYS_FOLDER + surveyId + "/";
        try (S3Client s3 = s3()) {
            keys(folder).forEach(key -> s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> version(surveyId) == null);
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + newRespondent() + "\", \"surveyId\": \""
                + surveyId + "\"}").statusCode()).as("no new sessions").isEqualTo(404);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/surveys/" + surveyId + "/results.csv")).header("X-Api-Key", API_KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
            assertThat(csv.body().lines().findFirst().orElseThrow()).contains("questionServiceRate")
                    .contains("questionProduct");
            assertThat(csv.body()).contains(sessionId).contains("the app");
        });

        // A broken upload into the emptied folder brought the taken-out version back: starts answered 201 on it.
        upload(folder + "survey-config.json", "{\"surveyId\": \"" + surveyId + "\", \"questions\": ["
                + "{\"questionName\": \"q1\", \"questionType\": \"voice\"}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal(surveyId).isPresent());
        assertThat(version(surveyId)).as("no version runs").isNull();
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + newRespondent() + "\", \"surveyId\": \""
                + surveyId + "\"}").statusCode()).as("still no new sessions").isEqualTo(404);
    }

    /**
     * Every survey's opt-out words count for every respondent: a survey listing "app" put quarterly-nps respondents
     * who answered "app" on the suppression list. Such a survey is refused, naming the answer it would take.
     */
    @Test
    void aSurveyWhoseOptOutWordAnotherSurveyTakesAsAnAnswerIsRefused() throws Exception {
        String survey = newSurveyId();
        String folder = SurveyCatalog.SURVEYS_FOLDER + survey + "/";
        uploadedFolders.add(folder);
        String prompts = Files.readAllLines(Path.of("config-files/voice-prompts/survey-en-US.env")).stream()
                .filter(line -> !line.startsWith("question") || line.startsWith("questionServiceRate="))
                .map(line -> line.startsWith("optOutWords=") ? "optOutWords=stop, app" : line)
                .collect(java.util.stream.Collectors.joining("\n"));
        upload(folder + "voice-prompts/survey-en-US.env", prompts);
        upload(folder + "survey-config.json", "{\"surveyId\": \"" + survey + "\", \"questions\": ["
                + RATE.formatted("questionServiceRate") + "]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal(survey).orElse("").contains("app"));
        assertThat(catalog.lastRefusal(survey).orElseThrow()).contains(folder + "voice-prompts/: optOutWords, "
                + "optOutPhrases, optInWords, helpWords: the consent word \"app\" answers questionChannel (")
                .contains("of survey quarterly-nps: its respondents answering it would be opted out");
        assertThat(version(survey)).as("never ran").isNull();
    }

    /**
     * A 120 MB survey-config.json was read whole at every refresh, holding up every survey's refresh and taking
     * gigabytes; an empty prompt file is still linted as one.
     */
    @Test
    void aSurveyFileOverAMegabyteIsRefusedUnreadAndAnEmptyOneIsLinted() throws Exception {
        String survey = newSurveyId();
        String folder = SurveyCatalog.SURVEYS_FOLDER + survey + "/";
        uploadedFolders.add(folder);
        String config = "{\"surveyId\": \"" + survey + "\", \"questions\": [" + RATE.formatted("questionServiceRate")
                + "]}";
        upload(folder + "voice-prompts/survey-en-US.env", "");
        upload(folder + "survey-config.json", config + " ".repeat(2 * 1024 * 1024));
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal(survey).orElse("").contains("bytes"));
        assertThat(catalog.lastRefusal(survey).orElseThrow()).contains(folder + "survey-config.json: is "
                + (config.length() + 2 * 1024 * 1024) + " bytes; a survey file may hold at most 1048576");

        upload(folder + "survey-config.json", config);
        await().atMost(Duration.ofSeconds(10)).until(() -> !catalog.lastRefusal(survey).orElse("")
                .contains("bytes"));
        assertThat(catalog.lastRefusal(survey).orElseThrow()).contains(folder + "voice-prompts/survey-en-US.env");
    }

    @Test
    void aBrokenSurveyIsRefusedAloneAndAnUnknownSurveyIdIs404() throws Exception {
        String good = newSurveyId();
        uploadSurvey(good, "en-US", RATE.formatted("questionServiceRate"));
        String broken = newSurveyId();
        String folder = SurveyCatalog.SURVEYS_FOLDER + broken + "/";
        uploadedFolders.add(folder);
        upload(folder + "survey-config.json", "{\"surveyId\": \"someone-else\", \"questions\": [" + RATE.formatted(
                "questionServiceRate") + "]}");
        upload(folder + "voice-prompts/survey-en-US.env", object(SurveyCatalog.SURVEYS_FOLDER + good
                + "/voice-prompts/survey-en-US.env"));
        // A refresh between the two uploads finds the prompts missing first.
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal(broken).orElse("")
                .contains("someone-else"));
        assertThat(catalog.lastRefusal(broken).orElseThrow()).contains(folder + "survey-config.json: surveyId: is "
                + "\"someone-else\" but the folder is " + folder);
        assertThat(catalog.listings()).filteredOn(listing -> broken.equals(listing.surveyId())).singleElement()
                .satisfies(listing -> {
                    assertThat(listing.state()).isEqualTo("refused");
                    assertThat(listing.version()).isNull();
                });

        upload(folder + "survey-config.json", "{\"surveyId\": \"" + broken + "\", \"questions\": ["
                + "{\"questionName\": \"q1\", \"questionType\": \"voice\"}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal(broken).orElse("")
                .contains("questionType"));
        assertThat(catalog.lastRefusal(broken).orElseThrow())
                .contains(folder + "survey-config.json: questions[0].questionType: unknown question type \"voice\"");

        assertThat(startSms(respondent, good)).isNotBlank();
        assertThat(text(respondent, "continue")).contains("how satisfied are you with our service?");
        HttpResponse<String> unknown = startSurvey("/sms/initiate-sms", "{\"To\": \"" + newRespondent()
                + "\", \"surveyId\": \"" + broken + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).get("error").asText()).isEqualTo("unknown_survey");
    }

    /**
     * An edit that fails the lint leaves the version before it running, on this instance and on one started after
     * the edit (a restart, a new replica): that one reads the version that ran last, as recorded under
     * {@code survey-versions/}, even when it is not the newest copy kept. It once started with the survey refused and
     * no version at all, so a typo became an outage at the next deploy.
     */
    @Test
    void anInstanceStartedAfterARefusedEditRunsTheVersionBeforeIt() throws Exception {
        String surveyId = newSurveyId();
        String good = uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"));
        // B, then A again: A's kept copy keeps the date it was first written, so the newest copy is B's. Last-Modified
        // counts whole seconds: B's copy is written once a second has passed since A's.
        java.time.Instant copiedA;
        try (S3Client s3 = s3()) {
            copiedA = s3.headObject(head -> head.bucket(LocalServices.BUCKET).key(SurveyCatalog.VERSIONS_FOLDER
                    + surveyId + "/" + good + "/survey-config.json")).lastModified();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> java.time.Instant.now().isAfter(copiedA.plusSeconds(1)));
        assertThat(uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"),
                WORDS.formatted("questionProduct"))).isNotEqualTo(good);
        assertThat(uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"))).isEqualTo(good);
        String folder = SurveyCatalog.SURVEYS_FOLDER + surveyId + "/";
        upload(folder + "survey-config.json", "{\"surveyId\": \"" + surveyId + "\", \"defaultLanguage\": "
                + "\"en-US\", \"questions\": [{\"questionName\": \"questionServiceRate\", \"questionType\": "
                + "\"voice\"}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal(surveyId).isPresent());
        assertThat(version(surveyId)).as("this instance keeps the version it ran").isEqualTo(good);

        try (ServiceInstance restarted = ServiceInstance.start(Map.of())) {
            SurveyCatalog after = restarted.bean(SurveyCatalog.class);
            assertThat(after.lastRefusal(surveyId)).as("the edit is still refused").isPresent();
            assertThat(after.listings()).filteredOn(listing -> surveyId.equals(listing.surveyId())).singleElement()
                    .satisfies(listing -> {
                        assertThat(listing.state()).isEqualTo("refused");
                        assertThat(listing.version()).isEqualTo(good);
                    });
            assertThat(after.survey(surveyId).version()).isEqualTo(good);
        }
    }

    @Test
    void aBoundNoNumberCanHoldIsRefusedAloneAndTheOtherSurveysStillReload() throws Exception {
        // "a-" sorts before "test-survey-": the broken folder is read first at every refresh.
        String broken = "a-" + newSurveyId();
        String folder = SurveyCatalog.SURVEYS_FOLDER + broken + "/";
        uploadedFolders.add(folder);
        String good = newSurveyId();
        String first = uploadSurvey(good, "en-US", RATE.formatted("questionServiceRate"));
        upload(folder + "voice-prompts/survey-en-US.env", object(SurveyCatalog.SURVEYS_FOLDER + good
                + "/voice-prompts/survey-en-US.env"));
        upload(folder + "survey-config.json", "{\"surveyId\": \"" + broken + "\", \"questions\": ["
                + "{\"questionName\": \"questionServiceRate\", \"questionType\": \"dtmf\", \"min\": 1, "
                + "\"max\": 5, \"next\": [{\"if\": {\"atMost\": 1e400}, \"goTo\": \"end\"}]}]}");
        // A refresh between the two uploads finds the config missing first.
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal(broken).orElse("")
                .contains("atMost"));
        assertThat(catalog.lastRefusal(broken).orElseThrow()).contains(folder
                + "survey-config.json: questions[0].next[0].if.atMost: must be a finite number");
        assertThat(catalog.listings()).filteredOn(listing -> broken.equals(listing.surveyId())).singleElement()
                .extracting(SurveyCatalog.Listing::state).isEqualTo("refused");

        String second = uploadSurvey(good, "en-US", RATE.formatted("questionServiceRate"),
                WORDS.formatted("questionProduct"));
        assertThat(second).as("a new version of the survey read after the broken one").isNotEqualTo(first);
        try (ServiceInstance another = ServiceInstance.start(Map.of())) {
            assertThat(another.bean(SurveyCatalog.class).listings())
                    .as("a new instance starts, with the good survey and the broken one refused")
                    .filteredOn(listing -> good.equals(listing.surveyId()) || broken.equals(listing.surveyId()))
                    .extracting(SurveyCatalog.Listing::state).containsExactlyInAnyOrder("active", "refused");
        }
    }

    @Test
    void smsSessionsFinishOnTheVersionTheyStartedWithWhenTheSurveyIsReorderedShortenedAndLengthened()
            throws Exception {
        String surveyId = newSurveyId();
        String first = uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"),
                WORDS.formatted("questionProduct"), RATE.formatted("questionAgentRate"));
        String onFirst = startSms(respondent, surveyId);
        text(respondent, "continue");
        text(respondent, "4");

        // Reordered and shortened while the first session waits for its second answer.
        String second = uploadSurvey(surveyId, "en-US", RATE.formatted("questionAgentRate"),
                RATE.formatted("questionServiceRate"));
        assertThat(second).isNotEqualTo(first);
        String secondRespondent = newRespondent();
        String onSecond = startSms(secondRespondent, surveyId);
        assertThat(text(secondRespondent, "continue")).contains("how helpful was the person");

        assertThat(text(respondent, "the app")).contains("how helpful was the person");

        // Lengthened while both are in flight.
        String third = uploadSurvey(surveyId, "en-US", RATE.formatted("questionAgentRate"),
                RATE.formatted("questionServiceRate"), WORDS.formatted("questionFeedback"));
        assertThat(text(respondent, "5")).contains("That's everything");
        text(secondRespondent, "2");
        assertThat(text(secondRespondent, "3")).contains("That's everything");

        JsonNode firstSession = stored(respondent, onFirst);
        assertThat(firstSession.get("surveyVersion").asText()).isEqualTo(first);
        assertThat(firstSession.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answersByQuestion(firstSession)).containsExactly("questionServiceRate=4",
                "questionProduct=the app", "questionAgentRate=5");
        JsonNode secondSession = stored(secondRespondent, onSecond);
        assertThat(secondSession.get("surveyVersion").asText()).isEqualTo(second);
        assertThat(answersByQuestion(secondSession)).containsExactly("questionAgentRate=2", "questionServiceRate=3");

        String thirdRespondent = newRespondent();
        String onThird = startSms(thirdRespondent, surveyId);
        text(thirdRespondent, "continue");
        text(thirdRespondent, "1");
        text(thirdRespondent, "2");
        assertThat(text(thirdRespondent, "all good")).contains("That's everything");
        assertThat(stored(thirdRespondent, onThird).get("surveyVersion").asText()).isEqualTo(third);
    }

    @Test
    void anInstanceStartedAfterTheChangeFinishesASessionOnTheVersionKeptInTheBucket() throws Exception {
        String surveyId = newSurveyId();
        String first = uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"),
                WORDS.formatted("questionProduct"));
        String sessionId = startSms(respondent, surveyId);
        text(respondent, "continue");
        text(respondent, "3");
        uploadSurvey(surveyId, "en-US", WORDS.formatted("questionProduct"), RATE.formatted("questionServiceRate"));

        try (ServiceInstance later = ServiceInstance.start(Map.of())) {
            assertThat(later.bean(SurveyCatalog.class).loaded(surveyId, first)).isEmpty();
            assertThat(text(later.port(), respondent, "the website")).contains("That's everything");
        }
        JsonNode session = stored(respondent, sessionId);
        assertThat(session.get("surveyVersion").asText()).isEqualTo(first);
        assertThat(answersByQuestion(session)).containsExactly("questionServiceRate=3",
                "questionProduct=the website");
    }

    @Test
    void aCallFinishesOnTheVersionItStartedWith() throws Exception {
        String surveyId = newSurveyId();
        String first = uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"),
                WORDS.formatted("questionProduct"), RATE.formatted("questionAgentRate"));
        VirtualPhone phone = SERVICES.emulator().phone(respondent);
        phone.setInteractive(true);
        HttpResponse<String> started = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent
                + "\", \"surveyId\": \"" + surveyId + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        awaitQuestion(phone, "how satisfied are you");
        phone.press("2");
        awaitQuestion(phone, "Which of our products");

        uploadSurvey(surveyId, "en-US", RATE.formatted("questionAgentRate"), WORDS.formatted("questionFeedback"));
        phone.say("the mobile app", 0.9);
        awaitQuestion(phone, "how helpful was the person");
        phone.press("5");
        await().atMost(Duration.ofSeconds(20)).until(() -> phone.lastCall().map(call -> call.ended() != null)
                .orElse(false));

        JsonNode session = stored(respondent, sessionId);
        assertThat(session.get("surveyVersion").asText()).isEqualTo(first);
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answersByQuestion(session)).containsExactly("questionServiceRate=2",
                "questionProduct=the mobile app", "questionAgentRate=5");
        assertThat(phone.thread()).extracting(SmsEntry::body).isEmpty();
    }

    @Test
    void aCallFinishesOnTheVersionItStartedWithWhenTheSurveyIsLengthened() throws Exception {
        String surveyId = newSurveyId();
        String first = uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"),
                WORDS.formatted("questionProduct"));
        VirtualPhone phone = SERVICES.emulator().phone(respondent);
        phone.setInteractive(true);
        HttpResponse<String> started = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent
                + "\", \"surveyId\": \"" + surveyId + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        awaitQuestion(phone, "how satisfied are you");
        phone.press("4");
        awaitQuestion(phone, "Which of our products");

        // Lengthened while the call waits for the last answer of its version: a question before it, two after.
        String second = uploadSurvey(surveyId, "en-US", RATE.formatted("questionAgentRate"),
                RATE.formatted("questionServiceRate"), WORDS.formatted("questionProduct"),
                WORDS.formatted("questionFeedback"));
        assertThat(second).isNotEqualTo(first);
        phone.say("the blender", 0.9);
        await().atMost(Duration.ofSeconds(20)).until(() -> phone.lastCall().map(call -> call.ended() != null)
                .orElse(false));

        assertThat(phone.lastCall().orElseThrow().transcript()).extracting(entry -> entry.text())
                .contains("That's everything. Thank you for your time, goodbye.")
                .noneMatch(text -> text != null && (text.contains("how helpful was the person")
                        || text.contains("anything else you would like us to know")));
        JsonNode session = stored(respondent, sessionId);
        assertThat(session.get("surveyVersion").asText()).isEqualTo(first);
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answersByQuestion(session)).containsExactly("questionServiceRate=4",
                "questionProduct=the blender");
    }

    /** Waits until the call's Gather waits for input after the transcript said {@code words}. */
    private static void awaitQuestion(VirtualPhone phone, String words) {
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.isWaitingForInput() && phone.currentCall()
                .map(call -> !call.transcript().isEmpty() && call.transcript().get(call.transcript().size() - 1)
                        .text() != null && call.transcript().get(call.transcript().size() - 1).text().contains(words))
                .orElse(false));
    }

    /**
     * A welcome too long for one text goes as two. Twilio took the first and failed the second (503 on every try):
     * the session ended "not delivered" and the key was freed, so a retry (a client's, or a campaign row's) sent the
     * first text again. The respondent has it, so the survey stays open and a retry sends nothing.
     */
    @Test
    void aWelcomeTwilioTookInPartKeepsItsSurveyOpenAndIsNotSentAgain() throws Exception {
        String surveyId = surveyWithATwoTextWelcome();
        String to = newRespondent();
        Map<String, String> headers = Map.of("X-Api-Key", API_KEY, "Idempotency-Key", "long-welcome-" + to);
        String body = "{\"To\": \"" + to + "\", \"surveyId\": \"" + surveyId + "\"}";
        SERVICES.twilio().faults().setAfter(Faults.Mode.ERROR, 1, "/Messages.json");
        HttpResponse<String> first;
        try {
            first = post("/sms/initiate-sms", "application/json", body, headers);
        } finally {
            SERVICES.twilio().faults().clear();
        }

        assertThat(first.statusCode()).as(first.body()).isEqualTo(502);
        assertThat(json(first.body()).get("message").asText()).startsWith("Twilio took the first 1 of the welcome's "
                + "2 texts and refused the next");
        assertThat(SERVICES.twilio().messages()).filteredOn(message -> message.to().equals(to)).hasSize(1);
        HttpResponse<String> again = post("/sms/initiate-sms", "application/json", body, headers);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(SERVICES.twilio().messages()).as("not sent again")
                .filteredOn(message -> message.to().equals(to)).hasSize(1);
        assertThat(text(to, "continue")).as("the survey stays open for the reply").contains("From 1 to 5");
    }

    /** Numbers of the several-text welcome tests: +15550142700 to +15550142749. */
    private static final AtomicInteger LONG_WELCOME_NUMBERS = new AtomicInteger(2700);

    /** Uploads a survey whose English welcome is too long for one text, so it goes as two; returns its id. */
    private String surveyWithATwoTextWelcome() throws Exception {
        return surveyWithATwoTextWelcome("Thank you for being with us this year. ");
    }

    /**
     * As {@link #surveyWithATwoTextWelcome()}, the welcome being {@code sentence} (39 characters, with its trailing
     * blank) 41 times.
     */
    private String surveyWithATwoTextWelcome(String sentence) throws Exception {
        String surveyId = newSurveyId();
        String folder = SurveyCatalog.SURVEYS_FOLDER + surveyId + "/";
        uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"));
        String before = version(surveyId);
        String prompts = object(LocalServices.BUCKET, folder + "voice-prompts/survey-en-US.env").replaceFirst(
                "(?m)^welcome=.*$", "welcome=" + sentence.repeat(41).strip());
        upload(folder + "voice-prompts/survey-en-US.env", prompts);
        awaitNewVersion(catalog, surveyId, before);
        return surveyId;
    }

    /** Twilio's signed report that the text {@code sid} to {@code to} was not delivered (30003, the handset). */
    private static Map<String, String> undelivered(String to, String sid) {
        return Map.of("MessageSid", sid, "SmsSid", sid, "MessageStatus", "undelivered", "SmsStatus", "undelivered",
                "ErrorCode", "30003", "AccountSid", LocalServices.ACCOUNT_SID, "From", LocalServices.PHONE_NUMBER,
                "To", to, "ApiVersion", "2010-04-01");
    }

    /**
     * A welcome sent as two texts, whose first part alone is reported undelivered: the second, which asks for the
     * reply, may have reached the respondent, so the survey goes on. It ended not-delivered on any part's report.
     */
    @Test
    void aWelcomeInSeveralTextsGoesOnWhenOnlyOnePartIsUndelivered() throws Exception {
        String surveyId = surveyWithATwoTextWelcome();
        String to = "+1555014" + LONG_WELCOME_NUMBERS.getAndIncrement();
        String sessionId = startSms(to, surveyId);
        List<String> parts = SERVICES.twilio().messages().stream().filter(message -> message.to().equals(to))
                .map(message -> message.sid()).toList();
        assertThat(parts).hasSize(2);

        assertThat(twilio("/sms/status", undelivered(to, parts.get(0))).statusCode()).isEqualTo(200);

        JsonNode open = stored(to, sessionId);
        assertThat(open.get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(text(to, "continue")).as("the survey goes on").contains("From 1 to 5");
    }

    /**
     * A welcome in two texts with curly quotes and a long dash, whose first part alone is reported undelivered, while
     * Twilio lists the parts with their bodies changed from those sent: Smart Encoding straightened the quotes and the
     * dash, and the Messaging Service appended its line. The second part is still this welcome's, may have arrived,
     * and the survey goes on. Until 2026-12-06 only a listed body equal to the part's counted, and the survey ended
     * not-delivered though its offer had arrived.
     */
    @Test
    void aWelcomePartTwilioListsChangedBySmartEncodingStillCountsAsArrived() throws Exception {
        String surveyId = surveyWithATwoTextWelcome("We\u2019re so glad you\u2019re here \u2014 thank you. ");
        String to = "+1555014" + LONG_WELCOME_NUMBERS.getAndIncrement();
        String sessionId = startSms(to, surveyId);
        List<String> parts = SERVICES.twilio().messages().stream().filter(message -> message.to().equals(to))
                .map(message -> message.sid()).toList();
        assertThat(parts).hasSize(2);

        SERVICES.twilio().listBodiesAs(body -> body.replace('\u2019', '\'').replace('\u2014', '-')
                + "\nReply STOP to unsubscribe.");
        try {
            assertThat(twilio("/sms/status", undelivered(to, parts.get(0))).statusCode()).isEqualTo(200);
        } finally {
            SERVICES.twilio().listBodiesAs(UnaryOperator.identity());
        }

        assertThat(stored(to, sessionId).get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(text(to, "continue")).as("the survey goes on").contains("From 1 to 5");
    }

    /** Every part of a welcome in several texts undelivered: the survey ends not-delivered. */
    @Test
    void aWelcomeInSeveralTextsAllUndeliveredEndsItsSurvey() throws Exception {
        String surveyId = surveyWithATwoTextWelcome();
        String to = "+1555014" + LONG_WELCOME_NUMBERS.getAndIncrement();
        endsNotDeliveredWhenTheHandsetIsUnreachable(to, surveyId);
    }

    /**
     * Takes a one-question survey to the end on {@code to}, so that its texts (the welcome, delivered) are the last to
     * the number before the next start.
     */
    private void anotherSurveyTakenTo(String to) throws Exception {
        String surveyId = newSurveyId();
        uploadSurvey(surveyId, "en-US", RATE.formatted("questionServiceRate"));
        String sessionId = startSms(to, surveyId);
        text(to, "continue");
        text(to, "3");
        assertThat(stored(to, sessionId).get("surveyStatus").asText()).isEqualTo("COMPLETED");
    }

    /**
     * Starts the survey {@code surveyId} (null for the default) by text to {@code to} with the handset unreachable
     * (30003 on every text), and waits for the session to end not-delivered.
     */
    private void endsNotDeliveredWhenTheHandsetIsUnreachable(String to, String surveyId) throws Exception {
        SERVICES.emulator().phone(to).setUndeliverable(30003);
        try {
            String sessionId = startSms(to, surveyId);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode ended = stored(to, sessionId);
                assertThat(ended.get("surveyStatus").asText()).isEqualTo("ABANDONED");
                assertThat(ended.get("endReason").asText()).isEqualTo("not-delivered:unreachable_handset");
            });
        } finally {
            SERVICES.emulator().phone(to).setUndeliverable(null);
        }
    }

    /**
     * A one-text welcome reported undelivered right after another survey's texts to the number: that survey's
     * welcome, delivered a moment before, is no part of this one, so the survey ends not-delivered and frees the
     * number. Until 2026-12-06 it counted as a part that may have arrived, and the survey stayed open until it
     * expired.
     */
    @Test
    void anUndeliveredOneTextWelcomeRightAfterAnotherSurveysTextsEndsItsSurvey() throws Exception {
        String to = "+1555014" + LONG_WELCOME_NUMBERS.getAndIncrement();
        anotherSurveyTakenTo(to);
        endsNotDeliveredWhenTheHandsetIsUnreachable(to, null);
    }

    /**
     * A welcome in two texts, both undelivered, right after another survey's delivered welcome to the number: only
     * this welcome's own parts (by their bodies) are asked about, so the survey ends not-delivered.
     */
    @Test
    void aWelcomeInSeveralTextsAllUndeliveredRightAfterAnotherSurveysTextsEndsItsSurvey() throws Exception {
        String surveyId = surveyWithATwoTextWelcome();
        String to = "+1555014" + LONG_WELCOME_NUMBERS.getAndIncrement();
        anotherSurveyTakenTo(to);
        endsNotDeliveredWhenTheHandsetIsUnreachable(to, surveyId);
    }
}
