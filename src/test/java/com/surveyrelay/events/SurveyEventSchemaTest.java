package com.surveyrelay.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.Decision;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.QuestionResult;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveyEventType;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.survey.VoiceWebhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The events the processor emits, serialised exactly as they are put on EventBridge, against
 * {@code schemas/survey-event.schema.json}; and details that break the contract, which the schema must reject.
 */
class SurveyEventSchemaTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final E164 RESPONDENT = new E164("+15551234567");
    private static final Survey SURVEY = loadShippedSurvey();
    private static final SurveyProcessor PROCESSOR = new SurveyProcessor(Clock.fixed(NOW, ZoneOffset.UTC),
            new VoiceWebhook(URI.create("https://relay.example.com/voice/webhook"),
                    URI.create("https://relay.example.com/voice/status")));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Survey loadShippedSurvey() {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One respondent's session driven through the processor, keeping every event it emitted. */
    private static final class Conversation {

        private final List<SurveyEvent> events = new ArrayList<>();
        private SurveySession session;

        Conversation(String sessionId, Channel channel, String language) {
            session = SurveySession.begin(sessionId, SURVEY, RESPONDENT, channel, language, NOW);
            send(new SurveyInput.Start());
        }

        Conversation send(SurveyInput input) {
            Decision decision = PROCESSOR.process(SURVEY, session, input);
            session = decision.session();
            events.addAll(decision.events());
            return this;
        }

        Conversation text(String... bodies) {
            for (String body : bodies) {
                send(new SurveyInput.SmsReceived(body, null));
            }
            return this;
        }

        Conversation silence(int turn) {
            return send(new SurveyInput.VoiceInput(turn, null, null, null));
        }

        Conversation press(int turn, String digits) {
            return send(new SurveyInput.VoiceInput(turn, digits, null, null));
        }

        Conversation say(int turn, String speech, double confidence) {
            return send(new SurveyInput.VoiceInput(turn, null, speech, confidence));
        }

        Conversation callEnded(String callStatus) {
            return send(new SurveyInput.CallEnded(callStatus));
        }

        List<SurveyEvent> events() {
            return List.copyOf(events);
        }
    }

    static Stream<Arguments> conversations() {
        return Stream.of(
                conversation("an English SMS survey completed",
                        new Conversation("sms-1", Channel.SMS, "en-US")
                                .text("continue", " 4 ", "The loyalty card", "5", "Open earlier on Sundays, please!")),
                conversation("a Spanish SMS survey with a skipped question",
                        new Conversation("sms-2", Channel.SMS, "es-MX")
                                .text("SEGUIR", "siete", "ocho", "nueve", "la app", "5", "nada")),
                conversation("an SMS survey switched to French",
                        new Conversation("sms-3", Channel.SMS, "en-US")
                                .text("français", "2", "l'appli", "3", "rien")),
                conversation("an SMS survey with answers longer than an answer keeps (rawInputTruncated)",
                        new Conversation("sms-7", Channel.SMS, "en-US")
                                .text("continue", "4", "x".repeat(2_000), "5", "y".repeat(2_000))),
                conversation("an SMS opt-out mid-survey",
                        new Conversation("sms-4", Channel.SMS, "en-US").text("continue", "4", "STOP")),
                conversation("an opt-out recognised by Twilio's OptOutType",
                        new Conversation("sms-5", Channel.SMS, "fr-CA")
                                .send(new SurveyInput.SmsReceived("arrêt", "STOP"))),
                conversation("an SMS opt-out after completion, then again",
                        new Conversation("sms-6", Channel.SMS, "en-US")
                                .text("continue", "4", "app", "3", "none", "STOP", "STOP")),
                conversation("an English call completed",
                        new Conversation("call-1", Channel.VOICE, "en-US")
                                .silence(0).silence(1).press(2, "5").say(3, "The mobile app.", 0.91).press(4, "4")
                                .say(5, "Keep it up", 0.87)),
                conversation("a call switched to French with a skipped question",
                        new Conversation("call-2", Channel.VOICE, "en-US")
                                .silence(0).press(1, "3").press(2, "7").press(3, "9").press(4, "0")
                                .say(5, "l'application", 0.55).press(6, "2").say(7, "rien", 0.7)),
                conversation("a call abandoned after silence",
                        new Conversation("call-3", Channel.VOICE, "es-MX")
                                .silence(0).silence(1).press(2, "5").silence(3).silence(4).silence(5)),
                conversation("a call hung up mid-survey",
                        new Conversation("call-4", Channel.VOICE, "en-US")
                                .silence(0).silence(1).press(2, "4").callEnded("completed")
                                .send(new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"))),
                conversation("a call that was busy",
                        new Conversation("call-5", Channel.VOICE, "en-US").callEnded("busy")),
                conversation("a call that was not answered",
                        new Conversation("call-6", Channel.VOICE, "fr-CA").callEnded("no-answer")),
                // The probe's case (2026-12-05): published since 2026-12-04, refused by the schema's reason pattern.
                conversation("a call whose status never came and that Twilio no longer knows",
                        new Conversation("call-7", Channel.VOICE, "en-US").silence(0).silence(1)
                                .send(new SurveyInput.CallFoundOver(SurveyProcessor.CALL_NOT_FOUND))),
                // Published since VOICE_MACHINE_DETECTION (2026-12-05); the schema's reason pattern lacked it.
                conversation("a call a voicemail answered, its first request delivered twice",
                        new Conversation("call-8", Channel.VOICE, "en-US")
                                .send(new SurveyInput.MachineAnswered("machine_start"))
                                .send(new SurveyInput.MachineAnswered("machine_start"))),
                // Since 2026-12-06: opt-out words heard below the bar at the language offer, past the retries.
                conversation("a call whose caller was not understood at the language offer",
                        new Conversation("call-9", Channel.VOICE, "en-US").silence(0)
                                .say(1, "stop calling me", 0.1).say(2, "stop calling me", 0.1)
                                .say(3, "stop calling me", 0.1)),
                conversation("a texted welcome Twilio could not deliver to a landline",
                        new Conversation("sms-8", Channel.SMS, "en-US").send(new SurveyInput.Ended(
                                SurveyStatus.ABANDONED, "not-delivered:invalid_recipient"))));
    }

    private static Arguments conversation(String name, Conversation conversation) {
        return Arguments.of(Named.of(name, conversation.events()));
    }

    /** Every event of every conversation above, in order. */
    private static Stream<SurveyEvent> allEmittedEvents() {
        return conversations().flatMap(arguments -> {
            @SuppressWarnings("unchecked")
            Named<List<SurveyEvent>> named = (Named<List<SurveyEvent>>) arguments.get()[0];
            return named.getPayload().stream();
        });
    }

    /** The detail exactly as published: {@code SurveyJson.write}, read back as JSON. */
    private static JsonNode detail(SurveyEvent event) {
        try {
            return JSON.readTree(SurveyJson.write(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversations")
    void everyEmittedEventMatchesTheSchema(List<SurveyEvent> events) {
        assertThat(events).isNotEmpty().allSatisfy(event -> assertThat(SurveyEventSchema.violations(detail(event)))
                .as("%s%n%s", event.eventType(), SurveyJson.write(event))
                .isEmpty());
    }

    @Test
    void theConversationsEmitEveryKindOfEvent() {
        List<SurveyEvent> all = allEmittedEvents().toList();
        assertThat(all).extracting(SurveyEvent::eventType).containsAll(Arrays.asList(SurveyEventType.values()));
        assertThat(all).extracting(SurveyEvent::surveyMedium).contains(Channel.SMS, Channel.VOICE);
        assertThat(all).filteredOn(event -> event.eventType() == SurveyEventType.SURVEY_ABANDONED)
                .extracting(SurveyEvent::reason).contains("no-input", "not-understood", "hangup", "busy", "no-answer",
                        "machine");
        assertThat(all).filteredOn(event -> event.eventType() == SurveyEventType.SURVEY_OPTED_OUT)
                .extracting(SurveyEvent::surveyStatus).contains(SurveyStatus.OPTED_OUT, SurveyStatus.COMPLETED);
        assertThat(all).filteredOn(event -> event.eventType() == SurveyEventType.SURVEY_COMPLETED)
                .flatExtracting(SurveyEvent::answers)
                .as("answered and skipped, typed and spoken results")
                .anyMatch(result -> Boolean.TRUE.equals(result.skipped()) && result.channel() == Channel.SMS)
                .anyMatch(result -> Boolean.TRUE.equals(result.skipped()) && result.channel() == Channel.VOICE)
                .anyMatch(result -> result.answerConfidence() != null)
                .anyMatch(result -> result.answer() instanceof Integer)
                .anyMatch(result -> result.answer() instanceof String);
        assertThat(all).filteredOn(event -> event.eventType() == SurveyEventType.ANSWER_RECORDED)
                .extracting(SurveyEvent::answer).extracting(QuestionResult::channel)
                .contains(Channel.SMS, Channel.VOICE);
    }

    // ---- the schema rejects what breaks the contract ----

    /** A real event of the given type from the conversations above, as a mutable JSON tree. */
    private static ObjectNode emitted(SurveyEventType type, Channel channel) {
        return allEmittedEvents()
                .filter(event -> event.eventType() == type && event.surveyMedium() == channel)
                .findFirst()
                .map(event -> (ObjectNode) detail(event))
                .orElseThrow();
    }

    /** The first ANSWER_RECORDED of the English SMS survey: questionServiceRate (dtmf) answered 4. */
    private static ObjectNode dtmfAnswer() {
        ObjectNode event = emitted(SurveyEventType.ANSWER_RECORDED, Channel.SMS);
        assertThat(event.at("/answer/questionType").asText()).isEqualTo("dtmf");
        assertThat(SurveyEventSchema.violations(event)).as("the unbroken event is valid").isEmpty();
        return event;
    }

    @Test
    void rejectsAnEventWithoutItsSessionId() {
        ObjectNode event = dtmfAnswer();
        event.remove("sessionId");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).contains("required").contains("sessionId"));
    }

    @Test
    void rejectsARecipientThatIsNotAnE164Number() {
        ObjectNode event = dtmfAnswer();
        event.put("surveyTo", "(555) 123-4567");
        assertThat(SurveyEventSchema.violations(event)).singleElement().asString()
                .startsWith("$.surveyTo:").contains("^\\+[1-9][0-9]{6,14}$");
    }

    @Test
    void rejectsAnAnswerEventWithoutItsAnswer() {
        ObjectNode event = dtmfAnswer();
        event.remove("answer");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).contains("required").contains("'answer'"));
    }

    @Test
    void rejectsADtmfAnswerGivenAsText() {
        ObjectNode event = dtmfAnswer();
        ((ObjectNode) event.get("answer")).put("answer", "4");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.answer.answer:").contains("string").contains("integer"));
    }

    @Test
    void rejectsADtmfAnswerOutsideAnyConfigurableRange() {
        ObjectNode event = dtmfAnswer();
        ((ObjectNode) event.get("answer")).put("answer", -1);
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.answer.answer:").contains("0"));
    }

    @Test
    void rejectsASpeechAnswerGivenAsANumber() {
        ObjectNode event = emitted(SurveyEventType.ANSWER_RECORDED, Channel.VOICE);
        ObjectNode answer = (ObjectNode) event.get("answer");
        answer.put("questionName", "questionProduct").put("questionType", "speech").put("answer", 5);
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.answer.answer:").contains("integer").contains("string"));
    }

    @Test
    void rejectsAnUnknownEventType() {
        ObjectNode event = dtmfAnswer();
        event.put("eventType", "SURVEY_PAUSED");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.eventType:").contains("enumeration"));
    }

    @Test
    void rejectsAPropertyTheContractDoesNotDefine() {
        ObjectNode event = dtmfAnswer();
        event.put("respondentName", "Ada");
        assertThat(SurveyEventSchema.violations(event)).singleElement().asString()
                .contains("respondentName").contains("not defined in the schema");
    }

    @Test
    void rejectsAPropertyTheContractDoesNotDefineInsideAnAnswer() {
        ObjectNode event = dtmfAnswer();
        ((ObjectNode) event.get("answer")).put("score", 4);
        assertThat(SurveyEventSchema.violations(event)).singleElement().asString()
                .startsWith("$.answer:").contains("score");
    }

    @Test
    void rejectsATimeThatIsNotARealInstant() {
        ObjectNode event = dtmfAnswer();
        event.put("time", "2026-02-30T10:15:30Z");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.time:").contains("date-time"));
    }

    @Test
    void rejectsATimeThatIsNotInUtc() {
        ObjectNode event = dtmfAnswer();
        event.put("time", "2026-11-24T11:15:30+01:00");
        assertThat(SurveyEventSchema.violations(event)).singleElement().asString().startsWith("$.time:");
    }

    @Test
    void rejectsASpeechConfidenceAboveOne() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.VOICE);
        ((ObjectNode) event.at("/answers/1")).put("answerConfidence", 91);
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.answers[1].answerConfidence:"));
    }

    @Test
    void rejectsAnAnswerFromAnotherChannelThanTheSurvey() {
        ObjectNode event = dtmfAnswer();
        ((ObjectNode) event.get("answer")).put("channel", "voice");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.answer.channel:"));
    }

    /**
     * An SMS session going on from a dropped call keeps the call's answers, which came in on voice: its completion
     * lists them so (refused until 2026-12-06, so a consumer validating events dropped such a completion), while a
     * voice answer elsewhere on the sms channel is still refused (above).
     */
    @Test
    void takesACompletionOfAnSmsSessionListingAnAnswerKeptFromTheCallItGoesOnFrom() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.SMS);
        assertThat(SurveyEventSchema.violations(event)).isEmpty();
        ((ObjectNode) event.get("answers").get(0)).put("channel", "voice");
        assertThat(SurveyEventSchema.violations(event)).isEmpty();
        ((ObjectNode) event.get("answers").get(0)).put("channel", "whatsapp");
        assertThat(SurveyEventSchema.violations(event)).isNotEmpty();
    }

    @Test
    void rejectsACompletionWhoseStatusIsNotCompleted() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.SMS);
        event.put("surveyStatus", "STARTED");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.surveyStatus:").contains("COMPLETED"));
    }

    @Test
    void rejectsACompletionWithoutTheAnswers() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.VOICE);
        event.remove("answers");
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).contains("required").contains("'answers'"));
    }

    /** A completion too large for PutEvents goes with {@code answersOmitted} instead of its answers, never both. */
    @Test
    void takesACompletionWithItsAnswersOmittedAndNoOtherEventSo() {
        ObjectNode omitted = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.SMS);
        omitted.remove("answers");
        omitted.put("answersOmitted", true);
        assertThat(SurveyEventSchema.violations(omitted)).isEmpty();

        ObjectNode both = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.SMS);
        both.put("answersOmitted", true);
        assertThat(SurveyEventSchema.violations(both)).isNotEmpty();
        ObjectNode answer = emitted(SurveyEventType.ANSWER_RECORDED, Channel.SMS);
        answer.put("answersOmitted", true);
        assertThat(SurveyEventSchema.violations(answer)).isNotEmpty();
    }

    @Test
    void rejectsACompletedResultThatIsNeitherAnsweredNorSkipped() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.SMS);
        ((ObjectNode) event.at("/answers/0")).remove(List.of("answer", "rawInput"));
        assertThat(SurveyEventSchema.violations(event)).isNotEmpty().allSatisfy(message ->
                assertThat(message).startsWith("$.answers[0]"));
    }

    @Test
    void rejectsASkippedResultThatHasAnAnswer() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_COMPLETED, Channel.SMS);
        ObjectNode first = (ObjectNode) event.at("/answers/0");
        first.put("skipped", true);
        assertThat(SurveyEventSchema.violations(event)).anySatisfy(message ->
                assertThat(message).startsWith("$.answers[0]"));
    }

    @Test
    void rejectsAnAbandonmentWithoutItsReason() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_ABANDONED, Channel.VOICE);
        event.remove("reason");
        assertThat(SurveyEventSchema.violations(event)).singleElement().asString()
                .contains("required").contains("'reason'");
    }

    @Test
    void rejectsAnAbandonmentThatIsNotAbandoned() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_ABANDONED, Channel.VOICE);
        event.put("surveyStatus", "STARTED");
        assertThat(SurveyEventSchema.violations(event)).singleElement().asString()
                .startsWith("$.surveyStatus:").contains("ABANDONED");
    }

    @Test
    void rejectsAStartThatIsNotStarted() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_STARTED, Channel.SMS);
        event.put("surveyStatus", "OPTED_OUT");
        assertThat(SurveyEventSchema.violations(event)).singleElement().asString()
                .startsWith("$.surveyStatus:").contains("STARTED");
    }

    @Test
    void rejectsAReasonOnAnEventThatIsNotAnAbandonment() {
        ObjectNode event = emitted(SurveyEventType.SURVEY_OPTED_OUT, Channel.SMS);
        event.put("reason", "opt-out");
        assertThat(SurveyEventSchema.violations(event)).isNotEmpty().anySatisfy(message ->
                assertThat(message).contains("reason"));
    }

    @Test
    void validatesTheDetailStringAsPutOnEventBridge() {
        SurveyEvent event = new Conversation("sms-7", Channel.SMS, "en-US").events().get(0);
        assertThat(SurveyEventSchema.violations(SurveyJson.write(event))).isEmpty();
        assertThat(SurveyEventSchema.violations("{\"eventType\":\"SURVEY_STARTED\"}")).hasSize(7);
    }
}
