package com.surveyrelay.local;

import com.surveyrelay.local.LocalTwilioApi.RecordedCall;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.local.SmsEntry.Direction;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Twilio on loopback, both halves: the {@linkplain #api() REST API} the service calls, and the telephone network
 * behind it, which calls the service's webhooks the way Twilio does. A call placed through the API rings a
 * {@link VirtualPhone} and plays the service's TwiML on its own thread; a text sent through the API lands in the
 * phone's thread; a phone's {@link VirtualPhone#text text} posts to the {@linkplain #smsWebhook SMS webhook}.
 * Every webhook is signed with the auth token over the public URL, so the service's signature check runs for real.
 *
 * <p>Twilio's default opt-out handling for a text that is exactly (trimmed, any case) a keyword: STOP, STOPALL,
 * UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE or OPTOUT opts the number out and delivers Twilio's confirmation;
 * START, UNSTOP or YES opts it back in with Twilio's confirmation; HELP or INFO delivers Twilio's help text. The
 * keyword still reaches the webhook, after the confirmation is delivered. While a number is opted out, the
 * webhook's replies to it are blocked, as are texts sent to it through the API (error 21610).
 */
public final class TwilioEmulator implements AutoCloseable {

    static final String API_VERSION = "2010-04-01";
    static final String UNSUBSCRIBED = "You have successfully been unsubscribed. You will not receive any more "
            + "messages from this number. Reply START to resubscribe.";
    static final String RESUBSCRIBED = "You have successfully been re-subscribed to messages from this number. "
            + "Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.";
    static final String HELP = "Reply STOP to unsubscribe. Msg&Data Rates May Apply.";

    private static final Logger LOG = LoggerFactory.getLogger(TwilioEmulator.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Set<String> STOP_WORDS =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");
    private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

    private final LocalTwilioApi api;
    private final String ourNumber;
    private final Clock clock;
    private final SignedWebhookClient webhooks;
    private final Map<String, VirtualPhone> phones = new LinkedHashMap<>();
    private volatile boolean interactiveByDefault;
    private final ExecutorService callThreads;
    private volatile URI smsWebhook;
    private volatile boolean advancedOptOut;
    private volatile Consumer<VirtualPhone> changeListener = phone -> { };

    private TwilioEmulator(LocalTwilioApi api, String ourNumber, Clock clock) {
        this.api = api;
        this.ourNumber = ourNumber;
        this.clock = clock;
        this.webhooks = new SignedWebhookClient(api.authToken());
        AtomicInteger threads = new AtomicInteger();
        // One thread per call in progress, as each call is its own timeline; idle ones go away.
        this.callThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "twilio-emulator-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        api.whenCallPlaced(this::placed);
        api.whenMessageAccepted(this::sent);
        api.whenMessageSent(this::reportStatus);
        api.callStatuses(this::callStatus);
        api.whenCallHungUp(sid -> phones().forEach(phone -> phone.hangUpBy(sid)));
    }

    /** The status of the call {@code sid} as its phone plays it; empty for a call no phone has. */
    private java.util.Optional<String> callStatus(String sid) {
        return phones().stream().flatMap(phone -> phone.calls().stream())
                .filter(call -> call.sid().equals(sid)).map(CallRecord::status).findFirst();
    }

    /**
     * @param port       the REST API's port on 127.0.0.1, or 0 for a random free one
     * @param accountSid the only account accepted; any "AC..." string
     * @param authToken  the REST API's password and the key webhooks are signed with
     * @param ourNumber  the service's Twilio number: texts from phones go to it, replies come from it
     */
    public static TwilioEmulator start(int port, String accountSid, String authToken, String ourNumber) {
        return start(port, accountSid, authToken, ourNumber, Clock.systemUTC());
    }

    /** With a clock of the caller's choosing, so tests can assert timestamps and durations exactly. */
    static TwilioEmulator start(int port, String accountSid, String authToken, String ourNumber, Clock clock) {
        requireE164(ourNumber);
        TwilioEmulator emulator = new TwilioEmulator(new LocalTwilioApi(port, accountSid, authToken), ourNumber,
                Objects.requireNonNull(clock, "clock"));
        emulator.api.start();
        return emulator;
    }

    /** The REST base URL, for {@code TWILIO_API_BASE_URL}. */
    public URI url() {
        return api.url();
    }

    /** The REST half: recorded calls and messages, opt-outs, injected failures. */
    public LocalTwilioApi api() {
        return api;
    }

    public String ourNumber() {
        return ourNumber;
    }

    /**
     * Webhooks to URLs under {@code publicBaseUrl} are signed for that public URL but sent to {@code actualBaseUrl}
     * plus the same path and query. Several bases may be connected; the longest match wins; other URLs are
     * requested as they are.
     */
    public void connect(URI publicBaseUrl, URI actualBaseUrl) {
        webhooks.connect(publicBaseUrl, actualBaseUrl);
    }

    /** Where texts to our number are posted, like the number's "A message comes in" setting in Twilio's console. */
    public void smsWebhook(URI publicUrl) {
        if (!publicUrl.isAbsolute()) {
            throw new IllegalArgumentException("the SMS webhook must be an absolute URL: " + publicUrl);
        }
        this.smsWebhook = publicUrl;
    }

    /**
     * Acts as a Messaging Service with Advanced Opt-Out: keyword texts then also carry {@code OptOutType} (STOP,
     * START or HELP) to the webhook. Off by default, like a plain number.
     */
    public void advancedOptOut(boolean enabled) {
        this.advancedOptOut = enabled;
    }

    /**
     * A fault switch for Twilio's duplicate deliveries: from now on every webhook (an inbound text, a call's TwiML
     * request or {@code <Gather>} action, a status callback) is posted {@code times} times in a row with the same
     * parameters, as Twilio posts one again after a timeout or a failed first try; the last answer is the one played
     * or delivered. Set it back to 1 when done: the emulator is shared.
     *
     * @throws IllegalArgumentException for fewer than 1
     */
    public void deliverEachWebhook(int times) {
        webhooks.deliverEach(times);
    }

    /**
     * Whether phones created from now on wait for a person's input at each Gather (see
     * {@link VirtualPhone#setInteractive}); the local default sets it, so a call started by curl, the bus or a
     * campaign to any number rings a phone the dev phone can answer. Off by default, for tests that script.
     */
    public void setInteractiveByDefault(boolean interactive) {
        this.interactiveByDefault = interactive;
    }

    /** The phone with that number, created on first use. */
    public VirtualPhone phone(String e164) {
        requireE164(e164);
        synchronized (phones) {
            return phones.computeIfAbsent(e164, number -> {
                VirtualPhone phone = new VirtualPhone(number, this);
                phone.setInteractive(interactiveByDefault);
                return phone;
            });
        }
    }

    /**
     * Forgets every phone, with its thread and calls: the next use of a number makes a new phone. For a load that
     * uses a new number for each survey and would otherwise keep them all (the benchmark, between its runs); the
     * REST half's records are {@link LocalTwilioApi#clear}'s.
     */
    public void forgetPhones() {
        synchronized (phones) {
            phones.clear();
        }
    }

    /** Every phone seen so far, by {@link #phone}, a call or a text to it; in order of first sight. */
    public List<VirtualPhone> phones() {
        synchronized (phones) {
            return List.copyOf(phones.values());
        }
    }

    /**
     * Called, on whatever thread made the change, whenever a phone's thread or calls change, so a dev phone page
     * can push updates rather than poll. Keep it quick; it replaces any earlier listener.
     */
    public void onChange(Consumer<VirtualPhone> listener) {
        this.changeListener = Objects.requireNonNull(listener, "listener");
    }

    /** Stops the REST API and every call in progress; calls cut short send no status callback. */
    @Override
    public void close() {
        api.close();
        callThreads.shutdownNow();
    }

    // ---- the network side ----

    private Runnable placed(RecordedCall call) {
        VirtualPhone phone = phone(call.to());
        VoiceCall voiceCall = new VoiceCall(call, phone, webhooks, clock, api.accountSid());
        phone.placed(voiceCall);
        LOG.debug("Call {} to {} placed", call.sid(), call.to());
        if (phone.manual()) {
            return () -> { };
        }
        return () -> {
            try {
                callThreads.execute(voiceCall);
            } catch (RejectedExecutionException e) {
                LOG.debug("Call {} not started: the emulator is closed", call.sid());
            }
        };
    }

    private void sent(RecordedMessage message) {
        String from = message.from() != null ? message.from() : ourNumber;
        VirtualPhone phone = phone(recipient(message));
        if (phone.undeliverable().isPresent()) {
            api.markUndelivered(message.sid(), phone.undeliverable().get());
            LOG.debug("Text {} to {} undelivered, as the phone is set to", message.sid(), phone.number());
            return;
        }
        phone.add(new SmsEntry(Direction.OUTBOUND, from, message.to(), message.body(), clock.instant()));
    }

    /** The number of a message's {@code To}, without a {@code whatsapp:} prefix. */
    private static String recipient(RecordedMessage message) {
        return message.to().startsWith(LocalTwilioApi.WHATSAPP)
                ? message.to().substring(LocalTwilioApi.WHATSAPP.length()) : message.to();
    }

    /**
     * Twilio's delivery reports of a text whose creation named a {@code StatusCallback}: {@code sent} then
     * {@code delivered}, or {@code sent} then {@code undelivered} with the {@code ErrorCode} of a phone set
     * {@linkplain VirtualPhone#setUndeliverable undeliverable}, each signed and posted (its method
     * {@code StatusCallbackMethod}, POST by default) on a thread of its own once the creation was answered, in order. A
     * callback that fails is logged and not sent again, as Twilio does not retry status callbacks.
     */
    private void reportStatus(RecordedMessage message) {
        String callback = first(message, "StatusCallback");
        if (callback == null) {
            return;
        }
        Optional<Integer> failure = phone(recipient(message)).undeliverable();
        try {
            callThreads.execute(() -> {
                postStatus(message, callback, "sent", null);
                postStatus(message, callback, failure.isPresent() ? "undelivered" : "delivered",
                        failure.orElse(null));
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Status callbacks of text {} not sent: the emulator is closed", message.sid());
        }
    }

    private void postStatus(RecordedMessage message, String callback, String status, Integer errorCode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", api.accountSid());
        params.put("ApiVersion", API_VERSION);
        if (errorCode != null) {
            params.put("ErrorCode", Integer.toString(errorCode));
        }
        params.put("From", message.from() != null ? message.from() : ourNumber);
        params.put("MessageSid", message.sid());
        params.put("MessageStatus", status);
        if (message.messagingServiceSid() != null) {
            params.put("MessagingServiceSid", message.messagingServiceSid());
        }
        params.put("SmsSid", message.sid());
        params.put("SmsStatus", status);
        params.put("To", message.to());
        try {
            SignedWebhookClient.Answer answer = webhooks.send(callback, first(message, "StatusCallbackMethod"),
                    params);
            if (!answer.successful()) {
                LOG.warn("Status callback of text {} ({}) answered HTTP {}", message.sid(), status, answer.status());
            }
        } catch (SignedWebhookClient.Unreachable e) {
            LOG.debug("Status callback of text {} ({}) failed: {}", message.sid(), status, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String first(RecordedMessage message, String param) {
        List<String> values = message.params().get(param);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Twilio's side of {@link VirtualPhone#text}; no lock is held while the webhook works. */
    void inbound(VirtualPhone phone, String body) {
        inbound(phone, body, false);
    }

    /**
     * Twilio's side of {@link VirtualPhone#text} and {@link VirtualPhone#whatsApp}: a WhatsApp message comes from
     * {@code whatsapp:+E164} to our number's WhatsApp address, opens the 24-hour window for free-form replies, and
     * gets no carrier keyword handling (STOP is the application's to honour).
     */
    void inbound(VirtualPhone phone, String body, boolean whatsapp) {
        Objects.requireNonNull(body, "body");
        URI webhook = smsWebhook;
        if (webhook == null) {
            throw new IllegalStateException("No SMS webhook is set: call smsWebhook(URI) first, as Twilio's console"
                    + " would have it for our number");
        }
        String prefix = whatsapp ? LocalTwilioApi.WHATSAPP : "";
        phone.add(new SmsEntry(Direction.INBOUND, prefix + phone.number(), prefix + ourNumber, body, clock.instant()));
        String optOutType = whatsapp ? null : keywordHandling(phone, body);
        if (whatsapp) {
            api.whatsAppReceivedFrom(phone.number());
        }

        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("SmsMessageSid", sid);
        params.put("AccountSid", api.accountSid());
        params.put("From", prefix + phone.number());
        params.put("To", prefix + ourNumber);
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("NumSegments", "1");
        params.put("SmsStatus", "received");
        params.put("ApiVersion", API_VERSION);
        if (advancedOptOut && optOutType != null) {
            params.put("OptOutType", optOutType);
        }
        SignedWebhookClient.Answer answer;
        try {
            answer = webhooks.send(webhook.toString(), "POST", params);
        } catch (SignedWebhookClient.Unreachable e) {
            throw new IllegalStateException("The SMS webhook " + webhook + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the SMS webhook " + webhook + " worked", e);
        }
        if (!answer.successful()) {
            throw new IllegalStateException("The SMS webhook " + webhook + " answered HTTP " + answer.status() + ": "
                    + answer.body());
        }
        for (String reply : replies(webhook, answer.body())) {
            if (!whatsapp && api.isOptedOut(phone.number())) {
                // Twilio refuses it with error 21610; the application sees that only in its debugger.
                LOG.debug("Reply to opted-out {} blocked", phone.number());
            } else {
                phone.add(new SmsEntry(Direction.OUTBOUND, prefix + ourNumber, prefix + phone.number(), reply,
                        clock.instant()));
            }
        }
    }

    /** Applies Twilio's default keyword handling; returns the OptOutType for the text, or null for no keyword. */
    private String keywordHandling(VirtualPhone phone, String body) {
        String keyword = body.strip().toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(keyword)) {
            api.optOut(phone.number());
            fromTwilio(phone, UNSUBSCRIBED);
            return "STOP";
        }
        if (START_WORDS.contains(keyword)) {
            api.optIn(phone.number());
            fromTwilio(phone, RESUBSCRIBED);
            return "START";
        }
        if (HELP_WORDS.contains(keyword)) {
            fromTwilio(phone, HELP);
            return "HELP";
        }
        return null;
    }

    private void fromTwilio(VirtualPhone phone, String text) {
        phone.add(new SmsEntry(Direction.OUTBOUND, ourNumber, phone.number(), text, clock.instant()));
    }

    /** The text of each {@code <Message>}: its {@code <Body>} when it has one; an empty answer means no reply. */
    private static List<String> replies(URI webhook, String answer) {
        List<String> replies = new ArrayList<>();
        if (answer == null || answer.isBlank()) {
            return replies;
        }
        Element response;
        try {
            response = TwimlDocuments.response(answer);
        } catch (TwimlDocuments.NotTwiml e) {
            throw new IllegalStateException("The SMS webhook " + webhook + " did not answer TwiML: " + e.getMessage());
        }
        for (Element element : TwimlDocuments.children(response)) {
            if (!"Message".equals(element.getTagName())) {
                continue;
            }
            Element body = TwimlDocuments.children(element).stream()
                    .filter(child -> "Body".equals(child.getTagName())).findFirst().orElse(element);
            String text = body.getTextContent();
            if (!text.isBlank()) {
                replies.add(text);
            }
        }
        return replies;
    }

    void changed(VirtualPhone phone) {
        try {
            changeListener.accept(phone);
        } catch (RuntimeException e) {
            LOG.warn("The emulator's change listener failed", e);
        }
    }

    private static void requireE164(String number) {
        if (number == null || !E164.matcher(number).matches()) {
            throw new IllegalArgumentException("not an E.164 phone number: " + number);
        }
    }
}
