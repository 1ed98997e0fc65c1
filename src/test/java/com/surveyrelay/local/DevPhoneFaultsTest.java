package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dev phone's fault switches, as the README's "When things fail" flips them, and its phones' answering modes. */
class DevPhoneFaultsTest {

    private final Faults s3 = new Faults();
    private final Faults twilio = new Faults();
    private final TwilioEmulator emulator = TwilioEmulator.start(0, "AC" + "0".repeat(32), "token", "+15005550006");
    private final DevPhone phone = DevPhone.start(0, emulator, URI.create("http://localhost:1"), "key",
            Map.of("s3", s3, "twilio", twilio));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        phone.close();
        emulator.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(phone.url() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A phone set to answer as voicemail, as answering-machine detection reports it, through the dev phone's API. */
    @Test
    void aPhoneCanBeSetToAnswerAsVoicemail() throws Exception {
        String path = "/api/phones/%2B15550140701";
        assertThat(send("POST", path + "/answer", "{\"answeredBy\": \"machine_start\"}").statusCode()).isEqualTo(200);
        assertThat(emulator.phone("+15550140701").answeredBy()).isEqualTo("machine_start");
        assertThat(send("GET", path, null).body()).contains("\"answeredBy\":\"machine_start\"");
        HttpResponse<String> refused = send("POST", path + "/answer", "{\"answeredBy\": \"robot\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("not robot");
        assertThat(emulator.phone("+15550140701").answeredBy()).as("unchanged").isEqualTo("machine_start");
        assertThat(send("POST", path + "/answer", "{\"answeredBy\": \"human\"}").statusCode()).isEqualTo(200);
        assertThat(emulator.phone("+15550140701").answeredBy()).isEqualTo("human");
    }

    /** Another web site the developer visits cannot drive the dev phone, which holds an API key. */
    @Test
    void requestsFromAnotherOriginOrHostAreRefused() throws Exception {
        HttpRequest.Builder fromElsewhere = HttpRequest.newBuilder(URI.create(phone.url() + "/api/faults/s3"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\": \"error\"}"));
        assertThat(http.send(fromElsewhere.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        HttpRequest asAForm = HttpRequest.newBuilder(URI.create(phone.url() + "/api/faults/s3"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"mode\": \"error\"}"))
                .build();
        assertThat(http.send(asAForm, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(s3.mode()).as("no switch flipped").isEqualTo(Faults.Mode.NONE);
        // DNS rebinding: the page's own origin, under another name. (Java's client lets no Host be set: a socket.)
        try (java.net.Socket socket = new java.net.Socket(phone.url().getHost(), phone.url().getPort())) {
            socket.getOutputStream().write(("GET /api/faults HTTP/1.1\r\nHost: rebound.example:" + phone.url().getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403");
        }
    }

    /**
     * The dev phone's errors are written as the service's are, {@code error} then {@code message}: a {@code Map.of}
     * wrote them in an order salted per JVM, so one start gave {@code {"message": ..., "error": ...}} (probe,
     * 2026-12-05). A test JVM gets either salt, so without the record this fails about every second run.
     */
    @Test
    void errorsAreErrorThenMessage() throws Exception {
        HttpResponse<String> unknown = send("GET", "/api/nothing-here", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"dev_phone\",\"message\":\"No such page.\"}");
        HttpResponse<String> badNumber = send("POST", "/api/phones/12345/text", "{\"body\": \"hi\"}");
        assertThat(badNumber.statusCode()).isEqualTo(400);
        assertThat(badNumber.body()).isEqualTo("{\"error\":\"dev_phone\",\"message\":\"The number must be in E.164 "
                + "form, like +15551234567.\"}");
    }

    /**
     * A misspelt field was ignored: {@code "survey"} for {@code "surveyId"} started the default survey, and a press
     * without {@code digits} answered 200 and pressed nothing (a newcomer's probe, 2026-12-06).
     */
    @Test
    void aFieldAnActionDoesNotTakeIsRefusedNamingThoseItDoes() throws Exception {
        HttpResponse<String> start = send("POST", "/api/start",
                "{\"channel\": \"sms\", \"number\": \"+15550162064\", \"survey\": \"quarterly-nps\"}");
        assertThat(start.statusCode()).isEqualTo(400);
        assertThat(start.body()).isEqualTo("{\"error\":\"dev_phone\",\"message\":\"Unknown field(s) [survey]; "
                + "POST /api/start takes [channel, language, number, surveyId].\"}");
        HttpResponse<String> press = send("POST", "/api/phones/%2B15550162064/press", "{\"digit\": \"1\"}");
        assertThat(press.statusCode()).isEqualTo(400);
        assertThat(press.body()).contains("Unknown field(s) [digit]; POST /api/phones/{number}/press takes [digits].");
        HttpResponse<String> nothing = send("POST", "/api/phones/%2B15550162064/press", "{}");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("digits is required");
        // No call on this phone: an action on its call is a 409 saying so (200 and dropped until 2026-12-07).
        HttpResponse<String> noCall = send("POST", "/api/phones/%2B15550162064/silence", "{}");
        assertThat(noCall.statusCode()).isEqualTo(409);
        assertThat(noCall.body()).contains("No call is ringing or in progress on +15550162064");
        assertThat(send("POST", "/api/phones/%2B15550162064/press", "{\"digits\": \"1\"}").statusCode())
                .isEqualTo(409);
    }

    /**
     * A newcomer's probe (2026-12-07): a misspelt action with a body blamed the body's field, digits as a JSON number
     * were "required", and the service's paths on this port were "No such page." with no word of where they are.
     */
    @Test
    void aMistakeNamesWhatWasMeant() throws Exception {
        HttpResponse<String> misspelt = send("POST", "/api/phones/%2B15550162065/pres", "{\"digits\": \"1\"}");
        assertThat(misspelt.statusCode()).isEqualTo(404);
        assertThat(misspelt.body()).contains("Unknown phone action /pres: the actions are press, say, silence, "
                + "hangup, text, undeliverable, answer.");
        HttpResponse<String> number = send("POST", "/api/phones/%2B15550162065/press", "{\"digits\": 4}");
        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(number.body()).contains("digits is the keys to press as text, \\\"4\\\", not a number");
        HttpResponse<String> servicePath = send("POST", "/sms/initiate-sms", "{\"To\": \"+15550162065\"}");
        assertThat(servicePath.statusCode()).isEqualTo(404);
        assertThat(servicePath.body()).contains("The survey service's API (/sms/initiate-sms) is at http");
        HttpResponse<String> noAction = send("POST", "/api/phones/%2B15550162065", "{}");
        assertThat(noAction.statusCode()).isEqualTo(404);
        assertThat(noAction.body()).contains("Name the phone's action", "press, say");
    }

    /** A body that is not JSON closed the connection with no answer at all ("Empty reply from server"). */
    @Test
    void aBodyThatIsNotJsonIsAClear400() throws Exception {
        for (String path : new String[] {"/api/faults/s3", "/api/start", "/api/phones/%2B15550100777/text"}) {
            HttpResponse<String> answer = send("POST", path, "not json");
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).contains("The body is not JSON");
        }
        assertThat(s3.mode()).isEqualTo(Faults.Mode.NONE);
    }

    /** A phone set undeliverable from the dev phone's API gets no texts, and Twilio reports them with the code. */
    @Test
    void aPhoneSetUndeliverableFailsItsTextsWithTheCode() throws Exception {
        assertThat(send("POST", "/api/phones/%2B15550140601/undeliverable", "{\"errorCode\": 30005}").statusCode())
                .isEqualTo(200);
        assertThat(emulator.phone("+15550140601").undeliverable()).contains(30005);
        HttpResponse<String> wrong = send("POST", "/api/phones/%2B15550140601/undeliverable", "{\"errorCode\": \"x\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("errorCode is a Twilio error code");
        assertThat(send("POST", "/api/phones/%2B15550140601/undeliverable", "{\"errorCode\": null}").statusCode())
                .isEqualTo(200);
        assertThat(emulator.phone("+15550140601").undeliverable()).isEmpty();
    }

    /**
     * A number written with its plain {@code +} in the path, as a curl by hand writes it, names the phone: it was read
     * as a form reads a {@code +}, a space, and refused "in E.164 form, like +15551234567" though it was.
     */
    @Test
    void aPlainPlusInThePathNamesThePhone() throws Exception {
        assertThat(send("POST", "/api/phones/+15550141610/answer", "{\"answeredBy\": \"machine_start\"}")
                .statusCode()).isEqualTo(200);
        assertThat(emulator.phone("+15550141610").answeredBy()).isEqualTo("machine_start");
        HttpResponse<String> shown = send("GET", "/api/phones/+15550141610", null);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("\"number\":\"+15550141610\"", "\"answeredBy\":\"machine_start\"");
        assertThat(send("GET", "/api/phones/15550141610", null).body()).as("no + at all is still refused")
                .contains("E.164");
    }

    /** Keys a keypad does not have, or none, are the caller's mistake: 400 naming the keys, not a 500. */
    @Test
    void aPressWithoutKeypadKeysIsA400() throws Exception {
        for (String body : new String[] {"{}", "{\"digits\": \"12a\"}"}) {
            HttpResponse<String> answer = send("POST", "/api/phones/%2B15550100778/press", body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).contains("a keypad has 0-9, * and # only");
        }
    }

    /** Words said as "null", and a score taken as 0.9 whatever it was, until 2026-12-07. */
    @Test
    void aSayWithoutWordsOrWithAScoreThatIsNoNumberIsA400() throws Exception {
        for (String body : new String[] {"{}", "{\"words\": null}", "{\"words\": \" \"}",
                "{\"words\": \"four\", \"confidence\": \"high\"}", "{\"words\": \"four\", \"confidence\": 1.5}"}) {
            HttpResponse<String> answer = send("POST", "/api/phones/%2B15550100778/say", body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).containsAnyOf("words is required", "confidence is Twilio's score");
        }
    }

    /** {"body": null} texted "null", {"body": 5} "5", and "whatsApp": "yes" went by SMS until 2026-12-07. */
    @Test
    void aTextWithoutWordsOrWithAChannelThatIsNoBooleanIsA400() throws Exception {
        for (String body : new String[] {"{}", "{\"body\": null}", "{\"body\": 5}", "{\"body\": \"\"}",
                "{\"body\": \"hi\", \"whatsApp\": \"yes\"}", "{\"body\": \"hi\", \"whatsApp\": 1}"}) {
            HttpResponse<String> answer = send("POST", "/api/phones/%2B15550100779/text", body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).containsAnyOf("body is required", "whatsApp is true");
        }
        HttpResponse<String> twice = send("POST", "/api/start", "{\"number\": \"+15550100779\", "
                + "\"number\": \"+15550100780\", \"channel\": \"sms\"}");
        assertThat(twice.statusCode()).as("a key given twice").isEqualTo(400);
        assertThat(twice.body()).contains("The body is not JSON", "number");
    }

    /** A body over 16 KiB was cut there and refused "not JSON: Unexpected end-of-input" until 2026-12-07. */
    @Test
    void aBodyOverSixteenKibIsA413SayingSo() throws Exception {
        HttpResponse<String> answer = send("POST", "/api/phones/%2B15550100779/text",
                "{\"body\": \"" + "x".repeat(20_000) + "\"}");
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("larger than 16 KiB");
        HttpResponse<String> withinLimit = send("POST", "/api/start", "{\"channel\": \"fax\", \"number\": \""
                + "+15550100779\", \"surveyId\": \"" + "x".repeat(16_000) + "\"}");
        assertThat(withinLimit.statusCode()).as("read whole, and refused for its channel").isEqualTo(400);
    }

    @Test
    void switchesAServersFaultAndListsThemAll() throws Exception {
        HttpResponse<String> set = send("POST", "/api/faults/s3", "{\"mode\": \"error\"}");
        assertThat(set.body()).isEqualTo("{\"s3\":\"error\"}");
        assertThat(s3.mode()).isEqualTo(Faults.Mode.ERROR);
        assertThat(send("GET", "/api/faults", null).body()).isEqualTo("{\"s3\":\"error\",\"twilio\":\"none\"}");
        send("POST", "/api/faults/twilio", "{\"mode\": \"hang\", \"hangSeconds\": 12}");
        assertThat(twilio.mode()).isEqualTo(Faults.Mode.HANG);
        assertThat(twilio.hangFor()).hasSeconds(12);
        send("POST", "/api/faults/s3", "{\"mode\": \"none\"}");
        assertThat(s3.mode()).isEqualTo(Faults.Mode.NONE);
    }

    @Test
    void switchesTwilioToThrottledOrToRefusingWithAGivenCode() throws Exception {
        assertThat(send("POST", "/api/faults/twilio", "{\"mode\": \"throttled\"}").body())
                .isEqualTo("{\"twilio\":\"throttled\"}");
        assertThat(twilio.mode()).isEqualTo(Faults.Mode.THROTTLED);
        assertThat(send("POST", "/api/faults/twilio", "{\"mode\": \"refused\", \"status\": 401, \"code\": 20003}")
                .body()).isEqualTo("{\"twilio\":\"refused\"}");
        assertThat(twilio.mode()).isEqualTo(Faults.Mode.REFUSED);
        assertThat(send("POST", "/api/faults/twilio", "{\"mode\": \"refused\", \"status\": 200}").statusCode())
                .as("no error status").isEqualTo(400);
    }

    /** S3's server serves as if no fault were set in these two modes: the switch says so rather than take them. */
    @Test
    void refusesAModeTheS3ServerDoesNotServe() throws Exception {
        for (String mode : new String[] {"throttled", "refused"}) {
            HttpResponse<String> answer = send("POST", "/api/faults/s3", "{\"mode\": \"" + mode + "\"}");
            assertThat(answer.statusCode()).as(mode).isEqualTo(400);
            assertThat(answer.body()).as(mode).contains("s3 has no " + mode + " mode", "503 SlowDown");
        }
        assertThat(s3.mode()).isEqualTo(Faults.Mode.NONE);
    }

    @Test
    void refusesAnUnknownServerOrMode() throws Exception {
        assertThat(send("POST", "/api/faults/dynamo", "{\"mode\": \"error\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = send("POST", "/api/faults/s3", "{\"mode\": \"explode\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).as("every mode named").contains("error, internal_error, hang");
        assertThat(s3.mode()).isEqualTo(Faults.Mode.NONE);
    }

    @Test
    void aBlipFailsOnlyTheRequestsAskedFor() {
        Faults faults = new Faults();
        faults.setFor(Faults.Mode.ERROR, 2);
        assertThat(faults.take("GET", "/")).isEqualTo(Faults.Mode.ERROR);
        assertThat(faults.take("GET", "/")).isEqualTo(Faults.Mode.ERROR);
        assertThat(faults.take("GET", "/")).isEqualTo(Faults.Mode.NONE);
    }

    @Test
    void aWriteFaultServesReadsAndFailsOnlyTheWritesInItsScope() {
        Faults faults = new Faults();
        faults.setOnWrites(Faults.Mode.ERROR, "/bucket/results/");
        assertThat(faults.take("GET", "/bucket/results/a.json")).isEqualTo(Faults.Mode.NONE);
        assertThat(faults.take("PUT", "/bucket/results/a.json")).isEqualTo(Faults.Mode.ERROR);
        assertThat(faults.take("DELETE", "/bucket/results/a.json")).isEqualTo(Faults.Mode.ERROR);
        assertThat(faults.take("PUT", "/bucket/outbox/a.json")).isEqualTo(Faults.Mode.NONE);
        assertThat(faults.take("GET", "/bucket/results/a.json")).as("reads never count").isEqualTo(Faults.Mode.NONE);
        assertThat(faults.take("PUT", "/bucket/results/a.json")).isEqualTo(Faults.Mode.ERROR);
        faults.clear();
        assertThat(faults.take("PUT", "/bucket/results/a.json")).isEqualTo(Faults.Mode.NONE);
    }

    @Test
    void clearingPutsTheHangBackToItsDefault() {
        Faults faults = new Faults();
        faults.hangFor(java.time.Duration.ofMillis(1_200));
        faults.set(Faults.Mode.HANG);
        faults.clear();
        assertThat(faults.mode()).isEqualTo(Faults.Mode.NONE);
        assertThat(faults.hangFor()).hasSeconds(30);
    }
}
