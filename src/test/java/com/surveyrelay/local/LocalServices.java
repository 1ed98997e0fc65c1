package com.surveyrelay.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the service talks to, on loopback: S3 (S3Proxy), an EventBridge-compatible PutEvents endpoint
 * and a Twilio emulator (REST API, calls and texts to virtual phones). The local default and the integration tests both start the service against these,
 * with the real Camel AWS components and twilio-java speaking their real protocols.
 */
public final class LocalServices implements AutoCloseable {

    /** Not a real account: letters outside hex, so nobody mistakes it for a credential. */
    public static final String ACCOUNT_SID = "AC" + "local".repeat(6) + "01";
    public static final String AUTH_TOKEN = "local-twilio-auth-token";
    public static final String PHONE_NUMBER = "+15005550006";
    /** The local default's WhatsApp template: the emulator shows its variable 1, the survey's welcome. */
    public static final String WHATSAPP_CONTENT_SID = "HX" + "0".repeat(31) + "1";
    public static final String BUCKET = "survey-relay";
    public static final String EVENT_BUS = "survey-relay";
    /**
     * The tests' {@code RESPONDENT_HASH_KEY}, set as production should be: it keys respondent record names and the
     * idempotency ledger's request fingerprints (the local default run leaves it unset).
     */
    public static final String RESPONDENT_HASH_KEY = "respondent-hash-key-for-tests";

    private final LocalS3 s3;
    private final LocalEventBridge eventBridge;
    private final TwilioEmulator twilio;
    private final LocalSqs sqs;

    private LocalServices(LocalS3 s3, LocalEventBridge eventBridge, TwilioEmulator twilio, LocalSqs sqs) {
        this.sqs = sqs;
        this.s3 = s3;
        this.eventBridge = eventBridge;
        this.twilio = twilio;
    }

    /** Random ports, nothing on disk. */
    public static LocalServices inMemory(Path configFiles) throws Exception {
        LocalS3 s3 = LocalS3.inMemory();
        s3.seed(BUCKET, configFiles);
        return new LocalServices(s3, LocalEventBridge.start(0, null),
                TwilioEmulator.start(0, ACCOUNT_SID, AUTH_TOKEN, PHONE_NUMBER), LocalSqs.start(0));
    }

    /** Everything under {@code dataDir}, so results and events survive a restart. */
    public static LocalServices onDisk(Path dataDir, Path configFiles, int s3Port, int eventsPort, int twilioPort)
            throws Exception {
        LocalS3 s3 = LocalS3.onDisk(dataDir.resolve("s3"), s3Port);
        s3.seed(BUCKET, configFiles);
        return new LocalServices(s3, LocalEventBridge.start(eventsPort, dataDir.resolve("events.jsonl")),
                TwilioEmulator.start(twilioPort, ACCOUNT_SID, AUTH_TOKEN, PHONE_NUMBER), LocalSqs.start(0));
    }

    public LocalS3 s3() {
        return s3;
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public LocalEventBridge eventBridge() {
        return eventBridge;
    }

    /** The Twilio emulator's REST side: what the service sent, opt-outs, injected failures. */
    public LocalTwilioApi twilio() {
        return twilio.api();
    }

    /** The Twilio emulator: virtual phones that answer calls and texts. */
    public TwilioEmulator emulator() {
        return twilio;
    }

    /**
     * Points the emulator's webhooks at the service: signed for the public URL, sent to where it runs, and the
     * number's incoming texts to {@code /sms/webhook}.
     */
    public void connect(URI publicBaseUrl, URI serviceUrl) {
        twilio.connect(publicBaseUrl, serviceUrl);
        twilio.smsWebhook(URI.create(publicBaseUrl + "/sms/webhook"));
    }

    /** The service's settings for these servers, as Spring property names. */
    public Map<String, String> serviceProperties(URI publicBaseUrl, String apiKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("survey-relay.public-base-url", publicBaseUrl.toString());
        properties.put("survey-relay.api-keys", apiKey);
        properties.put("survey-relay.bucket", BUCKET);
        properties.put("survey-relay.results-bucket", BUCKET);
        properties.put("survey-relay.event-bus", EVENT_BUS);
        properties.put("survey-relay.region", LocalS3.REGION);
        properties.put("survey-relay.s3-endpoint", s3.endpoint().toString());
        properties.put("survey-relay.event-bridge-endpoint", eventBridge.url().toString());
        properties.put("survey-relay.consent.hash-key", RESPONDENT_HASH_KEY);
        properties.put("twilio.account-sid", ACCOUNT_SID);
        properties.put("twilio.auth-token", AUTH_TOKEN);
        properties.put("twilio.phone-number", PHONE_NUMBER);
        properties.put("twilio.whatsapp-number", PHONE_NUMBER);
        properties.put("twilio.whatsapp-content-sid", WHATSAPP_CONTENT_SID);
        properties.put("twilio.api-base-url", twilio.url().toString());
        properties.put("survey-relay.triggers.enabled", "true");
        properties.put("survey-relay.triggers.queue-url", sqs.triggerQueueUrl());
        properties.put("survey-relay.triggers.dead-letter-queue-url", sqs.deadLetterQueueUrl());
        properties.put("survey-relay.sms-retries.enabled", "true");
        properties.put("survey-relay.sms-retries.queue-url", sqs.smsRetryQueueUrl());
        properties.put("survey-relay.triggers.sqs-endpoint", sqs.endpoint().toString());
        return properties;
    }

    /** The AWS SDK's default credentials chain reads these; the local servers accept only them. */
    public static void useLocalCredentials() {
        System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
    }

    @Override
    public void close() throws Exception {
        sqs.close();
        twilio.close();
        eventBridge.close();
        s3.close();
    }
}
