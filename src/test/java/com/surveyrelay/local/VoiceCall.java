package com.surveyrelay.local;

import static com.surveyrelay.local.TwimlDocuments.attribute;
import static com.surveyrelay.local.TwimlDocuments.children;

import com.surveyrelay.local.LocalTwilioApi.RecordedCall;
import com.surveyrelay.local.TranscriptEntry.Kind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * One outbound call, played the way Twilio plays it: fetch the call's URL, perform the TwiML verb by verb, follow
 * a Gather's action or a Redirect to the next document, and report the end to the status callback. It runs on its
 * own thread; readers take {@link #snapshot() snapshots}.
 */
final class VoiceCall implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceCall.class);
    // Twilio's own cap on TwiML documents per call is far higher; 100 already means a Redirect loop.
    static final int MAX_DOCUMENTS = 100;
    private static final int DEFAULT_GATHER_TIMEOUT = 5;
    private static final String DEFAULT_LANGUAGE = "en-US";
    private static final String DEFAULT_VOICE = "man";
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    /** The next TwiML request: an absolute public URL, or, for a call placed with inline TwiML, that TwiML. */
    private record Request(String url, String method, Map<String, String> params, String inlineTwiml) {
    }

    /** Thrown where the TwiML itself is wrong: Twilio plays its application error and hangs up. */
    private static final class InvalidTwiml extends RuntimeException {

        InvalidTwiml(String message) {
            super(message, null, false, false);
        }
    }

    private final RecordedCall placed;
    private final VirtualPhone phone;
    private final SignedWebhookClient webhooks;
    private final Clock clock;
    private final String accountSid;
    private final Instant started;
    private final List<String> statusEvents;
    private final List<TranscriptEntry> transcript = new ArrayList<>();
    private String status = "queued";
    private Instant ended;
    private volatile boolean hangUpRequested;
    private boolean callerHangUpRecorded;
    private int sequenceNumber;
    /**
     * What answering-machine detection found, told in the first request and again in the {@code completed} status
     * callback, as Twilio adds {@code AnsweredBy} to the status callbacks of a call placed with it; null without it.
     */
    private volatile String answeredBy;

    VoiceCall(RecordedCall placed, VirtualPhone phone, SignedWebhookClient webhooks, Clock clock, String accountSid) {
        this.placed = placed;
        this.phone = phone;
        this.webhooks = webhooks;
        this.clock = clock;
        this.accountSid = accountSid;
        this.started = clock.instant();
        List<String> events = placed.statusCallbackEvents().stream()
                .flatMap(value -> Arrays.stream(value.trim().split("\\s+")))
                .filter(event -> !event.isEmpty())
                .map(event -> event.toLowerCase(Locale.ROOT))
                .toList();
        // Twilio's default when StatusCallbackEvent is not given at all.
        this.statusEvents = events.isEmpty() ? List.of("completed") : events;
    }

    String sid() {
        return placed.sid();
    }

    synchronized CallRecord snapshot() {
        return new CallRecord(placed.sid(), placed.from(), placed.to(), status, transcript, started, ended);
    }

    /** The phone hangs up: the call ends before its next verb, or at once when a Gather is waiting. */
    void requestHangUp() {
        hangUpRequested = true;
    }

    boolean hangUpRequested() {
        return hangUpRequested;
    }

    @Override
    public void run() {
        Instant answered = null;
        String finalStatus = "completed";
        phone.attach(this);
        try {
            statusCallback("initiated", "initiated", null);
            setStatus("ringing");
            statusCallback("ringing", "ringing", null);
            if (!phone.answers()) {
                finalStatus = "no-answer";
            } else {
                answered = clock.instant();
                setStatus("in-progress");
                statusCallback("answered", "in-progress", null);
                play();
            }
        } catch (InterruptedException e) {
            // The emulator is closing: nobody is left to tell.
            record(Kind.ERROR, "the emulator closed during the call");
            Thread.currentThread().interrupt();
            phone.detach(this);
            publishEnd(finalStatus, clock.instant());
            return;
        } catch (RuntimeException e) {
            LOG.warn("Call {} broke the emulator", placed.sid(), e);
            record(Kind.ERROR, "emulator failure: " + e);
        }
        Instant end = clock.instant();
        phone.detach(this);
        long seconds = answered == null ? 0 : Duration.between(answered, end).toSeconds();
        try {
            statusCallback("completed", finalStatus, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishEnd(finalStatus, end);
    }

    private void play() throws InterruptedException {
        try {
            Request next = firstRequest();
            int documents = 0;
            while (next != null) {
                if (callerHungUp()) {
                    return;
                }
                if (++documents > MAX_DOCUMENTS) {
                    applicationError("more than " + MAX_DOCUMENTS + " TwiML documents in one call (a Redirect loop?)");
                    return;
                }
                Element response = fetch(next);
                if (response == null || callerHungUp()) {
                    return;
                }
                next = perform(response, next.url());
            }
        } catch (InvalidTwiml e) {
            applicationError(e.getMessage());
        }
    }

    private Request firstRequest() {
        if (placed.url() != null) {
            // Twilio's answering-machine detection tells the first request alone who answered.
            answeredBy = placed.params().containsKey("MachineDetection") ? phone.answeredBy() : null;
            Map<String, String> params = answeredBy != null ? Map.of("AnsweredBy", answeredBy) : Map.of();
            return new Request(placed.url(), method(placed.method()), params, null);
        }
        String twiml = placed.params().getOrDefault("Twiml", List.of()).stream().findFirst().orElse(null);
        if (twiml == null) {
            throw new InvalidTwiml("the call has neither Url nor Twiml (applications are not emulated)");
        }
        return new Request(null, null, Map.of(), twiml);
    }

    /** The document's {@code <Response>}, or null after recording why Twilio would give up. */
    private Element fetch(Request request) throws InterruptedException {
        String xml;
        if (request.inlineTwiml() != null) {
            xml = request.inlineTwiml();
        } else {
            Map<String, String> params = standardParams("in-progress");
            params.putAll(request.params());
            SignedWebhookClient.Answer answer;
            try {
                answer = webhooks.send(request.url(), request.method(), params);
            } catch (SignedWebhookClient.Unreachable e) {
                return applicationError("could not reach " + request.url() + ": " + e.getMessage());
            }
            if (!answer.successful()) {
                return applicationError("HTTP " + answer.status() + " from " + request.url());
            }
            xml = answer.body();
        }
        try {
            return TwimlDocuments.response(xml);
        } catch (TwimlDocuments.NotTwiml e) {
            return applicationError("the answer from " + (request.url() == null ? "the call's Twiml" : request.url())
                    + " is not TwiML: " + e.getMessage());
        }
    }

    private Element applicationError(String reason) {
        LOG.warn("Call {} ended with an application error: {}", placed.sid(), reason);
        record(Kind.ERROR, reason);
        return null;
    }

    /** Performs the verbs of one document; returns the next request, or null when the call is over. */
    private Request perform(Element response, String documentUrl) throws InterruptedException {
        for (Element verb : children(response)) {
            if (callerHungUp()) {
                return null;
            }
            switch (verb.getTagName()) {
                case "Say", "Play", "Pause" -> prompt(verb, documentUrl);
                case "Gather" -> {
                    GatherResult result = gather(verb, documentUrl);
                    if (result.over()) {
                        return null;
                    }
                    if (result.next() != null) {
                        return result.next();
                    }
                }
                case "Redirect" -> {
                    String url = resolve(requireText(verb), documentUrl);
                    record(Kind.REDIRECT, url);
                    return new Request(url, method(attribute(verb, "method", null)), Map.of(), null);
                }
                case "Hangup" -> {
                    record(Kind.HANGUP, null);
                    return null;
                }
                default -> throw new InvalidTwiml("<" + verb.getTagName() + "> is not a verb the emulator plays");
            }
        }
        record(Kind.HANGUP, "end of TwiML");
        return null;
    }

    private void prompt(Element verb, String documentUrl) {
        switch (verb.getTagName()) {
            case "Say" -> {
                String text = TwimlDocuments.text(verb);
                String language = attribute(verb, "language", DEFAULT_LANGUAGE);
                String voice = attribute(verb, "voice", DEFAULT_VOICE);
                for (int i = 0; i < loops(verb); i++) {
                    record(new TranscriptEntry(Kind.SAY, text, language, voice, clock.instant()));
                }
            }
            case "Play" -> {
                String text = TwimlDocuments.text(verb);
                String played = text.isEmpty() && verb.hasAttribute("digits")
                        ? "digits " + verb.getAttribute("digits") : resolve(requireText(verb), documentUrl);
                for (int i = 0; i < loops(verb); i++) {
                    record(Kind.PLAY, played);
                }
            }
            case "Pause" -> record(Kind.PAUSE, Integer.toString(integer(verb, "length", 1, 0)));
            default -> throw new InvalidTwiml("<" + verb.getTagName() + "> cannot be nested in <Gather>");
        }
    }

    /** Either the next request, or the call is over, or neither: fall through to the next verb. */
    private record GatherResult(Request next, boolean over) {
    }

    private GatherResult gather(Element gather, String documentUrl) throws InterruptedException {
        Set<String> input = new LinkedHashSet<>(Arrays.asList(
                attribute(gather, "input", "dtmf").trim().toLowerCase(Locale.ROOT).split("\\s+")));
        if (!Set.of("dtmf", "speech").containsAll(input)) {
            throw new InvalidTwiml("<Gather input=\"" + gather.getAttribute("input") + "\"> is not dtmf and/or speech");
        }
        Integer numDigits = gather.hasAttribute("numDigits") ? integer(gather, "numDigits", 1, 1) : null;
        int timeout = integer(gather, "timeout", DEFAULT_GATHER_TIMEOUT, 0);
        String action = resolve(attribute(gather, "action", ""), documentUrl);
        String method = method(attribute(gather, "method", null));
        String language = attribute(gather, "language", DEFAULT_LANGUAGE);
        String finishOnKey = attribute(gather, "finishOnKey", "#");
        boolean actionOnEmptyResult = Boolean.parseBoolean(attribute(gather, "actionOnEmptyResult", "false"));
        for (Element nested : children(gather)) {
            if (callerHungUp()) {
                return new GatherResult(null, true);
            }
            prompt(nested, documentUrl);
        }
        if (callerHungUp()) {
            return new GatherResult(null, true);
        }
        CallAction heard = phone.nextAction(this, timeout);
        Map<String, String> params = new LinkedHashMap<>();
        if (heard instanceof CallAction.HangUp) {
            hangUpRequested = true;
            callerHungUp();
            return new GatherResult(null, true);
        } else if (heard instanceof CallAction.Press press) {
            String digits = press.digits();
            int finish = finishOnKey.isEmpty() ? -1 : digits.indexOf(finishOnKey);
            if (finish >= 0) {
                digits = digits.substring(0, finish);
            }
            if (numDigits != null && digits.length() > numDigits) {
                digits = digits.substring(0, numDigits);
            }
            if (!input.contains("dtmf")) {
                record(Kind.SILENCE, "pressed " + press.digits() + ", but the Gather listens for speech only");
            } else if (digits.isEmpty()) {
                record(Kind.SILENCE, "pressed " + press.digits() + ", which finishes the input before any digit");
            } else {
                record(Kind.PRESSED, digits);
                params.put("Digits", digits);
            }
        } else if (heard instanceof CallAction.Speak speak) {
            if (!input.contains("speech")) {
                record(Kind.SILENCE, "said \"" + speak.words() + "\", but the Gather takes keys only");
            } else {
                record(new TranscriptEntry(Kind.SPOKE, speak.words(), language, null, clock.instant()));
                params.put("SpeechResult", speak.words());
                params.put("Confidence", Double.toString(speak.confidence()));
            }
        } else {
            record(Kind.SILENCE, null);
        }
        if (params.isEmpty() && !actionOnEmptyResult) {
            return new GatherResult(null, false);
        }
        return new GatherResult(new Request(action, method, params, null), false);
    }

    /** True once the phone has hung up; records that the first time it is noticed. */
    private boolean callerHungUp() {
        if (!hangUpRequested) {
            return false;
        }
        synchronized (this) {
            if (!callerHangUpRecorded) {
                callerHangUpRecorded = true;
                transcript.add(new TranscriptEntry(Kind.CALLER_HANGUP, null, null, null, clock.instant()));
            }
        }
        phone.changed();
        return true;
    }

    private void statusCallback(String event, String callStatus, Long durationSeconds) throws InterruptedException {
        if (placed.statusCallback() == null || !statusEvents.contains(event)) {
            return;
        }
        if (phone.statusCallbacksLost()) {
            LOG.debug("Status callback of call {} ({}) lost, as the phone is set to", placed.sid(), event);
            return;
        }
        Map<String, String> params = standardParams(callStatus);
        if (durationSeconds != null) {
            params.put("CallDuration", Long.toString(durationSeconds));
        }
        if ("completed".equals(callStatus) && answeredBy != null) {
            params.put("AnsweredBy", answeredBy);
        }
        params.put("CallbackSource", "call-progress-events");
        params.put("SequenceNumber", Integer.toString(sequenceNumber++));
        params.put("Timestamp", RFC_2822.format(clock.instant()));
        try {
            String method = method(placed.params().getOrDefault("StatusCallbackMethod", List.of()).stream()
                    .findFirst().orElse(null));
            SignedWebhookClient.Answer answer = webhooks.send(placed.statusCallback(), method, params);
            if (!answer.successful()) {
                LOG.warn("Status callback of call {} ({}) answered HTTP {}", placed.sid(), event, answer.status());
            }
        } catch (SignedWebhookClient.Unreachable | InvalidTwiml e) {
            LOG.warn("Status callback of call {} ({}) failed: {}", placed.sid(), event, e.getMessage());
        }
    }

    private Map<String, String> standardParams(String callStatus) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("ApiVersion", TwilioEmulator.API_VERSION);
        params.put("CallSid", placed.sid());
        params.put("CallStatus", callStatus);
        params.put("Called", placed.to());
        params.put("Caller", placed.from());
        params.put("Direction", "outbound-api");
        params.put("From", placed.from());
        params.put("To", placed.to());
        return params;
    }

    private void setStatus(String status) {
        synchronized (this) {
            this.status = status;
        }
        phone.changed();
    }

    private void publishEnd(String finalStatus, Instant end) {
        synchronized (this) {
            status = finalStatus;
            ended = end;
        }
        LOG.debug("Call {} to {} is {}", placed.sid(), placed.to(), finalStatus);
        phone.changed();
    }

    private void record(Kind kind, String text) {
        record(new TranscriptEntry(kind, text, null, null, clock.instant()));
    }

    private void record(TranscriptEntry entry) {
        synchronized (this) {
            transcript.add(entry);
        }
        phone.changed();
    }

    private static int loops(Element verb) {
        // loop="0" means "until the call ends"; with no clock to run out, once is the honest rendering.
        return Math.max(1, integer(verb, "loop", 1, 0));
    }

    private static int integer(Element element, String name, int fallback, int minimum) {
        String value = attribute(element, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, like any other out-of-range value.
        }
        throw new InvalidTwiml("<" + element.getTagName() + " " + name + "=\"" + value + "\"> is not a whole number"
                + " from " + minimum);
    }

    private static String method(String method) {
        if (method == null || method.isBlank()) {
            return "POST";
        }
        String upper = method.trim().toUpperCase(Locale.ROOT);
        if (!upper.equals("POST") && !upper.equals("GET")) {
            throw new InvalidTwiml("method \"" + method + "\" is neither GET nor POST");
        }
        return upper;
    }

    private static String requireText(Element verb) {
        String text = verb.getTextContent().trim();
        if (text.isEmpty()) {
            throw new InvalidTwiml("<" + verb.getTagName() + "> has no URL");
        }
        return text;
    }

    /** Resolves against the current document's URL, as Twilio does; an empty reference is that URL itself. */
    private static String resolve(String reference, String documentUrl) {
        try {
            String trimmed = reference.trim();
            if (!trimmed.isEmpty() && URI.create(trimmed).isAbsolute()) {
                return trimmed;
            }
            if (documentUrl == null) {
                throw new InvalidTwiml("\"" + trimmed + "\" is relative, but the call's TwiML came inline");
            }
            if (trimmed.isEmpty()) {
                return documentUrl;
            }
            if (trimmed.startsWith("?")) {
                // java.net.URI resolves a query-only reference by RFC 2396, dropping the last path segment.
                int query = documentUrl.indexOf('?');
                return (query < 0 ? documentUrl : documentUrl.substring(0, query)) + trimmed;
            }
            return URI.create(documentUrl).resolve(trimmed).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidTwiml("\"" + reference + "\" is not a valid URL");
        }
    }
}
