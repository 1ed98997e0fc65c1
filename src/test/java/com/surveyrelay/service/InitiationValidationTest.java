package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Starting a survey needs a key and a clean request; everything else gets a precise JSON error and nothing is sent. */
class InitiationValidationTest extends ServiceTest {

    private void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(json(response.body()).get("error").asText()).isEqualTo(code);
        assertThat(json(response.body()).get("message").asText()).isNotBlank();
        assertThat(SERVICES.twilio().messages()).isEmpty();
        assertThat(SERVICES.twilio().calls()).isEmpty();
    }

    private String body() {
        return "{\"To\": \"" + respondent + "\"}";
    }

    @Test
    void refusesARequestWithoutAKey() throws Exception {
        assertError(post("/sms/initiate-sms", "application/json", body(), Map.of()), 401, "missing_api_key");
    }

    /** The dev phone's /api/ path asked of the service's port says where it is (a newcomer's probe, 2026-12-07). */
    @Test
    void theDevPhonesApiAskedOfTheServiceSaysWhereItIs() throws Exception {
        HttpResponse<String> wrongPort = post("/api/start", "application/json", "{}", Map.of());
        assertThat(wrongPort.statusCode()).isEqualTo(404);
        assertThat(json(wrongPort.body()).get("message").asText()).isEqualTo("There is nothing at this path. The "
                + "local dev phone's API (/api/...) is on its own port, DEV_PHONE_PORT (8081 by default).");
        assertThat(json(post("/nothing-here", "application/json", "{}", Map.of()).body()).get("message").asText())
                .isEqualTo("There is nothing at this path.");
    }

    /** "Authorization: <key>" without its scheme was told the key was missing (a newcomer's probe, 2026-12-07). */
    @Test
    void anAuthorizationHeaderWithoutBearerIsToldSo() throws Exception {
        HttpResponse<String> refused = post("/sms/initiate-sms", "application/json", body(),
                Map.of("Authorization", API_KEY));
        assertError(refused, 401, "missing_api_key");
        assertThat(json(refused.body()).get("message").asText()).isEqualTo("The Authorization header is not "
                + "'Bearer <key>' (the key goes after the word Bearer and a space). Send an API key as "
                + "'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.").doesNotContain(API_KEY);
        assertThat(post("/sms/initiate-sms", "application/json", body(), Map.of()).body())
                .doesNotContain("Authorization header is not");
    }

    @Test
    void refusesAWrongKey() throws Exception {
        assertError(post("/voice/initiate-call", "application/json", body(), Map.of("X-Api-Key", "guess")), 401,
                "invalid_api_key");
        assertError(post("/sms/initiate-sms", "application/json", body(),
                Map.of("Authorization", "Bearer " + API_KEY + "x")), 401, "invalid_api_key");
    }

    /** A proxy in front may put its own token in Authorization: with X-Api-Key there, that one is the key. */
    @Test
    void takesXApiKeyOverAnAuthorizationHeaderAProxyAdded() throws Exception {
        HttpResponse<String> response = post("/sms/initiate-sms", "application/json", body(),
                Map.of("X-Api-Key", API_KEY, "Authorization", "Bearer a-proxy-s-own-token"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void acceptsTheKeyInEitherHeaderAndAFormBody() throws Exception {
        HttpResponse<String> response = post("/sms/initiate-sms", "application/x-www-form-urlencoded",
                form(Map.of("To", respondent, "defaultLanguage", "fr-CA")), Map.of("X-Api-Key", API_KEY));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response.body()).get("language").asText()).isEqualTo("fr-CA");
        assertThat(SERVICES.twilio().messages()).singleElement().satisfies(message ->
                assertThat(message.body()).startsWith("Bonjour"));
    }

    /** An empty pair is skipped, as HTML forms skip it: "To=...&" was refused invalid_form (an integrator's probe). */
    @Test
    void aFormWithATrailingAmpersandIsTaken() throws Exception {
        HttpResponse<String> response = post("/sms/initiate-sms", "application/x-www-form-urlencoded",
                "&To=" + java.net.URLEncoder.encode(respondent, java.nio.charset.StandardCharsets.UTF_8) + "&&",
                Map.of("X-Api-Key", API_KEY));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /**
     * Probe 2026-12: {@code en} for a survey in {@code en-US}, and {@code es_MX}, were {@code 400 unknown_language}. A
     * bare language starts in the survey's one language of it, an underscore separates as a hyphen does, and the
     * answer and the stored session name the survey's own tag, not the caller's spelling.
     */
    @ParameterizedTest
    @CsvSource({"/sms/initiate-sms,en,en-US", "/voice/initiate-call,es_mx,es-MX", "/sms/initiate-sms,FR,fr-CA"})
    void startsInTheSurveysOwnTagForABareLanguageOrAnUnderscore(String path, String asked, String tag)
            throws Exception {
        HttpResponse<String> response = startSurvey(path, "{\"To\": \"" + respondent + "\", \"defaultLanguage\": \""
                + asked + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode started = json(response.body());
        assertThat(started.get("language").asText()).isEqualTo(tag);
        assertThat(json(object("survey-results/" + respondent.substring(1) + "/" + started.get("sessionId").asText()
                + ".json")).get("languageSet").asText()).isEqualTo(tag);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|400|missing_to",
        "{\"To\": \"5551234567\"}|400|invalid_to",
        "{\"To\": \"+1555/../1234\"}|400|invalid_to",
        "{\"To\": \"+15551230000\", \"defaultLanguage\": \"de-DE\"}|400|unknown_language",
        "{\"To\": \"+15551230000\", \"defaultLanguage\": \"english\"}|400|unknown_language",
        "{\"To\": \"+15551230000\", \"defaultLanguage\": \"de\"}|400|unknown_language",
        "{\"To\": \"+15551230000\", \"surveyId\": \"no-such-survey\"}|404|unknown_survey",
        "{\"To\": \"+15551230000\", \"defaultLangauge\": \"fr-CA\"}|400|unknown_field",
        "{\"To\": 15551230000}|400|invalid_field",
        "{\"To\": \"+1555123|400|invalid_json",
        "[]|400|invalid_json"})
    void refusesBadInput(String json, int status, String code) throws Exception {
        assertError(startSurvey("/sms/initiate-sms", json), status, code);
    }

    /**
     * {@code ?surveyId=quarterly-nps} was never read: the start was answered 201 and texted the default survey. Every
     * initiation endpoint now refuses a query parameter, and sends nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/sms/initiate-sms?surveyId=quarterly-nps", "/voice/initiate-call?defaultLanguage=es-MX",
        "/whatsapp/initiate-whatsapp?To=%2B15551230000", "/sms/initiate-sms?&surveyId"})
    void refusesAQueryParameterItWouldNotRead(String pathAndQuery) throws Exception {
        HttpResponse<String> response = startSurvey(pathAndQuery, body());
        assertError(response, 400, "unknown_parameter");
        assertThat(json(response.body()).get("message").asText()).startsWith("'" + pathAndQuery.replaceAll(
                ".*[?&]([A-Za-z]+).*", "$1") + "' is not a parameter of this endpoint, which takes no query parameters");
    }

    @Test
    void takesAnEmptyQuery() throws Exception {
        assertThat(startSurvey("/sms/initiate-sms?", body()).statusCode()).as("a bare ?").isEqualTo(201);
    }

    /** Two different X-Api-Key headers are refused, whichever comes first; the same key twice is that key. */
    @Test
    void refusesTwoDifferentApiKeys() throws Exception {
        for (String[] keys : new String[][] {{API_KEY, "guess-" + API_KEY}, {"guess-" + API_KEY, API_KEY}}) {
            HttpResponse<String> two = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://localhost:" + port + "/sms/initiate-sms")).header("Content-Type", "application/json")
                    .header("X-Api-Key", keys[0]).header("X-Api-Key", keys[1])
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(two, 401, "invalid_api_key");
            assertThat(json(two.body()).get("message").asText()).contains("more than one X-Api-Key header");
        }
        HttpResponse<String> same = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + port + "/sms/initiate-sms")).header("Content-Type", "application/json")
                .header("X-Api-Key", API_KEY).header("X-Api-Key", API_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).as(same.body()).isEqualTo(201);
    }

    /**
     * {@code curl -d '{"To": ...}'} sends JSON as a URL-encoded form: the answer says so, rather than pointing at %
     * escapes the body does not have. A malformed form is told what a form is.
     */
    @Test
    void jsonSentAsAFormIsToldItsContentType() throws Exception {
        HttpResponse<String> json = post("/sms/initiate-sms", "application/x-www-form-urlencoded", body(),
                Map.of("X-Api-Key", API_KEY));
        assertError(json, 400, "invalid_form");
        assertThat(json(json.body()).get("message").asText()).isEqualTo("The body looks like JSON, but its "
                + "Content-Type says a URL-encoded form (curl -d sends that unless told otherwise): send it with "
                + "Content-Type: application/json.");
        HttpResponse<String> broken = post("/sms/initiate-sms", "application/x-www-form-urlencoded", "To=%zz",
                Map.of("X-Api-Key", API_KEY));
        assertError(broken, 400, "invalid_form");
        assertThat(json(broken.body()).get("message").asText()).contains("a % starts an escape of two hex digits");
        assertThat(SERVICES.twilio().messages()).noneMatch(message -> message.to().equals(respondent));
    }

    /** {@code curl -d 'To=+1...'}: the form's + arrives as a space, and the refusal says so rather than only "E.164". */
    @Test
    void aFormNumberWithAPlainPlusIsToldToEncodeIt() throws Exception {
        HttpResponse<String> response = post("/sms/initiate-sms", "application/x-www-form-urlencoded",
                "To=" + respondent, Map.of("X-Api-Key", API_KEY));
        assertError(response, 400, "invalid_to");
        assertThat(json(response.body()).get("message").asText()).isEqualTo("To must be a phone number in E.164 "
                + "form, like +15551234567. The + arrived as a space, as a plain + does in a form body: send it as %2B "
                + "(curl --data-urlencode 'To=+15551234567').");
        assertThat(SERVICES.twilio().messages()).noneMatch(message -> message.to().equals(respondent));
    }

    @Test
    void refusesAnOversizedBody() throws Exception {
        String padding = "x".repeat(20_000);
        assertError(startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\", \"surveyId\": \""
                + padding + "\"}"), 413, "payload_too_large");
    }

    @Test
    void refusesAFormFieldGivenTwice() throws Exception {
        HttpResponse<String> response = post("/sms/initiate-sms", "application/x-www-form-urlencoded",
                form(Map.of("To", respondent)) + "&defaultLanguage=fr-CA&defaultLanguage=en-US",
                Map.of("X-Api-Key", API_KEY));
        assertError(response, 400, "repeated_field");
        assertThat(json(response.body()).get("message").asText()).isEqualTo("defaultLanguage is given more than once.");
    }

    /** Each initiation path has the initiation limit, judged before the key (nothing larger is read). */
    @ParameterizedTest
    @ValueSource(strings = {"/sms/initiate-sms", "/voice/initiate-call", "/whatsapp/initiate-whatsapp"})
    void refusesABodyOverTheInitiationLimitBeforeReadingIt(String path) throws Exception {
        HttpResponse<String> response = post(path, "application/json", "{\"To\": \"" + respondent
                + "\", \"timeZone\": \"" + "x".repeat(20_000) + "\"}", Map.of());
        assertError(response, 413, "payload_too_large");
        assertThat(json(response.body()).get("message").asText())
                .isEqualTo("The request body is larger than 16384 bytes.");
    }

    /**
     * A method the path does not take is 405 in the service's error shape; Spring's warning for it ("Resolved
     * [HttpRequestMethodNotSupportedException ...]", a scanner's GET logged at WARN every time) is off.
     */
    @Test
    void refusesAnotherMethodAndLeavesTheLogAlone() throws Exception {
        HttpResponse<String> get = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + port + "/sms/initiate-sms")).header("X-Api-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(get, 405, "method_not_allowed");
        assertThat(org.slf4j.LoggerFactory.getLogger(
                "org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver").isWarnEnabled())
                .isFalse();
    }

    /**
     * A query parameter with a broken % escape: Tomcat logged it at INFO with its value, a phone number whole (a
     * hostile client's probe, 2026-12-07): its logger is at WARN as the service runs.
     */
    @Test
    void aBrokenEscapeInAQueryIsNotLoggedWithItsValue() {
        assertThat(org.slf4j.LoggerFactory.getLogger("org.apache.tomcat.util.http.Parameters").isInfoEnabled())
                .isFalse();
    }

    @Test
    void refusesAnotherContentType() throws Exception {
        assertError(post("/sms/initiate-sms", "text/plain", respondent, Map.of("X-Api-Key", API_KEY)), 415,
                "unsupported_media_type");
    }

    @Test
    void theStartAnswerHasExactlyTheDocumentedFields() throws Exception {
        HttpResponse<String> response = startSurvey("/sms/initiate-sms", body());
        assertThat(response.statusCode()).isEqualTo(201);
        java.util.List<String> fields = new java.util.ArrayList<>();
        json(response.body()).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("success", "sessionId", "surveyId", "channel", "language", "status",
                "twilioSid");
    }

    @Test
    void reportsTwilioRefusingTheNumber() throws Exception {
        SERVICES.twilio().failNext(400, 21211, "The 'To' number is not a valid phone number.");
        HttpResponse<String> response = startSurvey("/voice/initiate-call", body());
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).get("error").asText()).isEqualTo("invalid_recipient");
    }

    @Test
    void neverEchoesRequestHeaders() throws Exception {
        HttpResponse<String> created = post("/sms/initiate-sms", "application/json", body(),
                Map.of("X-Api-Key", API_KEY, "X-Custom-Secret", "s3cr3t"));
        HttpResponse<String> refused = post("/sms/initiate-sms", "application/json", "{}",
                Map.of("X-Api-Key", API_KEY, "X-Custom-Secret", "s3cr3t"));
        for (HttpResponse<String> response : java.util.List.of(created, refused)) {
            assertThat(response.headers().map()).doesNotContainKeys("x-custom-secret", "x-api-key", "user-agent");
        }
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(refused.statusCode()).isEqualTo(400);
    }
    /**
     * A JSON body whose bytes are not UTF-8 (Windows-1252 "é" sent without a charset) was read with each such byte as
     * U+FFFD: two idempotency keys differing only there were one, and the second start was answered as a repeat of the
     * first, sending nothing (a probe, 2026-12-07). It is refused {@code 400 invalid_json}; the same bytes with their
     * charset named start.
     */
    @Test
    void aJsonBodyThatIsNotUtf8IsRefusedUnlessItsCharsetIsNamed() throws Exception {
        byte[] body = ("{\"detail-type\": \"Survey Requested\", \"id\": \"f1\", \"detail\": {\"to\": \"" + respondent
                + "\", \"idempotencyKey\": \"order-caf\u00e9\"}}")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        HttpResponse<String> refused = bytes(body, "application/json");
        assertError(refused, 400, "invalid_json");
        assertThat(json(refused.body()).get("message").asText()).contains("not valid UTF-8").contains("charset");

        HttpResponse<String> started = bytes(body, "application/json; charset=windows-1252");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    }

    private HttpResponse<String> bytes(byte[] body, String contentType) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/sms/initiate-sms")).header("Content-Type", contentType).header("X-Api-Key", API_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
