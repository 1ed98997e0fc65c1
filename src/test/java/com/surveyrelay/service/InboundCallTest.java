package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.local.Faults;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.survey.E164;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Calls to the survey number ({@code /voice/incoming}): a respondent calling back hears who calls and how to stop the
 * calls and texts, and may do so there and then. Until 2026-12-07 nothing answered such a call (Twilio's "an
 * application error has occurred" for a number pointed at the service).
 */
class InboundCallTest extends ServiceTest {

    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final String CONFIRMATION = "Understood: you will get no more surveys from us. Goodbye.";

    @Autowired
    private SurveyRelayProperties service;
    @Autowired
    private ConsentProperties consentSettings;

    @Test
    void aCallToTheSurveyNumberHearsWhoCallsAndHowToStopInTheDefaultSurveysLanguage() throws Exception {
        HttpResponse<String> greeted = twilio("/voice/incoming", call());

        assertThat(greeted.statusCode()).as(greeted.body()).isEqualTo(200);
        assertThat(greeted.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/xml"));
        assertThat(greeted.body()).startsWith(XML + "<Response><Gather action=\"" + PUBLIC_BASE_URL
                + "/voice/incoming?step=reply\"").contains("numDigits=\"1\"", "input=\"dtmf speech\"",
                        "language=\"en-US\"", "hints=\"", "stop calling").contains("Hello, you have reached our "
                        + "customer survey line. We may have called or texted you for a short survey. To stop our "
                        + "survey calls and texts, press star, or say stop, now. Otherwise, you can hang up.</Say>")
                .endsWith("</Gather><Hangup/></Response>");
        assertThat(record().optedOut()).isFalse();
    }

    @Test
    void theStarOptsTheCallerOutEndsTheirOpenSurveyAndIsConfirmed() throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        Map<String, String> pressed = call();
        pressed.put("Digits", "*");

        HttpResponse<String> confirmed = twilio("/voice/incoming?step=reply", pressed);

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).isEqualTo(XML + "<Response><Say language=\"en-US\" voice=\"Polly.Joanna\">"
                + CONFIRMATION + "</Say><Hangup/></Response>");
        RespondentRecords.Respondent record = record();
        assertThat(record.optedOut()).isTrue();
        assertThat(record.optOutSource()).isEqualTo(RespondentRecords.Sources.VOICE_KEY);
        assertThat(json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"))
                .get("surveyStatus").asText()).as("the open SMS survey ends").isEqualTo("OPTED_OUT");
        HttpResponse<String> refused = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("recipient_opted_out");
    }

    @Test
    void wordsHeardClearlyOptOutAndWordsBelowTheBarGetTheGreetingOnceMore() throws Exception {
        Map<String, String> said = call();
        said.put("SpeechResult", "please stop calling me");
        said.put("Confidence", "0.2");
        HttpResponse<String> again = twilio("/voice/incoming?step=reply", said);
        assertThat(again.body()).as("below the default survey's 0.4").contains("?step=reply&amp;again=1\"",
                "Sorry, I did not catch that clearly.</Say>", "To stop our survey calls and texts");
        assertThat(record().optedOut()).isFalse();

        assertThat(twilio("/voice/incoming?step=reply&again=1", said).body()).as("twice: how to stop, the hang-up")
                .contains("To stop our survey calls, press star during any of them.").endsWith("<Hangup/></Response>");
        assertThat(record().optedOut()).isFalse();

        said.put("Confidence", "0.9");
        assertThat(twilio("/voice/incoming?step=reply&again=1", said).body()).contains(CONFIRMATION);
        assertThat(record().optedOut()).isTrue();
        assertThat(record().optOutSource()).isEqualTo(RespondentRecords.Sources.VOICE_PHRASE);
    }

    @Test
    void anyOtherKeyOrSilenceIsHungUpOnAndAHiddenNumberIsToldItCannotBeStoppedThere() throws Exception {
        Map<String, String> other = call();
        other.put("Digits", "1");
        String hangUp = XML + "<Response><Hangup/></Response>";
        assertThat(twilio("/voice/incoming?step=reply", other).body()).isEqualTo(hangUp);
        assertThat(twilio("/voice/incoming?step=reply", call()).body()).as("silence").isEqualTo(hangUp);

        Map<String, String> hidden = call();
        hidden.put("From", "anonymous");
        hidden.put("Digits", "*");
        assertThat(twilio("/voice/incoming?step=reply", hidden).body()).contains("Your number is hidden")
                .endsWith("<Hangup/></Response>");
        assertThat(record().optedOut()).isFalse();
    }

    /**
     * Twilio writes a withheld caller ID as a number that spells a word on a keypad (+266696687 is ANONYMOUS): until
     * 2026-12-07 a hidden caller pressing star was told they would get no more surveys, and the stand-in was opted
     * out, not them (a compliance officer's probe). Each of Twilio's stand-ins is told the number is hidden, and
     * nothing is recorded on it.
     */
    @Test
    void aWithheldCallerIdThatTwilioWritesAsANumberIsToldItIsHidden() throws Exception {
        for (String standIn : List.of("+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253")) {
            Map<String, String> hidden = call();
            hidden.put("From", standIn);
            hidden.put("Digits", "*");
            assertThat(twilio("/voice/incoming?step=reply", hidden).body()).as(standIn)
                    .contains("Your number is hidden").doesNotContain("no more surveys");
            try (S3Client s3 = s3()) {
                assertThat(new RespondentRecords(s3, service, consentSettings.hashKey()).find(new E164(standIn))
                        .optedOut()).as(standIn).isFalse();
            }
        }
    }

    @Test
    void anUnknownStepIsA400AndAnUnsignedCallIsRefused() throws Exception {
        HttpResponse<String> unknown = twilio("/voice/incoming?step=survey", call());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).get("error").asText()).isEqualTo("invalid_voice_webhook");

        HttpResponse<String> unsigned = postTo(port, "/voice/incoming", "application/x-www-form-urlencoded",
                form(call()), Map.of());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).doesNotContain("<Response>");
    }

    /**
     * Storage failing as the caller presses star: they hear the confirmation, and the opt-out is stored once storage
     * is back (tried again on this instance, as a caller's opt-out during a survey is).
     */
    @Test
    void anOptOutStorageCouldNotTakeIsConfirmedAndStoredOnceItIsBack() throws Exception {
        Map<String, String> pressed = call();
        pressed.put("Digits", "*");
        SERVICES.s3().faults().set(Faults.Mode.INTERNAL_ERROR);
        HttpResponse<String> confirmed;
        try {
            confirmed = twilio("/voice/incoming?step=reply", pressed);
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains(CONFIRMATION).endsWith("<Hangup/></Response>");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(record().optedOut()).isTrue());
    }

    /** An inbound call's form: from the respondent to the survey number. */
    private Map<String, String> call() {
        return inboundCallParams(respondent);
    }

    private RespondentRecords.Respondent record() {
        try (S3Client s3 = s3()) {
            return new RespondentRecords(s3, service, consentSettings.hashKey()).find(new E164(respondent));
        }
    }
}
