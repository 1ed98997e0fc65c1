package com.surveyrelay.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.local.LocalEventBridge;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Every answer a virtual respondent gave, checked against what the service stored and published: the session
 * document ({@code survey-results/<digits>/<sessionId>.json}) must hold each answer once under the question it
 * answered, and the bus must have received one "Answer Recorded" event per answer and one "Survey Completed" per
 * survey. Answers missing or different count as lost; a second copy of an answer or of its event as duplicated.
 */
final class AnswerAudit {

    /** One survey a virtual respondent finished, with the answers it gave, by question name. */
    record Finished(String phone, String sessionId, Map<String, String> answers) {
    }

    /**
     * The audit's findings.
     *
     * @param surveys surveys checked
     * @param answers answers given
     * @param lost answers not stored as given, or never published
     * @param duplicated answers stored or published more than once
     * @param reads the S3 GETs the audit made (one a survey): the local S3 counts them with the service's
     * @param drainSeconds seconds from the check's start (the respondents' last answers) until the bus held every
     *     checked survey's "Survey Completed", the last event its outbox delivers, to within the 0.2 s between
     *     looks; about {@link #DRAIN_WITHIN} when not all arrive
     */
    record Findings(int surveys, int answers, int lost, int duplicated, int reads, double drainSeconds) {
    }

    private static final Duration DRAIN_WITHIN = Duration.ofMinutes(2);

    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final ObjectMapper json = new ObjectMapper();

    void add(Finished survey) {
        finished.add(survey);
    }

    int surveys() {
        return finished.size();
    }

    /**
     * Waits until the bus holds every checked survey's "Survey Completed" (two minutes at most: what has not
     * arrived by then is lost), then checks storage and events.
     */
    Findings check(S3Client s3, String bucket, LocalEventBridge bus) throws IOException, InterruptedException {
        long started = System.nanoTime();
        try {
            org.awaitility.Awaitility.await().atMost(DRAIN_WITHIN).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> allCompleted(eventsBySession(bus.events())));
        } catch (org.awaitility.core.ConditionTimeoutException notAll) {
            // What has not arrived by now is counted as lost below.
        }
        double drainSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, List<JsonNode>> events = eventsBySession(bus.events());
        int answers = 0;
        int lost = 0;
        int duplicated = 0;
        for (Finished survey : finished) {
            answers += survey.answers().size();
            JsonNode stored = read(s3, bucket, survey);
            Map<String, Integer> storedCounts = new HashMap<>();
            Map<String, String> storedAnswers = new HashMap<>();
            for (JsonNode question : stored == null ? List.<JsonNode>of() : listOf(stored.path("questions"))) {
                String name = question.path("questionName").asText();
                storedCounts.merge(name, 1, Integer::sum);
                storedAnswers.put(name, question.path("answer").asText());
            }
            Map<String, Integer> published = new HashMap<>();
            for (JsonNode event : events.getOrDefault(survey.sessionId(), List.of())) {
                if ("ANSWER_RECORDED".equals(event.path("eventType").asText())) {
                    published.merge(event.path("answer").path("questionName").asText(), 1, Integer::sum);
                }
            }
            for (Map.Entry<String, String> answer : survey.answers().entrySet()) {
                String name = answer.getKey();
                if (!answer.getValue().equals(storedAnswers.get(name)) || !published.containsKey(name)) {
                    lost++;
                }
                if (storedCounts.getOrDefault(name, 0) > 1 || published.getOrDefault(name, 0) > 1) {
                    duplicated++;
                }
            }
        }
        return new Findings(finished.size(), answers, lost, duplicated, finished.size(), drainSeconds);
    }

    private boolean allCompleted(Map<String, List<JsonNode>> events) {
        return finished.stream().allMatch(survey -> completed(events, survey));
    }

    private static boolean completed(Map<String, List<JsonNode>> events, Finished survey) {
        return events.getOrDefault(survey.sessionId(), List.of()).stream()
                .anyMatch(event -> "SURVEY_COMPLETED".equals(event.path("eventType").asText()));
    }

    private static Map<String, List<JsonNode>> eventsBySession(List<RecordedEvent> recorded) {
        Map<String, List<JsonNode>> bySession = new HashMap<>();
        for (RecordedEvent event : recorded) {
            bySession.computeIfAbsent(event.detail().path("sessionId").asText(), any -> new java.util.ArrayList<>())
                    .add(event.detail());
        }
        return bySession;
    }

    private JsonNode read(S3Client s3, String bucket, Finished survey) throws IOException {
        String key = "survey-results/" + survey.phone().substring(1) + "/" + survey.sessionId() + ".json";
        try {
            return json.readTree(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
