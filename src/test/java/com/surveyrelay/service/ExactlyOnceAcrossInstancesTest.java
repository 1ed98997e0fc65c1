package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one store, with Twilio delivering every webhook five times (in a row and at
 * once, alternating instances), two different answers racing, and a call's status callback overtaking its last
 * answer: every acknowledged answer is stored exactly once on its own question, and the events published are
 * exactly the answers stored.
 */
class ExactlyOnceAcrossInstancesTest extends ServiceTest {

    private static final int SMS_RESPONDENTS = 20;
    private static final int CALLERS = 4;
    private static final int DELIVERIES = 5;
    private static final String GOODBYE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"en-US\" "
            + "voice=\"Polly.Joanna\">That's everything. Thank you for your time, goodbye.</Say><Hangup/></Response>";

    private static ServiceInstance second;
    private static ExecutorService pool;
    private final AtomicInteger deliveries = new AtomicInteger();

    @BeforeAll
    static void secondInstance() {
        second = ServiceInstance.start(Map.of());
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        second.close();
    }

    /** The two instances' ports, alternating from {@code first}. */
    private int instance(int index) {
        return index % 2 == 0 ? port : second.port();
    }

    private HttpResponse<String> signed(int toPort, String pathAndQuery, Map<String, String> params) throws Exception {
        deliveries.incrementAndGet();
        HttpResponse<String> response = twilio(toPort, pathAndQuery, params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static Map<String, String> text(String from, String body) {
        return Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""),
                "AccountSid", LocalServices.ACCOUNT_SID, "From", from, "To", LocalServices.PHONE_NUMBER,
                "Body", body, "NumMedia", "0");
    }

    /** Delivers one text five times in a row, alternating instances; every delivery gets the same reply. */
    private String inARow(String from, String body) throws Exception {
        Map<String, String> message = text(from, body);
        Set<String> replies = new java.util.LinkedHashSet<>();
        for (int i = 0; i < DELIVERIES; i++) {
            replies.add(signed(instance(i), "/sms/webhook", message).body());
        }
        assertThat(replies).as("every delivery of %s is answered alike", body).hasSize(1);
        return replies.iterator().next();
    }

    /** Delivers one text five times at once, to both instances. */
    private String atOnce(String from, String body) throws Exception {
        Map<String, String> message = text(from, body);
        List<String> replies = concurrently(DELIVERIES, i -> signed(instance(i), "/sms/webhook", message).body());
        assertThat(Set.copyOf(replies)).as("every delivery of %s is answered alike", body).hasSize(1);
        return replies.get(0);
    }

    private interface Delivery {
        String deliver(int index) throws Exception;
    }

    private List<String> concurrently(int count, Delivery delivery) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        ExecutorService burst = Executors.newFixedThreadPool(count);
        try {
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(burst.submit(() -> {
                    go.await();
                    return delivery.deliver(index);
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            burst.shutdown();
        }
    }

    private String smsSurvey(String phone, int index) throws Exception {
        HttpResponse<String> started = post(instance(index), "/sms/initiate-sms", "{\"To\": \"" + phone + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        assertThat(inARow(phone, "continue")).contains("First question.");
        assertThat(atOnce(phone, "4")).contains("Next question.");
        assertThat(inARow(phone, "the app")).contains("Next question.");
        // Two different answers at once, one to each instance: both are acknowledged, each on its own question.
        Map<String, String> three = text(phone, "3");
        Map<String, String> five = text(phone, "5");
        List<String> raced = concurrently(2, i -> signed(instance(i), "/sms/webhook", i == 0 ? three : five).body());
        assertThat(raced).anySatisfy(reply -> assertThat(reply).contains("One last question."))
                .anySatisfy(reply -> assertThat(reply).contains("Here is what you told us"));
        // Twilio's retries of both arrive later (five deliveries each in all), and change nothing.
        for (int retry = 1; retry < DELIVERIES; retry++) {
            assertThat(signed(instance(retry), "/sms/webhook", three).body()).isEqualTo(raced.get(0));
            assertThat(signed(instance(retry + 1), "/sms/webhook", five).body()).isEqualTo(raced.get(1));
        }
        return sessionId;
    }

    private HttpResponse<String> post(int toPort, String path, String json) throws Exception {
        return startSurvey(toPort, path, json);
    }

    /** A call answered step by step, each step delivered five times, and its status overtaking the last answer. */
    private String voiceSurvey(String phone, int index) throws Exception {
        SERVICES.emulator().phone(phone).setManual(true);
        HttpResponse<String> started = post(instance(index), "/voice/initiate-call", "{\"To\": \"" + phone + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        String[][] steps = {{"0", null, null}, {"1", null, null}, {"2", "4", null}, {"3", null, "The mobile app"},
                {"4", "2", null}};
        for (String[] step : steps) {
            Map<String, String> params = voiceParams(phone, step[1], step[2]);
            List<String> replies = concurrently(DELIVERIES, i -> signed(instance(i),
                    "/voice/webhook?sessionId=" + sessionId + "&turn=" + step[0], params).body());
            // A repeat is answered with the first delivery's TwiML, intro and all.
            assertThat(Set.copyOf(replies)).as("turn %s answered alike", step[0]).hasSize(1);
        }
        // The caller answers the last question and hangs up; Twilio's status callback comes first, twice.
        Map<String, String> completed = new LinkedHashMap<>(voiceParams(phone, null, null));
        completed.put("CallStatus", "completed");
        signed(instance(index), "/voice/status?sessionId=" + sessionId, completed);
        signed(instance(index + 1), "/voice/status?sessionId=" + sessionId, completed);
        Map<String, String> last = voiceParams(phone, null, "Keep it up");
        List<String> replies = concurrently(DELIVERIES, i -> signed(instance(i),
                "/voice/webhook?sessionId=" + sessionId + "&turn=5", last).body());
        assertThat(Set.copyOf(replies)).as("the goodbye, to every delivery").containsExactly(GOODBYE);
        return sessionId;
    }

    private static Map<String, String> voiceParams(String phone, String digits, String speech) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", "CA" + "1".repeat(32));
        params.put("AccountSid", LocalServices.ACCOUNT_SID);
        params.put("From", LocalServices.PHONE_NUMBER);
        params.put("To", phone);
        params.put("CallStatus", "in-progress");
        if (digits != null) {
            params.put("Digits", digits);
        }
        if (speech != null) {
            params.put("SpeechResult", speech);
            params.put("Confidence", "0.9");
        }
        return params;
    }

    /**
     * A repeat of the last survey's text reaching an instance whose cached pointer still names that finished survey,
     * once the other instance has begun the number's next one: empty TwiML, as on one instance. Until 2026-12-08 it got
     * the old survey's question or summary again, mid-welcome (a breaker's probe).
     */
    @Test
    void aRepeatOfTheLastSurveysTextIsNoReplyOnAnInstanceThatMissedTheNextStart() throws Exception {
        String phone = newRespondent();
        int other = second.port();
        assertThat(post(other, "/sms/initiate-sms", "{\"To\": \"" + phone + "\"}").statusCode()).isEqualTo(201);
        Map<String, String> first = text(phone, "continue");
        assertThat(signed(other, "/sms/webhook", first).body()).contains("First question.");
        for (String answer : List.of("4", "the app", "3")) {
            signed(other, "/sms/webhook", text(phone, answer));
        }
        Map<String, String> last = text(phone, "done here");
        assertThat(signed(other, "/sms/webhook", last).body()).contains("Here is what you told us");
        HttpResponse<String> next = post(port, "/sms/initiate-sms", "{\"To\": \"" + phone + "\"}");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
        String nextSession = json(next.body()).get("sessionId").asText();

        String empty = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
        assertThat(signed(other, "/sms/webhook", first).body()).isEqualTo(empty);
        assertThat(signed(other, "/sms/webhook", last).body()).isEqualTo(empty);
        JsonNode stored = json(object("survey-results/" + phone.substring(1) + "/" + nextSession + ".json"));
        assertThat(stored.get("currentState").asText()).as("the next survey is still at its welcome")
                .isEqualTo("language_offer");
    }

    @Test
    void everyAnswerIsStoredAndPublishedExactlyOnce() throws Exception {
        Map<String, String> sessions = new ConcurrentHashMap<>();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < SMS_RESPONDENTS + CALLERS; i++) {
            int index = i;
            String phone = newRespondent();
            Callable<Void> survey = () -> {
                sessions.put(index < SMS_RESPONDENTS ? smsSurvey(phone, index) : voiceSurvey(phone, index), phone);
                return null;
            };
            running.add(pool.submit(survey));
        }
        for (Future<?> each : running) {
            each.get();
        }

        // What is stored: every survey completed, every answer once, on its own question.
        int answersStored = 0;
        Map<String, List<Object>> storedAnswers = new LinkedHashMap<>();
        for (Map.Entry<String, String> session : sessions.entrySet()) {
            JsonNode stored = json(object("survey-results/" + session.getValue().substring(1) + "/"
                    + session.getKey() + ".json"));
            assertThat(stored.get("surveyStatus").asText()).as(session.getValue()).isEqualTo("COMPLETED");
            List<Object> answers = new ArrayList<>();
            stored.get("questions").forEach(question -> answers.add(question.get("answer").asText()));
            storedAnswers.put(session.getKey(), answers);
            answersStored += answers.size();
            boolean sms = stored.get("surveyMedium").asText().equals("sms");
            if (sms) {
                assertThat(answers.subList(0, 2)).containsExactly("4", "the app");
                assertThat(answers.subList(2, 4)).as("the raced answers, one a question")
                        .containsExactlyInAnyOrder("3", "5");
                assertThat(stored.get("inbox").get("messages")).as("the texts applied").hasSize(5);
            } else {
                assertThat(answers).containsExactly("4", "The mobile app", "2", "Keep it up");
            }
        }

        // What is published: exactly the answers stored, each event once, in order per session.
        int expectedEvents = sessions.size() * 6;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ours(sessions.keySet()))
                .as(() -> "events still missing; outboxes: " + outboxes(sessions)).hasSizeGreaterThanOrEqualTo(expectedEvents));
        List<RecordedEvent> events = ours(sessions.keySet());
        Map<String, List<RecordedEvent>> bySession = events.stream()
                .collect(Collectors.groupingBy(event -> event.detail().get("sessionId").asText()));
        int answersPublished = 0;
        for (Map.Entry<String, List<RecordedEvent>> session : bySession.entrySet()) {
            List<RecordedEvent> own = session.getValue();
            assertThat(own).extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Answer Recorded",
                    "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed");
            assertThat(own).extracting(event -> event.detail().get("sequence").asLong()).isSorted()
                    .doesNotHaveDuplicates();
            List<Object> published = own.stream().filter(event -> event.detailType().equals("Answer Recorded"))
                    .map(event -> (Object) event.detail().get("answer").get("answer").asText()).toList();
            assertThat(published).as("the events are the answers stored")
                    .isEqualTo(storedAnswers.get(session.getKey()));
            answersPublished += published.size();
        }
        assertThat(events).extracting(event -> event.detail().get("eventId").asText()).doesNotHaveDuplicates();
        assertThat(events).hasSize(expectedEvents);
        assertThat(answersPublished).isEqualTo(answersStored);
        long distinctIds = events.stream().map(event -> event.detail().get("eventId").asText()).distinct().count();
        System.out.printf("exactly-once: %d respondents (%d SMS, %d calls) on 2 instances, %d webhook deliveries, "
                + "%d answers acknowledged, %d stored, %d lost, %d events duplicated; events expected %d, "
                + "delivered %d%n", sessions.size(), SMS_RESPONDENTS, CALLERS, deliveries.get(), sessions.size() * 4,
                answersStored, sessions.size() * 4 - answersStored, events.size() - distinctIds, expectedEvents,
                events.size());
    }

    /**
     * Each step of a call delivered to one instance and again to the other, which applied the step before it and so
     * holds a stale copy of the session: its write is refused, and on the re-read it answers with the first
     * delivery's TwiML (the intro, the explanation after an invalid answer, the goodbye), storing and publishing
     * nothing twice.
     */
    @Test
    void aCallStepRepeatedOnTheOtherInstanceIsAnsweredAsTheFirstTime() throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        HttpResponse<String> started = post(port, "/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        String[][] steps = {{"0", null, null}, {"1", null, null}, {"2", "9", null}, {"3", "4", null},
                {"4", null, "The mobile app"}, {"5", "2", null}, {"6", null, "Keep it up"}};
        List<String> answered = new ArrayList<>();
        for (int turn = 0; turn < steps.length; turn++) {
            String[] step = steps[turn];
            String url = "/voice/webhook?sessionId=" + sessionId + "&turn=" + step[0];
            Map<String, String> params = voiceParams(respondent, step[1], step[2]);
            String first = signed(instance(turn), url, params).body();
            assertThat(signed(instance(turn + 1), url, params).body()).as("the repeat of turn %s", step[0])
                    .isEqualTo(first);
            answered.add(first);
        }
        assertThat(answered.get(1)).contains("Great, let's get started.", "First question.");
        assertThat(answered.get(2)).contains("Sorry, that answer doesn't fit.");
        assertThat(answered.get(3)).contains("Thanks. Next question.");
        assertThat(answered.get(5)).contains("Thanks. One last question.");
        assertThat(answered).last().isEqualTo(GOODBYE);

        JsonNode stored = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(stored.get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("4", "The mobile app", "2", "Keep it up");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ours(Set.of(sessionId)))
                .extracting(RecordedEvent::detailType).contains("Survey Completed"));
        assertThat(ours(Set.of(sessionId))).extracting(RecordedEvent::detailType).containsExactly("Survey Started",
                "Answer Recorded", "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed");
    }

    @Test
    void ofTenStartsToOneNumberAtOnceOnTwoInstancesExactlyOneTexts() throws Exception {
        for (int round = 0; round < 2; round++) {
            // The second round races over a number whose pointer exists already (its survey was ended).
            List<String> statuses = concurrently(10, i -> {
                HttpResponse<String> started = post(instance(i), "/sms/initiate-sms",
                        "{\"To\": \"" + respondent + "\"}");
                return started.statusCode() + " " + (started.statusCode() == 201 ? "" : json(started.body())
                        .get("error").asText());
            });
            assertThat(statuses).as("round %d", round).containsOnlyOnce("201 ")
                    .containsOnly("201 ", "409 survey_in_progress");
            assertThat(SERVICES.twilio().messages()).filteredOn(message -> message.to().equals(respondent))
                    .as("welcome texts, round %d", round).hasSize(round + 1);
            // Ends the survey; START then takes the number off the suppression list for the next round.
            signed(port, "/sms/webhook", text(respondent, "STOP"));
            signed(port, "/sms/webhook", text(respondent, "START"));
        }
    }

    /**
     * Four call starts to one number at once rang four calls (calls carry their session, so nothing held the number):
     * now one rings and three answer 409, and once its call has ended the number takes another.
     */
    @Test
    void ofFourCallStartsToOneNumberAtOnceOnTwoInstancesOneRings() throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        List<String> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> statuses = concurrently(4, i -> {
            HttpResponse<String> started = post(instance(i), "/voice/initiate-call", "{\"To\": \"" + respondent
                    + "\"}");
            if (started.statusCode() == 201) {
                sessions.add(json(started.body()).get("sessionId").asText());
                return "201 ";
            }
            return started.statusCode() + " " + json(started.body()).get("error").asText();
        });
        assertThat(statuses).containsOnlyOnce("201 ").containsOnly("201 ", "409 survey_in_progress");
        assertThat(SERVICES.twilio().calls()).filteredOn(call -> call.to().equals(respondent)).hasSize(1);

        HttpResponse<String> whileRinging = post(second.port(), "/voice/initiate-call", "{\"To\": \"" + respondent
                + "\"}");
        assertThat(whileRinging.statusCode()).as(whileRinging.body()).isEqualTo(409);
        Map<String, String> noAnswer = new LinkedHashMap<>(voiceParams(respondent, null, null));
        noAnswer.put("CallStatus", "no-answer");
        // The ringing call's own sid: a session not bound to a call yet takes the status of the call its pointer names.
        noAnswer.put("CallSid", SERVICES.twilio().calls().stream().filter(call -> call.to().equals(respondent))
                .findFirst().orElseThrow().sid());
        signed(port, "/voice/status?sessionId=" + sessions.get(0), noAnswer);
        HttpResponse<String> after = post(second.port(), "/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(after.statusCode()).as("the call has ended: %s", after.body()).isEqualTo(201);
    }

    /**
     * Each instance starts from its own copy of the number's pointer, which goes stale whenever the other instance
     * takes the number: a stale copy never refuses a start the number is free for, nor lets one through while the
     * other instance's survey runs.
     */
    @Test
    void aStartFromAStaleCopyOfTheNumbersPointerGoesByTheBucketsPointer() throws Exception {
        int[] takers = {port, second.port(), port, second.port()};
        for (int round = 0; round < takers.length; round++) {
            // Each instance's copy names the survey it started two rounds ago; the other instance took the number
            // since, and its survey has ended.
            HttpResponse<String> started = post(takers[round], "/sms/initiate-sms", "{\"To\": \"" + respondent
                    + "\"}");
            assertThat(started.statusCode()).as("round %d: %s", round, started.body()).isEqualTo(201);
            if (round < takers.length - 1) {
                signed(takers[round], "/sms/webhook", text(respondent, "STOP"));
                signed(takers[round], "/sms/webhook", text(respondent, "START"));
            }
        }
        // The last survey runs on the second instance; the first one's copy names the one before it.
        HttpResponse<String> refused = post(port, "/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("survey_in_progress");
        assertThat(SERVICES.twilio().messages()).filteredOn(message -> message.to().equals(respondent))
                .as("welcome texts").hasSize(takers.length);
    }

    /** The outboxes that still hold something, for a failure message. */
    private static String outboxes(Map<String, String> sessions) {
        StringBuilder text = new StringBuilder();
        sessions.forEach((sessionId, phone) -> {
            try {
                JsonNode outbox = json(object("survey-results/" + phone.substring(1) + "/" + sessionId + ".json"))
                        .path("outbox");
                if (outbox.path("entries").size() > 0) {
                    text.append('\n').append(sessionId).append(": ").append(outbox);
                }
            } catch (Exception e) {
                text.append('\n').append(sessionId).append(": ").append(e);
            }
        });
        return text.toString();
    }

    private static List<RecordedEvent> ours(Set<String> sessionIds) {
        return SERVICES.eventBridge().events().stream()
                .filter(event -> sessionIds.contains(event.detail().get("sessionId").asText())).toList();
    }
}
