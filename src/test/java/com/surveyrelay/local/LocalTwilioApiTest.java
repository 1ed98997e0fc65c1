package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.local.LocalTwilioApi.RecordedCall;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.twilio.exception.RestException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalTwilioApiTest {

    // Built at runtime and deliberately not hex, so nothing here can pass for a real credential.
    private static final String ACCOUNT_SID = "AC" + "test".repeat(8);
    private static final String AUTH_TOKEN = "local-token";
    private static final String SERVICE_SID = "MG" + "test".repeat(8);
    private static final String CUSTOMER = "+15551234567";
    private static final String RELAY = "+15557654321";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private LocalTwilioApi twilio;

    @BeforeEach
    void startApi() {
        twilio = LocalTwilioApi.start(0, ACCOUNT_SID, AUTH_TOKEN);
    }

    @AfterEach
    void stopApi() {
        twilio.close();
    }

    @Test
    void createsACallThatTwilioJavaParsesAndRecordsItsCallbacks() throws Exception {
        HttpResponse<byte[]> response = post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, form(
                "To", CUSTOMER, "From", RELAY, "Url", "https://relay.example/voice/start?survey=s1",
                "Method", "POST", "StatusCallback", "https://relay.example/voice/status",
                "StatusCallbackEvent", "initiated", "StatusCallbackEvent", "completed",
                "StatusCallbackMethod", "POST"));

        assertThat(response.statusCode()).isEqualTo(201);
        Call call = Call.fromJson(new ByteArrayInputStream(response.body()), json);
        assertThat(call.getSid()).matches("CA[0-9a-f]{32}");
        assertThat(call.getTo()).isEqualTo(CUSTOMER);
        assertThat(call.getFrom()).isEqualTo(RELAY);
        assertThat(call.getStatus()).isEqualTo(Call.Status.QUEUED);
        assertThat(call.getAccountSid()).isEqualTo(ACCOUNT_SID);
        assertThat(call.getApiVersion()).isEqualTo("2010-04-01");
        assertThat(call.getDirection()).isEqualTo("outbound-api");
        assertThat(call.getDateCreated()).isNotNull();
        assertThat(call.getUri()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + call.getSid() + ".json");

        assertThat(twilio.calls()).singleElement().satisfies(recorded -> {
            assertThat(recorded.sid()).isEqualTo(call.getSid());
            assertThat(recorded.to()).isEqualTo(CUSTOMER);
            assertThat(recorded.from()).isEqualTo(RELAY);
            assertThat(recorded.url()).isEqualTo("https://relay.example/voice/start?survey=s1");
            assertThat(recorded.method()).isEqualTo("POST");
            assertThat(recorded.statusCallback()).isEqualTo("https://relay.example/voice/status");
            assertThat(recorded.statusCallbackEvents()).containsExactly("initiated", "completed");
            assertThat(recorded.params()).containsEntry("StatusCallbackMethod", List.of("POST"));
            assertThat(recorded.at()).isNotNull();
        });
    }

    @Test
    void sendsAMessageThroughAMessagingServiceThatTwilioJavaParses() throws Exception {
        HttpResponse<byte[]> response = post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form(
                "To", CUSTOMER, "MessagingServiceSid", SERVICE_SID, "Body", "Question 1: how was it?"));

        assertThat(response.statusCode()).isEqualTo(201);
        Message message = Message.fromJson(new ByteArrayInputStream(response.body()), json);
        assertThat(message.getSid()).matches("SM[0-9a-f]{32}");
        assertThat(message.getTo()).isEqualTo(CUSTOMER);
        assertThat(message.getStatus()).isEqualTo(Message.Status.ACCEPTED);
        assertThat(message.getMessagingServiceSid()).isEqualTo(SERVICE_SID);
        assertThat(message.getBody()).isEqualTo("Question 1: how was it?");
        assertThat(message.getNumSegments()).isEqualTo("1");
        assertThat(message.getNumMedia()).isEqualTo("0");
        assertThat(message.getDirection()).isEqualTo(Message.Direction.OUTBOUND_API);
        assertThat(message.getPrice()).isNull();
        assertThat(message.getDateCreated()).isNotNull();

        assertThat(twilio.messages()).singleElement().satisfies(recorded -> {
            assertThat(recorded.sid()).isEqualTo(message.getSid());
            assertThat(recorded.to()).isEqualTo(CUSTOMER);
            assertThat(recorded.from()).isNull();
            assertThat(recorded.messagingServiceSid()).isEqualTo(SERVICE_SID);
            assertThat(recorded.body()).isEqualTo("Question 1: how was it?");
        });
    }

    @Test
    void queuesAMessageSentFromANumber() throws Exception {
        HttpResponse<byte[]> response = post("Messages.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", CUSTOMER, "From", RELAY, "Body", "hi"));

        Message message = Message.fromJson(new ByteArrayInputStream(response.body()), json);
        assertThat(message.getStatus()).isEqualTo(Message.Status.QUEUED);
        assertThat(message.getFrom()).hasToString(RELAY);
    }

    @Test
    void keepsUtf8BodiesIntact() throws Exception {
        String text = "¿qué tal? ñ";

        HttpResponse<byte[]> response = post("Messages.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", CUSTOMER, "From", RELAY, "Body", text));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Message.fromJson(new ByteArrayInputStream(response.body()), json).getBody()).isEqualTo(text);
        assertThat(twilio.messages()).extracting(RecordedMessage::body).containsExactly(text);
    }

    @Test
    void refusesBadCredentialsWith20003() throws Exception {
        String otherSid = "AC" + "else".repeat(8);

        assertError(post("Calls.json", ACCOUNT_SID, "wrong-token", callForm()), 401, 20003);
        assertError(post("Calls.json", otherSid, AUTH_TOKEN, callForm()), 401, 20003);
        // Right credentials, but for an account other than the one in the path.
        assertError(send(request("/2010-04-01/Accounts/" + otherSid + "/Calls.json", ACCOUNT_SID, AUTH_TOKEN,
                callForm())), 401, 20003);
        assertError(send(HttpRequest.newBuilder(twilio.url().resolve(accountPath(ACCOUNT_SID) + "/Calls.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(callForm())).build()), 401, 20003);
        assertThat(twilio.calls()).isEmpty();
    }

    @Test
    void refusesNumbersThatAreNotE164With21211() throws Exception {
        HttpResponse<byte[]> response = post("Messages.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", "555-1234", "From", RELAY, "Body", "hi"));

        RestException error = assertError(response, 400, 21211);
        assertThat(error.getMessage()).isEqualTo("The 'To' number 555-1234 is not a valid phone number.");
        assertError(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", "+0123456789", "From", RELAY, "Url", "https://relay.example/voice")), 400, 21211);
        assertThat(twilio.messages()).isEmpty();
        assertThat(twilio.calls()).isEmpty();
    }

    @Test
    void refusesMessagesToOptedOutRecipientsUntilTheyOptBackIn() throws Exception {
        twilio.optOut(CUSTOMER);

        RestException error = assertError(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", CUSTOMER, "From", RELAY, "Body", "hi")), 400, 21610);
        assertThat(error.getMessage()).isEqualTo("Attempt to send to unsubscribed recipient");
        assertThat(twilio.messages()).isEmpty();

        twilio.optIn(CUSTOMER);
        assertThat(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", CUSTOMER, "From", RELAY, "Body", "hi")).statusCode()).isEqualTo(201);
    }

    @Test
    void refusesIncompleteRequestsWithTwiliosCodes() throws Exception {
        assertError(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, form("To", CUSTOMER, "From", RELAY)), 400, 21205);
        assertError(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("To", CUSTOMER, "From", RELAY)), 400, 21602);
        assertError(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("To", CUSTOMER, "Body", "hi")), 400, 21603);
        assertError(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("From", RELAY, "Body", "hi")), 400, 21604);
        assertThat(twilio.calls()).isEmpty();
        assertThat(twilio.messages()).isEmpty();
    }

    @Test
    void failsTheNextRequestAsInjectedThenServesAgain() throws Exception {
        twilio.failNext(429, 20429, "Too Many Requests");

        RestException error = assertError(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm()), 429, 20429);
        assertThat(error.getMessage()).isEqualTo("Too Many Requests");
        assertThat(error.getMoreInfo()).isEqualTo("https://www.twilio.com/docs/errors/20429");
        assertThat(twilio.calls()).isEmpty();

        assertThat(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm()).statusCode()).isEqualTo(201);
        assertThat(twilio.calls()).hasSize(1);
    }

    @Test
    void fetchesACallWithItsStatusNowThatTwilioJavaParses() throws Exception {
        String sid = Call.fromJson(new ByteArrayInputStream(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm())
                .body()), json).getSid();

        HttpResponse<byte[]> queued = send(fetch(sid));
        assertThat(queued.statusCode()).isEqualTo(200);
        assertThat(Call.fromJson(new ByteArrayInputStream(queued.body()), json).getStatus())
                .as("no network took it up").isEqualTo(Call.Status.QUEUED);

        twilio.callStatuses(asked -> asked.equals(sid) ? java.util.Optional.of("no-answer")
                : java.util.Optional.empty());
        Call rangOut = Call.fromJson(new ByteArrayInputStream(send(fetch(sid)).body()), json);
        assertThat(rangOut.getSid()).isEqualTo(sid);
        assertThat(rangOut.getTo()).isEqualTo(CUSTOMER);
        assertThat(rangOut.getStatus()).isEqualTo(Call.Status.NO_ANSWER);
        assertThat(twilio.fetchedCalls()).containsExactly(sid, sid);

        assertError(send(fetch("CA" + "0".repeat(32))), 404, 20404);
        assertThat(twilio.fetchedCalls()).as("only calls it answered").hasSize(2);
    }

    /** A hang-up through the REST API ({@code Status=completed}), as {@code TwilioGateway#hangUp} sends it. */
    @Test
    void hangsUpAPlacedCallAndRecordsIt() throws Exception {
        String sid = Call.fromJson(new ByteArrayInputStream(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm())
                .body()), json).getSid();

        HttpResponse<byte[]> response = post("Calls/" + sid + ".json", ACCOUNT_SID, AUTH_TOKEN,
                form("Status", "completed"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Call.fromJson(new ByteArrayInputStream(response.body()), json).getStatus())
                .isEqualTo(Call.Status.COMPLETED);
        assertThat(twilio.hungUpCalls()).containsExactly(sid);
        assertError(post("Calls/" + "CA" + "0".repeat(32) + ".json", ACCOUNT_SID, AUTH_TOKEN,
                form("Status", "completed")), 404, 20404);
        assertError(post("Calls/" + sid + ".json", ACCOUNT_SID, AUTH_TOKEN, form("Url", "https://relay.example/x")),
                400, 20001);
        assertThat(twilio.hungUpCalls()).containsExactly(sid);
    }

    @Test
    void aFaultOnCallFetchesLeavesCallCreationServed() throws Exception {
        String sid = Call.fromJson(new ByteArrayInputStream(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm())
                .body()), json).getSid();
        twilio.faults().setAfter(Faults.Mode.ERROR, 0, "/Calls/CA");

        assertError(send(fetch(sid)), 503, 20503);
        assertThat(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm()).statusCode()).isEqualTo(201);

        twilio.faults().clear();
        assertThat(send(fetch(sid)).statusCode()).isEqualTo(200);
    }

    /** The switch's Twilio answers: 429 (20429) throttled, and any status and Twilio code refused, until cleared. */
    @Test
    void throttledAndRefusedFaultsAnswerAsTwilioDoes() throws Exception {
        twilio.faults().set(Faults.Mode.THROTTLED);
        assertError(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("To", CUSTOMER, "From", RELAY, "Body", "hi")),
                429, 20429);
        twilio.faults().refuse(400, 21408);
        assertError(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("To", CUSTOMER, "From", RELAY, "Body", "hi")),
                400, 21408);
        twilio.faults().refuse(401, 20003);
        assertError(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm()), 401, 20003);
        assertThat(twilio.messages()).isEmpty();
        assertThat(twilio.calls()).isEmpty();

        twilio.faults().clear();
        assertThat(post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm()).statusCode()).isEqualTo(201);
    }

    private HttpRequest fetch(String callSid) {
        return get("/Calls/" + callSid + ".json");
    }

    /** An authenticated {@code GET} of {@code resource} (with its query) under the account's path. */
    private HttpRequest get(String resource) {
        return HttpRequest.newBuilder(twilio.url().resolve(accountPath(ACCOUNT_SID) + resource))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build();
    }

    /**
     * {@code GET .../Messages.json} with the filters {@code TwilioGateway#textsTo} sends ({@code To}, {@code From},
     * {@code DateSent>} as twilio-java writes it, {@code PageSize}), read as twilio-java's {@code MessageReader} reads
     * its page.
     */
    @Test
    void listsTheMessagesSentToANumberSinceAnInstantThatTwilioJavaParses() throws Exception {
        String since = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1));
        String first = Message.fromJson(new ByteArrayInputStream(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", CUSTOMER, "From", RELAY, "Body", "one")).body()), json).getSid();
        String second = Message.fromJson(new ByteArrayInputStream(post("Messages.json", ACCOUNT_SID, AUTH_TOKEN,
                form("To", CUSTOMER, "From", RELAY, "Body", "two")).body()), json).getSid();
        post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("To", "+15550001111", "From", RELAY, "Body", "other"));
        post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("To", CUSTOMER, "MessagingServiceSid", SERVICE_SID,
                "Body", "from the service"));
        twilio.markUndelivered(first);

        HttpResponse<byte[]> listed = send(list("To", CUSTOMER, "From", RELAY, "DateSent>", since, "PageSize", "20"));
        assertThat(listed.statusCode()).isEqualTo(200);
        com.twilio.base.Page<Message> page = com.twilio.base.Page.fromJson("messages",
                new String(listed.body(), StandardCharsets.UTF_8), Message.class, json);
        assertThat(page.getRecords()).extracting(Message::getSid).as("newest first").containsExactly(second, first);
        assertThat(page.getRecords()).extracting(Message::getStatus)
                .containsExactly(Message.Status.SENT, Message.Status.UNDELIVERED);
        assertThat(page.getRecords()).allSatisfy(message -> assertThat(message.getDateSent()).isNotNull());
        assertThat(page.hasNextPage()).isFalse();

        String later = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1));
        assertThat(json.readTree(send(list("To", CUSTOMER, "DateSent>", later)).body()).get("messages")).isEmpty();
        assertThat(json.readTree(send(list("To", CUSTOMER)).body()).get("messages")).as("any sender").hasSize(3);
        assertError(send(list("To", CUSTOMER, "DateSent>", "yesterday")), 400, 20001);
        assertError(send(list("PageSize", "0")), 400, 20001);
    }

    private HttpRequest list(String... filters) {
        return get("/Messages.json?" + form(filters));
    }

    @Test
    void answersUnknownPathsWith20404() throws Exception {
        assertError(send(request("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Faxes.json", ACCOUNT_SID, AUTH_TOKEN,
                "")), 404, 20404);
        assertError(send(request("/nowhere", ACCOUNT_SID, AUTH_TOKEN, "")), 404, 20404);
    }

    @Test
    void clearForgetsCallsAndMessages() throws Exception {
        post("Calls.json", ACCOUNT_SID, AUTH_TOKEN, callForm());
        post("Messages.json", ACCOUNT_SID, AUTH_TOKEN, form("To", CUSTOMER, "From", RELAY, "Body", "hi"));
        List<RecordedCall> before = twilio.calls();

        twilio.clear();

        assertThat(before).hasSize(1);
        assertThat(twilio.calls()).isEmpty();
        assertThat(twilio.messages()).isEmpty();
    }

    private RestException assertError(HttpResponse<byte[]> response, int status, int code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/" + code);
        RestException parsed = RestException.fromJson(new ByteArrayInputStream(response.body()), json);
        assertThat(parsed.getCode()).isEqualTo(code);
        return parsed;
    }

    private HttpResponse<byte[]> post(String resource, String username, String password, String body)
            throws Exception {
        return send(request(accountPath(username) + "/" + resource, username, password, body));
    }

    private HttpRequest request(String path, String username, String password, String body) {
        String credentials = Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(twilio.url().resolve(path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String accountPath(String accountSid) {
        return "/2010-04-01/Accounts/" + accountSid;
    }

    private static String callForm() {
        return form("To", CUSTOMER, "From", RELAY, "Url", "https://relay.example/voice/start");
    }

    private static String form(String... namesAndValues) {
        return IntStream.range(0, namesAndValues.length / 2)
                .mapToObj(i -> encode(namesAndValues[2 * i]) + "=" + encode(namesAndValues[2 * i + 1]))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
