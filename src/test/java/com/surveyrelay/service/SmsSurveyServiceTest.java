package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.events.SurveyEventSchema;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An SMS survey end to end: started over HTTP, answered by signed webhooks, stored in S3, announced on the bus. */
class SmsSurveyServiceTest extends ServiceTest {

    @org.springframework.beans.factory.annotation.Autowired
    private com.surveyrelay.consent.RespondentConsent consent;

    @org.springframework.beans.factory.annotation.Autowired
    private com.surveyrelay.config.SurveyRelayProperties relaySettings;

    @org.springframework.beans.factory.annotation.Autowired
    private com.surveyrelay.consent.ConsentProperties consentSettings;

    private HttpResponse<String> text(String body) throws Exception {
        return text(body, "SM" + java.util.UUID.randomUUID().toString().replace("-", ""));
    }

    private HttpResponse<String> text(String body, String messageSid) throws Exception {
        return twilio("/sms/webhook", Map.of("MessageSid", messageSid,
                "AccountSid", LocalServices.ACCOUNT_SID, "From", respondent, "To", LocalServices.PHONE_NUMBER,
                "Body", body, "NumMedia", "0"));
    }

    private static String messageXml(String text) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + text + "</Message></Response>";
    }

    /** The session keeps the zone its start named, whose contact hours its reminder keeps (SmsRemindersTest). */
    @Test
    void theSessionKeepsTheTimeZoneItsStartNamed() throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms",
                "{\"To\": \"" + respondent + "\", \"timeZone\": \"Europe/Paris\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String key = "survey-results/" + respondent.substring(1) + "/" + json(started.body()).get("sessionId").asText()
                + ".json";
        assertThat(json(object(key)).path("timeZone").asText()).isEqualTo("Europe/Paris");
    }

    @Test
    void completesAnSmsSurveyStoringEachAnswerAndPublishingEachEvent() throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms",
                "{\"To\": \"" + respondent + "\", \"defaultLanguage\": \"es-MX\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode answer = json(started.body());
        String sessionId = answer.get("sessionId").asText();
        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("channel").asText()).isEqualTo("sms");
        assertThat(answer.get("language").asText()).isEqualTo("es-MX");

        List<RecordedMessage> sent = SERVICES.twilio().messages();
        assertThat(sent).singleElement().satisfies(message -> {
            assertThat(message.to()).isEqualTo(respondent);
            assertThat(message.from()).isEqualTo(LocalServices.PHONE_NUMBER);
            assertThat(message.body()).isEqualTo("""
                    Hola, esta es una encuesta de un minuto sobre su visita reciente.

                    For English, reply ENGLISH.
                    Pour le français, répondez FRANÇAIS.
                    Para seguir en español, responda SEGUIR.
                    Responda STOP para no recibir más encuestas.""");
        });

        HttpResponse<String> english = text("English");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/xml"));
        assertThat(english.body()).isEqualTo(messageXml("Great, let's get started.\n\nFirst question.\n\n"
                + "From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?"));
        assertThat(text("seven").body()).isEqualTo(messageXml("Sorry, that answer doesn't fit. Please answer with a "
                + "whole number from 1 to 5.\n\nFrom 1 to 5, where 1 is very unhappy and 5 is delighted, how "
                + "satisfied are you with our service?"));
        text("4");
        String key = "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
        JsonNode stored = json(object(key));
        assertThat(stored.get("questions").get(0).get("answer").asInt())
                .as("each answer is in S3 before the webhook answers").isEqualTo(4);
        text("The loyalty card & the app");
        text("5");
        assertThat(text("Nothing, thanks!").body()).isEqualTo(messageXml("That's everything. Thank you for your "
                + "time, goodbye.\n\nHere is what you told us:\n1. 4\n2. The loyalty card &amp; the app\n3. 5\n"
                + "4. Nothing, thanks!"));

        stored = json(object(key));
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(stored.get("surveyTo").asText()).isEqualTo(respondent);
        assertThat(stored.get("surveyMedium").asText()).isEqualTo("sms");
        assertThat(stored.get("languageSet").asText()).isEqualTo("en-US");
        assertThat(stored.get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("4", "The loyalty card & the app", "5", "Nothing, thanks!");
        assertThat(stored.get("questions").get(0).get("rawInput").asText()).isEqualTo("4");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Answer Recorded",
                        "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed"));
        long sequence = 1;
        for (RecordedEvent event : busEvents()) {
            assertThat(event.detail().get("eventId").asText()).as("stable, in order").isEqualTo(sessionId + "/" + sequence++);
            assertThat(event.source()).isEqualTo("survey-relay");
            assertThat(event.eventBusName()).isEqualTo(LocalServices.EVENT_BUS);
            assertThat(event.detail().get("sessionId").asText()).isEqualTo(sessionId);
            assertThat(SurveyEventSchema.violations(event.detail())).as(event.detail().toString()).isEmpty();
        }
        JsonNode completed = busEvents().get(5).detail();
        assertThat(completed.get("answers")).hasSize(4);

        String day = stored.get("surveyStarted").asText().substring(0, 10);
        JsonNode session = withoutBookkeeping(stored);
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(json(object("finished-sessions/customer-satisfaction/" + day + "/COMPLETED.sms.en-US."
                        + sessionId + ".json")))
                        .as("the results sink has the finished session").isEqualTo(session));

        assertThat(text("hello?").body()).isEqualTo(messageXml("You have already answered this survey. Thank you again."));

        // After an opt-out, nothing more but its confirmation (CTIA Messaging Principles 5.1.3).
        assertThat(text("stop please").body()).contains("you will get no more surveys from us");
        assertThat(text("ok thanks").body()).as("nothing sent").doesNotContain("<Message>");
    }

    @Test
    void stopEndsTheSurveyAsOptedOutAndTheNextSurveyIsRefusedBeforeAnythingIsSent() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        text("continue");
        HttpResponse<String> stop = text("STOP");
        assertThat(stop.body()).as("Twilio confirms its own keyword").isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        JsonNode stored = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("OPTED_OUT");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).endsWith("Survey Opted Out"));

        SERVICES.twilio().clear();
        HttpResponse<String> again = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        assertThat(SERVICES.twilio().messages()).as("the suppression list answers before Twilio").isEmpty();
        assertThat(keys("survey-results/" + respondent.substring(1) + "/")).as("no session for a refused start")
                .hasSize(1);
    }

    /**
     * An opt-out recorded while a start is under way, after the start's check and before its session is stored: the
     * opt-out's end of the number's open sessions cannot see that one yet, so the start looks again before it sends.
     * The session's first write is held back 1.2 s (an S3 attempt times out after 1.5 s), and the opt-out recorded
     * meanwhile.
     */
    @Test
    void anOptOutRecordedWhileAStartIsStoringItsSessionStopsThatStart() throws Exception {
        String digits = respondent.substring(1);
        SERVICES.s3().faults().hangFor(Duration.ofMillis(1_200));
        SERVICES.s3().faults().setAfter(com.surveyrelay.local.Faults.Mode.HANG, 0, "/survey-results/" + digits + "/");
        try {
            java.util.concurrent.CompletableFuture<HttpResponse<String>> starting =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            // Marked open just before its session is written: the start's own check of the list is behind it.
            await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(5))
                    .until(() -> !keys("open-sessions/" + digits).isEmpty());
            consent.optOut(com.surveyrelay.survey.E164.parse(respondent).orElseThrow(),
                    com.surveyrelay.storage.RespondentRecords.Sources.SMS_KEYWORD);

            HttpResponse<String> refused = starting.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(SERVICES.twilio().messages()).extracting(RecordedMessage::to).doesNotContain(respondent);
        List<String> sessions = keys("survey-results/" + digits + "/");
        assertThat(sessions).hasSize(1);
        assertThat(json(object(sessions.get(0))).get("surveyStatus").asText()).isEqualTo("OPTED_OUT");
    }

    /**
     * The second look at the suppression list fails (S3 answers 503 to it, after serving the first): the start goes
     * on, on the first look, rather than leave the number held by a session that sent nothing.
     */
    @Test
    void aStartWhoseSecondLookAtTheSuppressionListFailsStillSends() throws Exception {
        // Only this number's record: another test's reminder reading its own must not take the one read served.
        SERVICES.s3().faults().setAfter(com.surveyrelay.local.Faults.Mode.ERROR, 1,
                new com.surveyrelay.storage.RespondentRecords(null, relaySettings, consentSettings.hashKey())
                        .key(com.surveyrelay.survey.E164.parse(respondent).orElseThrow()));
        HttpResponse<String> started;
        try {
            started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().messages()).extracting(RecordedMessage::to).contains(respondent);
    }

    @Test
    void aNumberTwilioReportsAsUnsubscribedIsRefusedOnEveryChannelAfterwards() throws Exception {
        SERVICES.twilio().optOut(respondent);
        HttpResponse<String> refused = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        // The refused start's session says why it ended, and its events say the same.
        List<String> sessions = keys("survey-results/" + respondent.substring(1) + "/");
        assertThat(sessions).hasSize(1);
        JsonNode session = json(object(sessions.get(0)));
        assertThat(session.get("surveyStatus").asText()).isEqualTo("OPTED_OUT");
        assertThat(session.get("endReason").asText()).isEqualTo("not-delivered:recipient_opted_out");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Survey Opted Out"));

        // Twilio error 21610 went on the suppression list: a call, which Twilio would place, is refused too.
        HttpResponse<String> call = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(call.statusCode()).isEqualTo(422);
        assertThat(json(call.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        assertThat(SERVICES.twilio().calls()).isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    com.surveyrelay.conversation.SurveyStarts starts;

    /**
     * A campaign lane interrupted while its row waited for its contact's turn (the instance stopping): the session
     * is stored, so the contact is made, whole (a client aborts a request on an interrupted thread, and a call's
     * pointer is written after Twilio answers), and the interrupt is set again once the start is done.
     */
    @Test
    void aStartWhoseContactWaitWasInterruptedContactsWholeAndKeepsTheInterrupt() {
        com.surveyrelay.initiation.StartRequest request = new com.surveyrelay.initiation.StartRequest(
                com.surveyrelay.survey.Channel.VOICE, new com.surveyrelay.initiation.InitiationRequest(
                        new com.surveyrelay.survey.E164(respondent), null, null), null);
        com.surveyrelay.conversation.StartedSurvey started;
        boolean interruptedAfter;
        try {
            started = starts.start(request, () -> true);
        } finally {
            interruptedAfter = Thread.interrupted();
        }

        assertThat(interruptedAfter).as("the interrupt, set again").isTrue();
        assertThat(started.status()).isEqualTo("STARTED");
        assertThat(SERVICES.twilio().calls()).extracting(call -> call.to()).containsExactly(respondent);
        assertThat(object("call-surveys/" + respondent.substring(1) + ".json")).as("the call's pointer, written after "
                + "Twilio answered").contains(started.twilioSid());
    }

    /** A signed message status callback's form: the text {@code messageSid} to the respondent was undelivered. */
    private Map<String, String> undelivered(String messageSid, String errorCode) {
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        failed.put("MessageSid", messageSid);
        failed.put("MessageStatus", "undelivered");
        failed.put("ErrorCode", errorCode);
        failed.put("To", respondent);
        failed.put("From", LocalServices.PHONE_NUMBER);
        failed.put("AccountSid", LocalServices.ACCOUNT_SID);
        return failed;
    }

    /**
     * A Messaging Service accepts a text and checks its opt-out list afterwards: Twilio then reports error 21610 in
     * the text's status callback, which was only logged, and the number was texted again by the next start. It now
     * goes on the suppression list, and the survey it was in ends opted out.
     */
    @Test
    void anUnsubscribedRecipientReportedInAStatusCallbackIsOptedOut() throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        Map<String, String> failed = undelivered(json(started.body()).get("twilioSid").asText(), "21610");

        assertThat(twilio("/sms/status", failed).statusCode()).isEqualTo(200);

        HttpResponse<String> again = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(json(object("survey-results/"
                + respondent.substring(1) + "/" + sessionId + ".json")).get("surveyStatus").asText())
                .isEqualTo("OPTED_OUT"));
        assertThat(SERVICES.twilio().calls()).isEmpty();
    }

    /**
     * The probe's case (2026-12-05): Twilio reported the welcome undelivered with 30006 (a landline), which was only
     * logged; the survey held the number for a day (a new start was 409 survey_in_progress) and ended expired. It
     * now ends at once, not delivered, with its event, and the number may be surveyed again (by a call, say).
     */
    @Test
    void aWelcomeToANumberThatTakesNoTextsEndsItsSurvey() throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        Map<String, String> failed = undelivered(json(started.body()).get("twilioSid").asText(), "30006");

        assertThat(twilio("/sms/status", failed).statusCode()).isEqualTo(200);

        JsonNode ended = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(ended.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(ended.get("endReason").asText()).isEqualTo("not-delivered:invalid_recipient");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .extracting(event -> event.detailType() + " " + event.detail().path("reason").asText(""))
                .containsExactly("Survey Started ", "Survey Abandoned not-delivered:invalid_recipient"));
        assertThat(busEvents()).allSatisfy(event -> assertThat(SurveyEventSchema.violations(event.detail()))
                .as(event.detail().toString()).isEmpty());
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode())
                .as("the number is no longer in a survey").isEqualTo(201);
    }

    /** Any other failure (here 30003, an unreachable handset) is logged only: the number is not opted out. */
    @Test
    void anotherDeliveryFailureInAStatusCallbackOptsNobodyOut() throws Exception {
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        failed.put("MessageSid", "SM" + "0".repeat(32));
        failed.put("MessageStatus", "undelivered");
        failed.put("ErrorCode", "30003");
        failed.put("To", respondent);

        assertThat(twilio("/sms/status", failed).statusCode()).isEqualTo(200);

        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode())
                .isEqualTo(201);
    }

    @Test
    void aSecondSurveyToANumberInTheMiddleOfOneIsRefused() throws Exception {
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> second = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second.body()).get("error").asText()).isEqualTo("survey_in_progress");
        // When it ends without a reply is said (a test number looked stuck for a day: a newcomer's probe, 2026-12-07).
        assertThat(json(second.body()).get("message").asText()).matches("This number is in the middle of a texted "
                + "survey \\(SMS or WhatsApp\\); start another when it ends: when the respondent finishes it, or at "
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ without a reply \\(SMS_CONVERSATION_TIMEOUT after their "
                + "last step\\)\\.");
        assertThat(SERVICES.twilio().messages()).hasSize(1);
    }

    @Test
    void oneNumberTakesManySurveysOverTime() throws Exception {
        String first = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        text("continue");
        text("3");
        text("app");
        text("3");
        text("no");
        String second = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        assertThat(text("continue").body()).contains("First question.");
        assertThat(keys("survey-results/" + respondent.substring(1) + "/")).containsExactlyInAnyOrder(
                "survey-results/" + respondent.substring(1) + "/" + first + ".json",
                "survey-results/" + respondent.substring(1) + "/" + second + ".json");
    }

    /**
     * Twilio redelivers a text at least once: a repeat of the first survey's texts, arriving after the number's next
     * survey began, was taken as that survey's answers ("continue" started it, "3" answered its first question).
     */
    @Test
    void aRepeatOfTheLastSurveysTextIsNotAnAnswerToTheNext() throws Exception {
        json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body());
        List<String> sids = new java.util.ArrayList<>();
        for (String body : List.of("continue", "3", "app", "3", "no")) {
            sids.add("SM" + java.util.UUID.randomUUID().toString().replace("-", ""));
            text(body, sids.get(sids.size() - 1));
        }
        String second = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();

        assertThat(text("continue", sids.get(0)).body()).as("a repeat of the last survey's first text")
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        assertThat(text("3", sids.get(1)).body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        JsonNode stored = json(object("survey-results/" + respondent.substring(1) + "/" + second + ".json"));
        assertThat(stored.get("surveyStatus").asText()).as("still at the welcome").isEqualTo("STARTED");
        assertThat(stored.get("questions").get(0).has("answer")).isFalse();
        assertThat(text("continue").body()).as("the respondent's own new text").contains("First question.");
    }

    @Test
    void aTextFromANumberWithoutASurveyIsNotAnswered() throws Exception {
        HttpResponse<String> reply = text("hi");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    }

    /**
     * Probe 2026-12: a signed text from a short code or an alphanumeric sender was answered 400, which Twilio logs as
     * webhook error 11200 and alerts the operator for. It is a text no survey can answer: empty TwiML, nothing sent. A
     * From no Twilio sender has is still refused.
     */
    @Test
    void aTextFromASenderThatIsNoPhoneNumberIsAnsweredWithEmptyTwimlAndAFromTwilioNeverWritesIsRefused()
            throws Exception {
        for (String sender : List.of("12345", "ACME Bank", "5550100", "whatsapp:12345", "whatsapp:ACME")) {
            HttpResponse<String> reply = twilio("/sms/webhook", Map.of("MessageSid",
                    "SM" + java.util.UUID.randomUUID().toString().replace("-", ""), "AccountSid",
                    LocalServices.ACCOUNT_SID, "From", sender, "To", LocalServices.PHONE_NUMBER, "Body", "hi"));
            assertThat(reply.statusCode()).as(sender).isEqualTo(200);
            assertThat(reply.headers().firstValue("Content-Type")).as(sender).hasValue("text/xml");
            assertThat(reply.body()).as(sender).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        }
        assertThat(SERVICES.twilio().messages()).isEmpty();

        HttpResponse<String> markup = twilio("/sms/webhook", Map.of("MessageSid",
                "SM" + java.util.UUID.randomUUID().toString().replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID,
                "From", "ACME<b>", "To", LocalServices.PHONE_NUMBER, "Body", "hi"));
        assertThat(markup.statusCode()).isEqualTo(400);
        assertThat(json(markup.body()).get("error").asText()).isEqualTo("invalid_sms_webhook");
    }

    /** A message from the respondent with attachments: Twilio's MMS and WhatsApp media fields, one of each given. */
    private HttpResponse<String> withMedia(String from, String body, Map<String, String> media) throws Exception {
        Map<String, String> params = new java.util.HashMap<>(Map.of("MessageSid",
                "MM" + java.util.UUID.randomUUID().toString().replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID,
                "From", from, "To", LocalServices.PHONE_NUMBER, "Body", body));
        params.putAll(media);
        return twilio("/sms/webhook", params);
    }

    /**
     * A probe (2026-12-05): a picture sent as the answer ({@code NumMedia} 1, an empty {@code Body}) used up a retry and
     * got the range line. It is told the survey reads text only and gets the question again, storing no answer and
     * using no retry; a voice note Twilio describes by {@code MediaContentType0} alone counts as media too; a picture
     * with words is read by its words.
     */
    @Test
    void aPictureWithoutWordsIsToldTheSurveyReadsTextAndUsesNoRetry() throws Exception {
        respondent = "+15550141401";
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String key = "survey-results/" + respondent.substring(1) + "/" + json(started.body()).get("sessionId").asText()
                + ".json";
        text("continue");
        String textOnly = messageXml("Sorry, this survey can only read text, not pictures or voice messages. Please "
                + "type your reply.\n\nFrom 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you "
                + "with our service?");
        assertThat(withMedia(respondent, "", Map.of("NumMedia", "1", "MediaContentType0", "image/jpeg",
                "MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME")).body())
                .isEqualTo(textOnly);
        assertThat(withMedia(respondent, "", Map.of("MediaContentType0", "audio/ogg")).body()).isEqualTo(textOnly);
        JsonNode stored = json(object(key));
        assertThat(stored.get("invalidAnswers").asInt()).isZero();
        assertThat(stored.at("/questions/0").has("rawInput")).isFalse();
        assertThat(stored.at("/questions/0").has("answer")).isFalse();

        assertThat(withMedia(respondent, "4 ", Map.of("NumMedia", "1", "MediaContentType0", "image/png")).body())
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Thanks. Next question.");
        assertThat(json(object(key)).at("/questions/0/answer").asInt()).isEqualTo(4);
    }

    /**
     * A signed text without {@code Body} at the welcome answered {@code 500 internal_error} with a stack trace, and
     * the respondent got nothing (a breaker's probe, 2026-12-07): it reads as an empty text, the welcome sent again.
     */
    @Test
    void aTextWithoutABodyAtTheWelcomeIsAnEmptyText() throws Exception {
        respondent = "+15550145521";
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        HttpResponse<String> empty = text("");
        HttpResponse<String> without = twilio("/sms/webhook", Map.of("MessageSid",
                "SM" + java.util.UUID.randomUUID().toString().replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID,
                "From", respondent, "To", LocalServices.PHONE_NUMBER, "NumMedia", "0"));
        assertThat(without.statusCode()).as(without.body()).isEqualTo(200);
        assertThat(without.body()).as("the welcome again").isEqualTo(empty.body()).contains("reply CONTINUE");
        assertThat(text("continue").body()).contains("how satisfied are you");
    }

    @Test
    void aTextTwilioDeliversTwiceIsAppliedOnceAndAnsweredAlike() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        text("continue");
        String messageSid = "SM" + "a1".repeat(16);
        HttpResponse<String> first = text("3", messageSid);
        HttpResponse<String> again = text("3", messageSid);
        root.detachAppender(log);
        // Each line of a start or a webhook names its route and session (LOG_FORMAT=ecs makes them JSON fields).
        assertThat(log.list).filteredOn(event -> event.getFormattedMessage().startsWith("Started sms survey"))
                .singleElement().satisfies(event -> assertThat(event.getMDCPropertyMap())
                        .containsEntry("camel.routeId", "sms-initiation").containsEntry("sessionId", sessionId));
        assertThat(log.list).filteredOn(event -> event.getFormattedMessage().contains("was applied before"))
                .singleElement().satisfies(event -> assertThat(event.getMDCPropertyMap())
                        .containsEntry("camel.routeId", "sms-webhook").containsEntry("sessionId", sessionId));
        assertThat(again.body()).isEqualTo(first.body()).contains("Thanks. Next question.");
        JsonNode stored = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(stored.get("questions").get(0).get("answer").asInt()).isEqualTo(3);
        assertThat(stored.get("questions").get(1).has("answer")).as("the repeat is not the next answer").isFalse();
        assertThat(stored.get("questionIndex").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Answer Recorded"));
    }
}
