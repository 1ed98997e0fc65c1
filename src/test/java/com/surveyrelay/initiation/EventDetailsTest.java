package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.web.HttpProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A start request written as an event: its fields, and which fault a dead letter names first. */
class EventDetailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String refusal(String detail) {
        try {
            EventDetails.read(JSON.readTree(detail), null, null);
        } catch (HttpProblem problem) {
            return problem.code();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        throw new AssertionError("accepted: " + detail);
    }

    @Test
    void theNumberIsCheckedFirstThenTheChannelThenTheRest() {
        assertThat(refusal("{\"to\":\"555\",\"channel\":\"fax\",\"language\":\"english\"}")).isEqualTo("invalid_to");
        assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"fax\",\"language\":\"english\"}"))
                .isEqualTo("invalid_channel");
        assertThat(refusal("{\"to\":\"+15551230001\",\"language\":\"english\"}")).isEqualTo("missing_channel");
        assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"sms\",\"language\":\"english\"}"))
                .isEqualTo("unknown_language");
    }

    /** A bare detail's dead letter said "detail.channel must be ..." of a field the sender called "channel". */
    @Test
    void errorsNameTheFieldsAsTheSenderWroteThem() {
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"fax\"}"),
                null, null)).hasMessage("channel must be sms, voice or whatsapp.");
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\"}"), null, null))
                .hasMessage("channel is required: sms, voice or whatsapp.");
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"to\":\"555\",\"channel\":\"sms\"}"), null, null))
                .hasMessageStartingWith("to must be");
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"detail-type\":\"x\",\"detail\":"
                + "{\"to\":\"+15551230001\",\"channel\":\"fax\"}}"), null, null))
                .hasMessage("detail.channel must be sms, voice or whatsapp.");
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"detail-type\":\"x\",\"detail\":"
                + "{\"to\":\"+15551230001\",\"channel\":\"sms\",\"timeZone\":\"Mars/Base\"}}"), null, null))
                .hasMessageStartingWith("detail.timeZone must be");
    }

    @Test
    void anEventBridgeEventIsReadFromItsDetailWithItsIdAsTheKey() throws Exception {
        StartRequest request = EventDetails.read(JSON.readTree("""
                {"detail-type":"Survey Requested","source":"crm","id":"evt-1",
                 "detail":{"to":" +15551230001 ","channel":"voice","language":"es-MX",
                           "timeZone":"America/Chicago"}}"""),
                null, null);
        assertThat(request.channel()).isEqualTo(Channel.VOICE);
        assertThat(request.request().to().value()).isEqualTo("+15551230001");
        assertThat(request.request().language()).isEqualTo("es-MX");
        assertThat(request.request().timeZone()).hasToString("America/Chicago");
        assertThat(request.idempotencyKey()).isEqualTo("event:evt-1");
    }

    /**
     * A start's field beside the event's detail, not in it, is refused: the default survey in the default language was
     * started, and a second To ignored (an integrator's probe, 2026-12-07). EventBridge's own fields are taken.
     */
    @Test
    void aFieldBesideTheDetailIsRefusedNamingIt() throws Exception {
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("""
                {"detail-type":"x","id":"e-10","detail":{"to":"+15551230001"},"surveyId":"quarterly-nps",
                 "language":"fr-CA"}"""), Channel.SMS, null)).isInstanceOfSatisfying(HttpProblem.class,
                problem -> assertThat(problem.code() + " " + problem.getMessage()).isEqualTo("unknown_field Unknown "
                        + "field(s) [language, surveyId] beside the event's detail; a start's fields go in detail (to, "
                        + "channel, language, surveyId, idempotencyKey, timeZone), and an event holds only "
                        + "EventBridge's own besides (version, id, detail-type, source, account, time, region, "
                        + "resources)."));
        StartRequest request = EventDetails.read(JSON.readTree("""
                {"version":"0","id":"e-11","detail-type":"x","source":"crm","account":"123456789012",
                 "time":"2026-12-07T10:00:00Z","region":"eu-west-3","resources":[],"replay-name":"r1",
                 "detail":{"to":"+15551230001"}}"""), Channel.SMS, null);
        assertThat(request.request().to().value()).isEqualTo("+15551230001");
    }

    @Test
    void aCallersKeyMayNotStartAsTheServicesOwnKeysDoButMayLookLikeAnything() throws Exception {
        for (String reserved : List.of("event:evt-1", "header:abc", "fallback:x", "sqs:1", "file:a.json",
                "scheduled-start:0f0e", "campaign-row:promo-a6c6eca61d16:2")) {
            assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"sms\",\"idempotencyKey\":\"" + reserved
                    + "\"}")).as(reserved).isEqualTo("invalid_idempotency_key");
        }
        for (String key : List.of("123e4567-e89b-12d3-a456-426614174000:1", "order:123", "case-4711",
                "2026-12-03:1", "Event:1")) {
            assertThat(EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"sms\","
                    + "\"idempotencyKey\":\"" + key + "\"}"), null, null).idempotencyKey()).isEqualTo(key);
        }
    }

    /** A key with a control character is refused; a blank one counts as none, so the event's id is the key. */
    @Test
    void aKeyWithAControlCharacterIsRefusedAndABlankOneIsNone() throws Exception {
        for (String key : List.of("key with \\u0000 nul", "line\\nbreak", "tab\\there")) {
            assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"sms\",\"idempotencyKey\":\"" + key + "\"}"))
                    .as(key).isEqualTo("invalid_idempotency_key");
        }
        assertThat(EventDetails.read(JSON.readTree("{\"id\":\"evt-2\",\"detail-type\":\"Survey Requested\","
                + "\"source\":\"crm\",\"detail\":{\"to\":\"+15551230001\",\"channel\":\"sms\",\"idempotencyKey\":\"  \"}}"),
                null, null).idempotencyKey()).isEqualTo("event:evt-2");
        assertThat(EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"sms\","
                + "\"idempotencyKey\":\"café 1\"}"), null, null).idempotencyKey()).isEqualTo("café 1");
    }

    /**
     * Half a surrogate pair is no character: "case-4711" and U+DFFF hashed as "case-4711?", taken for its repeat
     * (a breaker's probe, 2026-12-08). Refused, in a key and in an event's id; a whole pair (an emoji) is taken.
     */
    @Test
    void aKeyWithHalfASurrogatePairIsRefused() throws Exception {
        for (String key : List.of("case-4711\\udfff", "k\\ud800", "k\\ud800x", "\\udc00k")) {
            assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"sms\",\"idempotencyKey\":\"" + key + "\"}"))
                    .as(key).isEqualTo("invalid_idempotency_key");
        }
        assertThat(refusal("{\"id\":\"evt-\\ud800\",\"detail-type\":\"Survey Requested\",\"source\":\"crm\","
                + "\"detail\":{\"to\":\"+15551230001\",\"channel\":\"sms\"}}"))
                .isEqualTo("invalid_idempotency_key");
        assertThat(EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"sms\","
                + "\"idempotencyKey\":\"k\\ud83d\\ude00\"}"), null, null).idempotencyKey()).isEqualTo("k\uD83D\uDE00");
    }

    /** 256 characters as people count them: 256 emoji were refused as "longer than 256 characters" (2026-12-06). */
    @Test
    void aKeysLengthCountsCharactersNotUtf16Units() throws Exception {
        String emoji = "\uD83D\uDE00".repeat(256);
        assertThat(EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"sms\","
                + "\"idempotencyKey\":\"" + emoji + "\"}"), null, null).idempotencyKey()).isEqualTo(emoji);
        assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"sms\",\"idempotencyKey\":\"" + emoji + "x\"}"))
                .isEqualTo("invalid_idempotency_key");
    }

    /** An event's id of 256 characters is a key: until 2026-12-07 the prefix "event:" counted against it. */
    @Test
    void anEventsIdIsCountedWithoutThePrefixItIsKeyedUnder() throws Exception {
        String id = "e".repeat(256);
        assertThat(EventDetails.read(JSON.readTree("{\"detail-type\":\"Survey Requested\",\"id\":\"" + id
                + "\",\"detail\":{\"to\":\"+15551230001\",\"channel\":\"sms\"}}"), null, null).idempotencyKey())
                .isEqualTo("event:" + id);
        assertThat(refusal("{\"detail-type\":\"Survey Requested\",\"id\":\"" + id + "e\",\"detail\":{\"to\":"
                + "\"+15551230001\",\"channel\":\"sms\"}}")).isEqualTo("invalid_idempotency_key");
    }

    /** An event without an id, nor a detail key, is keyed by the request's own (an Idempotency-Key header's). */
    @Test
    void anEventWithoutAnIdTakesTheFallbackKey() throws Exception {
        assertThat(EventDetails.read(JSON.readTree("{\"detail-type\":\"Survey Requested\",\"detail\":{\"to\":"
                + "\"+15551230001\",\"channel\":\"sms\"}}"), null, "order-18").idempotencyKey()).isEqualTo("order-18");
    }

    /**
     * A survey id, language or time zone given blank in an event's detail or a bus message, as a template with an empty
     * variable sends it, is refused as in a plain body: until 2026-12-07 it started the default survey (an
     * integrator's probe).
     */
    @Test
    void aBlankSurveyLanguageOrTimeZoneIsRefusedNotTheDefault() {
        for (String field : List.of("surveyId", "language", "timeZone")) {
            assertThat(refusal("{\"detail-type\":\"Survey Requested\",\"id\":\"evt-3\",\"detail\":{\"to\":"
                    + "\"+15551230001\",\"channel\":\"sms\",\"" + field + "\":\"\"}}")).as(field)
                    .isEqualTo("invalid_field");
            assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"sms\",\"" + field + "\":\" \"}")).as(field)
                    .isEqualTo("invalid_field");
        }
    }

    /**
     * The event's id, the key when the detail names none, is held to the detail key's rule: an id with a NUL or a line
     * break was taken as the key {@code event:...} (break-it probe, 2026-12-06) while the same text in
     * {@code detail.idempotencyKey} was refused. A detail key still wins over an id it would refuse.
     */
    @Test
    void anEventsIdWithAControlCharacterIsRefusedAsADetailKeyWithOneIs() throws Exception {
        for (String id : List.of("evt\\u0000one", "evt\\none", "evt\\tone")) {
            assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"detail-type\":\"Survey Requested\",\"id\":\""
                    + id + "\",\"detail\":{\"to\":\"+15551230001\",\"channel\":\"sms\"}}"), null, null))
                    .as(id).isInstanceOfSatisfying(HttpProblem.class, problem -> {
                        assertThat(problem.code()).isEqualTo("invalid_idempotency_key");
                        assertThat(problem.getMessage()).startsWith("The event's id holds a control character");
                    });
        }
        assertThat(EventDetails.read(JSON.readTree("{\"detail-type\":\"Survey Requested\",\"id\":\"evt\\u0000one\","
                + "\"detail\":{\"to\":\"+15551230001\",\"channel\":\"sms\",\"idempotencyKey\":\"order-17\"}}"),
                null, null).idempotencyKey()).isEqualTo("order-17");
    }

    /** The channel is read in any case, as a campaign file's is; a channel that is none is still refused. */
    @Test
    void theChannelIsReadInAnyCase() throws Exception {
        assertThat(EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"SMS\"}"), null, null)
                .channel()).isEqualTo(Channel.SMS);
        assertThat(EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"Voice\"}"), null, null)
                .channel()).isEqualTo(Channel.VOICE);
        assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"fax\"}")).isEqualTo("invalid_channel");
    }

    /** A bare message's refusal spoke of "the event detail" until 2026-12-07 (an operator's probe); an event's does. */
    /** The HTTP start's names in a bus message are told the detail's (a breaker's probe, 2026-12-07). */
    @Test
    void theHttpStartsNamesAreToldTheDetailsNames() {
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"To\":\"+15551230001\",\"channel\":\"sms\","
                + "\"defaultLanguage\":\"es\"}"), null, null)).hasMessageStartingWith("Unknown field(s) [To, "
                + "defaultLanguage] (did you mean to for To, language for defaultLanguage?) in the message");
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"To\":\"+15551230001\","
                + "\"channel\":\"sms\"}"), null, null)).hasMessageStartingWith("Unknown field(s) [To] (To is another "
                + "name for to, which the request gives too: drop it) in the message");
    }

    /** The endpoint a channel's event goes to is named (a newcomer's probe, 2026-12-07: it was not). */
    @Test
    void anEventForAnotherChannelIsToldItsEndpoint() {
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"voice\"}"),
                Channel.SMS, null)).isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem)
                .hasMessage("This endpoint starts sms surveys; the event asks for voice: send it to POST "
                        + "/voice/initiate-call."));
    }

    @Test
    void aBareDetailWithAFieldItDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"sms\","
                + "\"lang\":\"en-US\"}"), null, null)).isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo("unknown_field");
                    assertThat(problem.getMessage()).startsWith("Unknown field(s) [lang] (did you mean language "
                            + "for lang?) in the message; the accepted");
                });
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"detail-type\":\"Survey Requested\","
                + "\"source\":\"crm\",\"id\":\"evt-3\",\"detail\":{\"to\":\"+15551230001\",\"lang\":\"en\"}}"),
                null, null)).isInstanceOfSatisfying(HttpProblem.class, problem ->
                        assertThat(problem.getMessage()).startsWith("Unknown field(s) [lang] (did you mean "
                                + "language for lang?) in the event detail;"));
    }

    /**
     * An event whose detail is the PutEvents entry's Detail string, copied as sent: it was read as a bare detail and
     * refused for its envelope's fields, taken for unknown ones (detail, detail-type, id, source), until 2026-12-06.
     */
    @Test
    void anEventWhoseDetailIsAStringOfJsonIsToldSo() {
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("""
                {"detail-type":"Survey Requested","source":"crm","id":"evt-2",
                 "detail":"{\\"to\\":\\"+15551230001\\",\\"channel\\":\\"sms\\"}"}"""), null, null))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo("invalid_event");
                    assertThat(problem.getMessage()).startsWith("The event's detail must be a JSON object, not a "
                            + "string (EventBridge delivers a PutEvents entry's Detail string as an object");
                });
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"detail-type\":\"x\",\"detail\":[]}"), null,
                null)).hasMessage("The event's detail must be a JSON object, not an array.");
    }
}
