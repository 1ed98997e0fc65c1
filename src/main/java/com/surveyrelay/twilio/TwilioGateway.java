package com.surveyrelay.twilio;

import com.surveyrelay.config.SettingRefused;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.util.List;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Supplier;
import org.apache.hc.core5.http.io.SocketConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Places calls and sends texts through twilio-java, inside the time a webhook or a start may take.
 *
 * <ul>
 *   <li><b>Timeouts:</b> {@value #CONNECT_SECONDS} s to connect and half the webhook budget (5 s by default) for the
 *   answer, on the request and the socket both (twilio-java's own socket default is 30 s, which otherwise wins).
 *   <li><b>Retries</b> (resilience4j): up to {@value #ATTEMPTS} attempts, {@value #FIRST_WAIT_MILLIS} ms apart then
 *   doubling, when the request never reached Twilio (a refused or timed-out connection) or Twilio answered 5xx
 *   within {@value #QUICK_FAILURE_MILLIS} ms; a slower failure is not retried, so retries stay inside the budget.
 *   <li><b>Outcome unknown:</b> a request that left but got no answer (a read timeout, a reset) is never retried,
 *   since Twilio may have acted on it: {@code 502 twilio_outcome_unknown}. The caller keeps the survey open and
 *   its idempotency key, so nothing is sent twice.
 *   <li><b>Refusals:</b> an opted-out number (21610) is {@code 422 recipient_opted_out}, an invalid one
 *   {@code 422 invalid_recipient}; other refusals {@code 502 twilio_error}; no connection at all after the
 *   retries {@code 502 twilio_unreachable} (nothing went out).
 * </ul>
 */
@Component
public class TwilioGateway {

    /** Writes a template's {@code ContentVariables}, a JSON object of strings. */
    private static final com.fasterxml.jackson.databind.ObjectMapper VARIABLES =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Counts failed attempts; null without a meter registry. */
    private final com.surveyrelay.metrics.DependencyErrors errors;

    private static final Logger LOG = LoggerFactory.getLogger(TwilioGateway.class);
    static final int CONNECT_SECONDS = 2;
    /** Connections to Twilio's REST API: more than the request threads (32) plus campaign lanes and fallbacks. */
    static final int CONNECTIONS = 64;
    static final int ATTEMPTS = 3;
    /**
     * A pooled connection idle this long (ms) is checked before it is lent again (a 1 ms read that finds the server's
     * close): a server closes a kept-alive connection it has not heard on for a while, and a request sent on it
     * leaves and gets no answer, so a text or call Twilio never saw would be answered {@code twilio_outcome_unknown}.
     * Apache HttpClient's own default is 2 s; a connection busy more often than this is never checked.
     */
    static final long VALIDATE_AFTER_INACTIVITY_MILLIS = 1_000;
    static final long FIRST_WAIT_MILLIS = 200;
    static final long QUICK_FAILURE_MILLIS = 2_000;
    static final int OPTED_OUT = 21610;
    /** Twilio error 63016: a free-form WhatsApp message outside the 24-hour window since the respondent wrote. */
    static final int WHATSAPP_WINDOW_CLOSED = 63016;
    static final List<Integer> INVALID_NUMBER = List.of(21211, 21214, 21217, 21401, 21407, 21612, 21614);

    private final TwilioRestClient client;
    private final TwilioProperties twilio;
    private final Retry retry = Retry.of("twilio", RetryConfig.custom()
            .maxAttempts(ATTEMPTS)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(FIRST_WAIT_MILLIS, 2))
            .retryOnException(failure -> failure instanceof Transient)
            .build());

    /**
     * The gateway over one Twilio REST client of {@link #CONNECTIONS} pooled connections.
     *
     * @throws SettingRefused when {@code TWILIO_ACCOUNT_SID} is not set, which Spring Boot reports without a stack
     *     trace
     */
    public TwilioGateway(TwilioProperties twilio, SurveyRelayProperties service,
            org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> metrics) {
        this.twilio = twilio;
        this.errors = metrics.stream().findFirst()
                .map(registry -> new com.surveyrelay.metrics.DependencyErrors(registry, "twilio")).orElse(null);
        if (twilio.accountSid() == null || twilio.accountSid().isBlank()) {
            throw new SettingRefused("TWILIO_ACCOUNT_SID is not set: texts and calls cannot be sent (the account's "
                    + "sid, AC followed by 32 hex digits, from the Twilio console)");
        }
        // twilio-java's own pool holds 20 connections to api.twilio.com; every request thread may need one at once.
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setSoTimeout(Timeout.of(service.twilioResponseTimeout())).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(VALIDATE_AFTER_INACTIVITY_MILLIS))
                        .build())
                .setMaxConnPerRoute(CONNECTIONS)
                .setMaxConnTotal(CONNECTIONS)
                .build();
        // Apache HttpClient would itself retry a 503 or 429 once after a second's wait, unseen by the retries
        // above and by the error counts, and spend the webhook's budget: the retries above are the only ones.
        HttpClient http = new NetworkHttpClient(HttpClientBuilder.create().useSystemProperties()
                .disableAutomaticRetries()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(CONNECT_SECONDS))
                        .setConnectTimeout(Timeout.ofSeconds(CONNECT_SECONDS))
                        .setResponseTimeout(Timeout.of(service.twilioResponseTimeout()))
                        .build()));
        if (twilio.apiBaseUrl() != null && !twilio.apiBaseUrl().toString().isBlank()) {
            http = new BaseUrlHttpClient(twilio.apiBaseUrl(), http);
        }
        this.client = new TwilioRestClient.Builder(twilio.accountSid(), twilio.authToken())
                .httpClient(new SingleAttemptHttpClient(http)).build();
    }

    /** A failure worth another attempt: nothing reached Twilio, or Twilio answered 5xx at once. */
    private static final class Transient extends RuntimeException {
        Transient(RuntimeException cause) {
            super(cause);
        }
    }

    private void countError(String kind) {
        if (errors != null) {
            errors.count(kind);
        }
    }

    /** Runs one Twilio request with the retries above; unwraps the last transient failure. */
    private <T> T withRetries(Supplier<T> request) {
        return withRetries(request, false);
    }

    /**
     * Runs one Twilio request with the retries above; unwraps the last transient failure.
     *
     * @param changesNothing true for a read: a connection that failed at once (a kept-alive connection the server had
     *     closed, a reset) is tried again though the request may have left, since a second read changes nothing; a
     *     read left without an answer for {@value #QUICK_FAILURE_MILLIS} ms or more is not, to keep a start's time
     */
    private <T> T withRetries(Supplier<T> request, boolean changesNothing) {
        try {
            return retry.executeSupplier(() -> {
                long started = System.nanoTime();
                try {
                    return request.get();
                } catch (ApiConnectionException e) {
                    countError("network");
                    throw unansweredWorthAnotherTry(e, changesNothing, started) ? new Transient(e) : e;
                } catch (ApiException e) {
                    countError(isConnectionFailure(e) ? "network" : e.getStatusCode() != null
                            && e.getStatusCode() == 429 ? "throttled" : e.getStatusCode() != null
                            && e.getStatusCode() >= 500 ? "server" : "refused");
                    if (isConnectionFailure(e)) {
                        throw unansweredWorthAnotherTry(e, changesNothing, started) ? new Transient(e) : e;
                    }
                    throw e.getStatusCode() != null && e.getStatusCode() >= 500 && failedAtOnce(started)
                            ? new Transient(e) : e;
                }
            });
        } catch (Transient e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * True when a request Twilio did not answer may go again: it never left, or it changes nothing and failed at once.
     */
    private static boolean unansweredWorthAnotherTry(RuntimeException failure, boolean changesNothing,
            long startedNanos) {
        return neverSent(failure) || changesNothing && failedAtOnce(startedNanos);
    }

    /** True when less than {@value #QUICK_FAILURE_MILLIS} ms have passed since {@code startedNanos}. */
    private static boolean failedAtOnce(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000 < QUICK_FAILURE_MILLIS;
    }

    /**
     * True for a failure without an answer from Twilio: twilio-java reports an I/O failure as an
     * {@code ApiException} with no status, caused by the {@code IOException}.
     */
    static boolean isConnectionFailure(ApiException e) {
        if (e.getStatusCode() != null) {
            return false;
        }
        for (Throwable each = e.getCause(); each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** True when the request never left: the connection was refused or timed out before anything was sent. */
    static boolean neverSent(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof java.net.ConnectException
                    || each instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Sends a text from the Messaging Service when one is configured, else from our number; returns its SID. */
    public String sendSms(E164 to, String body) {
        try {
            var creator = twilio.messagingServiceSid() != null && !twilio.messagingServiceSid().isBlank()
                    ? Message.creator(new PhoneNumber(to.value()), twilio.messagingServiceSid(), body)
                    : Message.creator(new PhoneNumber(to.value()), new PhoneNumber(twilio.phoneNumber()), body);
            return withRetries(() -> creator.create(client)).getSid();
        } catch (ApiConnectionException e) {
            throw unreachable("text", e);
        } catch (ApiException e) {
            throw isConnectionFailure(e) ? unreachable("text", e) : refusal("text", to, e);
        }
    }

    /**
     * Sends a text on a messaging channel: {@link #sendSms} for SMS, a free-form WhatsApp message from
     * {@code TWILIO_WHATSAPP_NUMBER} for WhatsApp, which Twilio delivers only within 24 hours of the respondent's
     * last message (else error 63016).
     *
     * @return the message's SID
     * @throws HttpProblem as {@link #sendSms}, and {@code 422 whatsapp_not_configured} without a WhatsApp sender
     */
    public String send(Channel channel, E164 to, String body) {
        if (channel != Channel.WHATSAPP) {
            return sendSms(to, body);
        }
        requireWhatsApp();
        return sendMessage("WhatsApp message", to, () -> Message.creator(new PhoneNumber(channel.address(to)),
                new PhoneNumber(Channel.WHATSAPP.address(new E164(twilio.whatsappNumber()))), body));
    }

    /**
     * Opens a WhatsApp conversation with the approved template {@code TWILIO_WHATSAPP_CONTENT_SID}, its variable
     * {@code 1} set to {@code text}: WhatsApp refuses a business-initiated message that is not a template.
     *
     * @return the message's SID
     * @throws HttpProblem as {@link #send}
     */
    public String sendWhatsAppTemplate(E164 to, String text) {
        requireWhatsApp();
        String variables;
        try {
            variables = VARIABLES.writeValueAsString(java.util.Map.of("1", text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always JSON", e);
        }
        return sendMessage("WhatsApp template", to, () -> Message.creator(
                new PhoneNumber(Channel.WHATSAPP.address(to)),
                new PhoneNumber(Channel.WHATSAPP.address(new E164(twilio.whatsappNumber()))), (String) null)
                .setContentSid(twilio.whatsappContentSid()).setContentVariables(variables));
    }

    /**
     * Refuses a WhatsApp survey before anything is stored or sent when the service has no WhatsApp sender.
     *
     * @throws HttpProblem {@code 422 whatsapp_not_configured}
     */
    public void requireWhatsApp() {
        if (!twilio.whatsappConfigured()) {
            throw new HttpProblem(422, "whatsapp_not_configured", "This service has no WhatsApp sender: set "
                    + "TWILIO_WHATSAPP_NUMBER and TWILIO_WHATSAPP_CONTENT_SID.");
        }
    }

    private String sendMessage(String what, E164 to, Supplier<MessageCreator> creator) {
        try {
            MessageCreator message = creator.get();
            return withRetries(() -> message.create(client)).getSid();
        } catch (ApiConnectionException e) {
            throw unreachable(what, e);
        } catch (ApiException e) {
            throw isConnectionFailure(e) ? unreachable(what, e) : refusal(what, to, e);
        }
    }

    /**
     * A call Twilio created, as {@link #placeCall} placed it.
     *
     * @param sid the call's sid, from Twilio's answer to the creation
     * @param retriedAfterError true when an earlier attempt of the same creation was answered with a 5xx and sent
     *     again: Twilio may have placed that attempt's call too, with the same URLs, and its sid is not known
     */
    public record CallCreation(String sid, boolean retriedAfterError) {
    }

    /**
     * Places a call that fetches its first TwiML from {@code url} and reports its end to {@code statusCallback}.
     *
     * @return the call's sid, and whether an attempt before the one Twilio accepted was answered 5xx (see
     *     {@link CallCreation})
     * @throws HttpProblem {@code 502 twilio_unreachable} when Twilio could not be reached, {@code 502
     *     twilio_outcome_unknown} when it did not answer, and Twilio's refusal otherwise ({@code twilio_error}, an
     *     invalid or opted-out number)
     */
    public CallCreation placeCall(E164 to, URI url, URI statusCallback) {
        java.util.concurrent.atomic.AtomicBoolean answeredError = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            var creator = Call.creator(new PhoneNumber(to.value()), new PhoneNumber(twilio.phoneNumber()), url)
                    .setMethod(HttpMethod.POST)
                    .setStatusCallback(statusCallback)
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .setStatusCallbackEvent(List.of("completed"));
            Call call = withRetries(() -> {
                try {
                    return creator.create(client);
                } catch (ApiException e) {
                    // The only failure of a creation that left and is sent again (withRetries): a 5xx at once.
                    if (e.getStatusCode() != null && e.getStatusCode() >= 500) {
                        answeredError.set(true);
                    }
                    throw e;
                }
            });
            return new CallCreation(call.getSid(), answeredError.get());
        } catch (ApiConnectionException e) {
            throw unreachable("call", e);
        } catch (ApiException e) {
            throw isConnectionFailure(e) ? unreachable("call", e) : refusal("call", to, e);
        }
    }

    /**
     * What Twilio says of a call now: its {@code Call} resource's {@code status}, in the words of a status
     * callback's {@code CallStatus} ({@code queued}, {@code ringing}, {@code in-progress}, {@code completed},
     * {@code busy}, {@code failed}, {@code no-answer}, {@code canceled}). A read changes nothing, so it is retried
     * as a call's creation is and also when its connection failed at once; a read left without an answer is simply
     * not known.
     *
     * @param callSid the sid {@link #placeCall} returned
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value #NOT_FOUND} when it answered 404 with Twilio error 20404 (a sid it does not
     *     know, or, under a wrong account SID, every URL of the account), {@code 502 twilio_error} when it refused
     *     otherwise
     */
    public String callStatus(String callSid) {
        Call.Status status = read("call status", "Twilio refused to say how the call is",
                () -> Call.fetcher(callSid).fetch(client)).getStatus();
        if (status == null) {
            throw new HttpProblem(502, "twilio_error", "Twilio's answer named no status for the call.");
        }
        return status.toString();
    }

    /**
     * Hangs up a call now: {@code POST .../Calls/<callSid>.json} with {@code Status=completed}, which ends a call in
     * progress (a ringing or queued one is {@code canceled} by Twilio). Asked twice it changes nothing more, so it is
     * retried as {@link #callStatus} is.
     *
     * @param callSid the call's sid ({@code CA} and 32 hex digits)
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value #NOT_FOUND} for a sid Twilio does not know (404, Twilio error 20404),
     *     {@code 502 twilio_error} when it refused otherwise
     */
    public void hangUp(String callSid) {
        read("hang-up", "Twilio refused to hang up the call",
                () -> Call.updater(callSid).setStatus(Call.UpdateStatus.COMPLETED).update(client));
    }

    /**
     * Runs a Twilio read (or a request that changes nothing when repeated), retried as a call's creation is and also
     * when its connection failed at once, and turns its failure into the service's answer.
     *
     * @param what the request as a log and an answer name it ("call status")
     * @param refusal the answer's message when Twilio refused, before the HTTP status and Twilio error code
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value #NOT_FOUND} for a 404 with Twilio error 20404, {@code 502 twilio_error} when it
     *     refused otherwise
     */
    private <T> T read(String what, String refusal, Supplier<T> request) {
        try {
            return withRetries(request, true);
        } catch (ApiConnectionException e) {
            throw unreachable(what, e);
        } catch (ApiException e) {
            if (isConnectionFailure(e)) {
                throw unreachable(what, e);
            }
            if (Integer.valueOf(404).equals(e.getStatusCode())
                    && Integer.valueOf(RESOURCE_NOT_FOUND).equals(e.getCode())) {
                throw new HttpProblem(502, NOT_FOUND, refusal + ": it knows no such resource (HTTP 404, Twilio error "
                        + RESOURCE_NOT_FOUND + ").");
            }
            throw new HttpProblem(502, "twilio_error", refusal + " (HTTP " + e.getStatusCode()
                    + (e.getCode() == null ? "" : ", Twilio error " + e.getCode()) + ").");
        }
    }

    /**
     * A call Twilio holds, as its list of calls names it: the call's sid and its {@code status} in the words of
     * {@link #callStatus}.
     */
    public record PlacedCall(String sid, String status) {
    }

    /**
     * The newest call from our number to {@code to} that Twilio created at or after {@code since}, read from one page
     * of Twilio's call list ({@code GET .../Calls.json?To=&From=}, {@value #CALLS_LISTED} calls, newest first), for a
     * call whose creation Twilio never answered: the call may or may not exist, and its sid is not known. Retried as
     * {@link #callStatus} is.
     *
     * @param since when the call was about to be created, less a margin for the clocks (Twilio's {@code date_created}
     *     is to the second)
     * @return the call, or empty when Twilio holds none to the number since then: the call was never created
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502 twilio_error} when it refused
     */
    public java.util.Optional<PlacedCall> lastCallTo(E164 to, java.time.Instant since) {
        return callsCreatedSince(to, since).findFirst().map(DatedCall::call);
    }

    /**
     * The calls from our number to {@code to} that Twilio created at or after {@code since}, newest first, read as
     * {@link #lastCallTo} reads them (one page, {@value #CALLS_LISTED} calls): for a call whose creation may have
     * placed two.
     *
     * @throws HttpProblem as {@link #lastCallTo}
     */
    public List<PlacedCall> callsTo(E164 to, java.time.Instant since) {
        return callsCreatedSince(to, since).map(DatedCall::call).toList();
    }

    private record DatedCall(PlacedCall call, java.time.Instant created) {
    }

    private java.util.stream.Stream<DatedCall> callsCreatedSince(E164 to, java.time.Instant since) {
        var reader = Call.reader().setTo(new PhoneNumber(to.value()))
                .setFrom(new PhoneNumber(twilio.phoneNumber())).setPageSize((long) CALLS_LISTED);
        com.twilio.base.Page<Call> page = read("call list", "Twilio refused to list the calls to the number",
                () -> reader.firstPage(client));
        return page.getRecords().stream()
                .filter(call -> call.getDateCreated() != null && call.getStatus() != null
                        && !call.getDateCreated().toInstant().isBefore(since))
                .map(call -> new DatedCall(new PlacedCall(call.getSid(), call.getStatus().toString()),
                        call.getDateCreated().toInstant()))
                .sorted(java.util.Comparator.comparing(DatedCall::created).reversed());
    }

    /** The calls a list page asks for: a number has one survey call at a time, so the newest few are enough. */
    static final int CALLS_LISTED = 20;

    /**
     * A text Twilio holds, as its list of messages names it: the message's sid and its {@code status} ({@code queued},
     * {@code sending}, {@code sent}, {@code delivered}, {@code undelivered}, {@code failed}, ...).
     */
    public record SentText(String sid, String status) {

        /** True unless Twilio says it could not send it ({@code failed}) or the carrier did not deliver it. */
        public boolean mayHaveArrived() {
            return !"failed".equals(status) && !"undelivered".equals(status);
        }
    }

    /**
     * The texts to {@code to} from our sender that Twilio created at or after {@code since}, from one page of Twilio's
     * message list ({@code GET .../Messages.json?To=&From=}, newest first, {@value #CALLS_LISTED} messages): for a
     * first text whose creation Twilio never answered. Filtered here by {@code date_created}, not by Twilio's
     * {@code DateSent>}: a text still {@code queued} (a Messaging Service's queue, a sender's rate) has no
     * {@code date_sent} and that filter would leave it out, so the number would be freed and texted twice. A text
     * without a creation date counts. {@code From} is our number; with a Messaging Service Twilio picks the sender from
     * its pool, so the list is not filtered by sender (any text to the number counts). Retried as {@link #callStatus}
     * is.
     *
     * @param since when the text was about to be sent, less a margin for the clocks
     * @return the texts, newest first; empty when Twilio holds none since then
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value #NOT_FOUND} or {@code twilio_error} when it refused
     */
    public List<SentText> textsTo(E164 to, java.time.Instant since) {
        var reader = Message.reader().setTo(new PhoneNumber(to.value())).setPageSize((long) CALLS_LISTED);
        if (twilio.messagingServiceSid() == null || twilio.messagingServiceSid().isBlank()) {
            reader.setFrom(new PhoneNumber(twilio.phoneNumber()));
        }
        com.twilio.base.Page<Message> page = read("message list", "Twilio refused to list the texts to the number",
                () -> reader.firstPage(client));
        return page.getRecords().stream()
                .filter(message -> message.getDateCreated() == null
                        || !message.getDateCreated().toInstant().isBefore(since))
                .map(message -> new SentText(message.getSid(), String.valueOf(message.getStatus())))
                .toList();
    }

    private static HttpProblem unreachable(String what, RuntimeException e) {
        if (neverSent(e)) {
            LOG.warn("Twilio could not be reached for a {} after {} attempts: {}", what, ATTEMPTS, e.getMessage());
            return new TwilioFailure(TWILIO_UNREACHABLE, "Twilio could not be reached; the " + what
                    + " did not go out.", true);
        }
        LOG.warn("Twilio did not answer a {} request: {}", what, e.getMessage());
        return new HttpProblem(502, OUTCOME_UNKNOWN, "Twilio did not answer (the request timed out, or its "
                + "connection was reset), so the " + what + " may or may not have gone out. The survey stays open "
                + "for a reply and keeps the number: a retry is refused survey_in_progress, or, under the same "
                + "Idempotency-Key, sends nothing again.");
    }

    /**
     * The code of a read Twilio answered 404 with error {@value #RESOURCE_NOT_FOUND}: it knows no such resource, or
     * (a wrong account SID) none of the account's.
     */
    public static final String NOT_FOUND = "twilio_not_found";
    /** Twilio's error code for "The requested resource ... was not found". */
    static final int RESOURCE_NOT_FOUND = 20404;
    /** The code of a request that never reached Twilio. */
    public static final String TWILIO_UNREACHABLE = "twilio_unreachable";
    /** The code of a request that left without an answer: it may have gone out. */
    public static final String OUTCOME_UNKNOWN = "twilio_outcome_unknown";

    /** Seven to fifteen digits, with a plus or not: a phone number in Twilio's own words. */
    private static final java.util.regex.Pattern NUMBER_IN_TEXT = java.util.regex.Pattern.compile("\\+?[0-9]{7,15}");

    /**
     * Twilio's error message with every phone number in it masked to its last four digits: error 21211 reads "The 'To'
     * number +15005550001 is not a valid phone number", and no full number goes to a log above DEBUG.
     */
    static String withNumbersMasked(String message) {
        if (message == null) {
            return null;
        }
        return NUMBER_IN_TEXT.matcher(message).replaceAll(found -> "***"
                + found.group().substring(found.group().length() - 4));
    }

    /**
     * What Twilio's error answer to a text or call (after the retries above) means for the caller, logged at WARN with
     * the number masked. A 5xx or 429 is Twilio failing, not refusing: it is said so, with the HTTP status, so that an
     * operator reads an outage as one (until 2026-12-05 it read "Twilio refused").
     *
     * @return 422 for Twilio's refusals that name the recipient (opted out, WhatsApp window closed, invalid number),
     *     else a {@link TwilioFailure} {@code 502 twilio_error}, worth retrying when Twilio failed (5xx, 429)
     */
    static HttpProblem refusal(String what, E164 to, ApiException e) {
        Integer code = e.getCode();
        Integer status = e.getStatusCode();
        boolean failing = status != null && (status >= 500 || status == 429);
        if (failing) {
            LOG.warn("Twilio failed a {} to {}: HTTP {}, code {} ({})", what, to, status, code,
                    withNumbersMasked(e.getMessage()));
            return new TwilioFailure("twilio_error", "Twilio failed the " + what + ": it answered HTTP " + status
                    + (code == null ? "" : " (Twilio error " + code + ")") + ", so nothing went out; try again later.",
                    true);
        }
        LOG.warn("Twilio refused a {} to {}: code {} ({})", what, to, code, withNumbersMasked(e.getMessage()));
        if (code != null && code == OPTED_OUT) {
            return new HttpProblem(422, "recipient_opted_out",
                    "The recipient has opted out of messages from this sender (Twilio error 21610).");
        }
        if (code != null && code == WHATSAPP_WINDOW_CLOSED) {
            return new HttpProblem(422, "whatsapp_window_closed", "WhatsApp takes a free-form message only within 24 "
                    + "hours of the respondent's last message (Twilio error 63016).");
        }
        if (code != null && INVALID_NUMBER.contains(code)) {
            return new HttpProblem(422, "invalid_recipient",
                    "Twilio cannot reach that number (Twilio error " + code + ").");
        }
        return new TwilioFailure("twilio_error", "Twilio refused the " + what
                + (code == null ? "." : " (Twilio error " + code + ")."), false);
    }
}
