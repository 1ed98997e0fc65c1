package com.surveyrelay.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.TwilioSignature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The requests a survey's parties send the service: the enterprise's start (API key), and Twilio's signed
 * webhooks for a respondent's texts and for a call's steps, following the TwiML the service answers. Every
 * request's latency is recorded under its route id in {@link RouteLatencies}; a status other than the expected
 * one throws {@link UnexpectedAnswer}.
 */
final class SurveyTraffic {

    static final String SMS_INITIATION = "sms-initiation";
    static final String SMS_WEBHOOK = "sms-webhook";
    static final String VOICE_INITIATION = "voice-initiation";
    static final String VOICE_CALL = "voice-call";
    static final String CALL_STATUS = "call-status";

    /** A request answered with another status than expected; its body is kept for the report. */
    static final class UnexpectedAnswer extends IOException {
        UnexpectedAnswer(String route, int status, String body) {
            super(route + " answered " + status + ": " + body.substring(0, Math.min(200, body.length())));
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "benchmark-http");
                thread.setDaemon(true);
                return thread;
            }))
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI service;
    private final String publicBaseUrl;
    private final String apiKey;
    private final RouteLatencies latencies;

    SurveyTraffic(URI service, String publicBaseUrl, String apiKey, RouteLatencies latencies) {
        this.service = service;
        this.publicBaseUrl = publicBaseUrl;
        this.apiKey = apiKey;
        this.latencies = latencies;
    }

    /** What a start answered: its session id and the Twilio SID (a {@code MessageSid} or {@code CallSid}). */
    record Started(String sessionId, String twilioSid) {
    }

    /** {@code POST /sms/initiate-sms} or {@code /voice/initiate-call}, expecting 201. */
    Started start(String route, String path, String phone) throws IOException, InterruptedException {
        HttpResponse<String> response = timed(route, HttpRequest.newBuilder(service.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"To\": \"" + phone + "\"}")).build());
        if (response.statusCode() != 201) {
            throw new UnexpectedAnswer(route, response.statusCode(), response.body());
        }
        JsonNode body = json.readTree(response.body());
        return new Started(body.get("sessionId").asText(), body.get("twilioSid").asText());
    }

    /** The respondent's text, as Twilio delivers it to {@code /sms/webhook}, expecting 200. */
    void text(String phone, String body) throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("AccountSid", LocalServices.ACCOUNT_SID);
        params.put("From", phone);
        params.put("To", LocalServices.PHONE_NUMBER);
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("NumSegments", "1");
        params.put("SmsStatus", "received");
        webhook(SMS_WEBHOOK, publicBaseUrl + "/sms/webhook", params);
    }

    /**
     * One step of a call: Twilio requesting {@code publicUrl} with the call's parameters and the caller's input.
     *
     * @param input extra parameters ({@code Digits}, or {@code SpeechResult} and {@code Confidence}); may be empty
     * @return the TwiML answered
     */
    Document callStep(String publicUrl, String callSid, String phone, Map<String, String> input)
            throws IOException, InterruptedException {
        Map<String, String> params = callParams(callSid, phone, "in-progress");
        params.putAll(input);
        String twiml = webhook(VOICE_CALL, publicUrl, params);
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(twiml.getBytes(UTF_8)));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("voice-call answered something that is not TwiML: " + twiml, e);
        }
    }

    /** Twilio's status callback once the call is over ({@code CallStatus=completed}). */
    void callCompleted(String statusCallback, String callSid, String phone, int durationSeconds)
            throws IOException, InterruptedException {
        Map<String, String> params = callParams(callSid, phone, "completed");
        params.put("CallDuration", Integer.toString(durationSeconds));
        webhook(CALL_STATUS, statusCallback, params);
    }

    /** The {@code action} of the TwiML's {@code Gather}, or null when it has none (the call ends). */
    static String gatherAction(Document twiml) {
        NodeList gathers = twiml.getElementsByTagName("Gather");
        return gathers.getLength() == 0 ? null : ((Element) gathers.item(0)).getAttribute("action");
    }

    private Map<String, String> callParams(String callSid, String phone, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("AccountSid", LocalServices.ACCOUNT_SID);
        params.put("From", LocalServices.PHONE_NUMBER);
        params.put("To", phone);
        params.put("CallStatus", status);
        params.put("Direction", "outbound-api");
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    private String webhook(String route, String publicUrl, Map<String, String> params)
            throws IOException, InterruptedException {
        if (!publicUrl.startsWith(publicBaseUrl)) {
            throw new IOException(route + ": a webhook URL outside the public base: " + publicUrl);
        }
        String form = params.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), UTF_8) + "="
                + URLEncoder.encode(entry.getValue(), UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = timed(route, HttpRequest.newBuilder(
                        service.resolve(publicUrl.substring(publicBaseUrl.length())))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSignature.sign(LocalServices.AUTH_TOKEN, publicUrl, params))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new UnexpectedAnswer(route, response.statusCode(), response.body());
        }
        return response.body();
    }

    private HttpResponse<String> timed(String route, HttpRequest request) throws IOException, InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        latencies.record(route, System.nanoTime() - sent);
        return response;
    }
}
