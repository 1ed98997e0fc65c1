package com.surveyrelay.twilio;

import com.surveyrelay.config.SettingRefused;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.metrics.DependencyErrors;
import com.surveyrelay.web.HttpProblem;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * How this service talks to Twilio's REST API: one twilio-java client over a pool of {@value #CONNECTIONS}
 * connections, its time limits and its retries. {@link TwilioGateway} (texts, calls) and {@link TwilioLookups} (what
 * Twilio holds) send their requests through it.
 *
 * <ul>
 *   <li><b>Timeouts:</b> {@value #CONNECT_SECONDS} s to connect and half the webhook budget (5 s by default) for the
 *   answer, on the request and the socket both (twilio-java's own socket default is 30 s, which otherwise wins).
 *   <li><b>Retries</b> (resilience4j): up to {@value #ATTEMPTS} attempts, {@value #FIRST_WAIT_MILLIS} ms apart then
 *   doubling, when the request never reached Twilio (a refused or timed-out connection) or Twilio answered 5xx or
 *   429 (too many requests) within {@value #QUICK_FAILURE_MILLIS} ms; a slower failure is not retried, so retries stay inside the budget.
 *   A request that left but got no answer (a read timeout, a reset) is never retried, since Twilio may have acted on
 *   it, unless it changes nothing ({@link #repeatable}). These are the only retries: twilio-java's and Apache
 *   HttpClient's own are off.
 *   <li><b>Counts:</b> every failed attempt, in {@code survey_relay_dependency_errors_total{dependency="twilio"}}.
 *   <li><b>Credentials:</b> whether Twilio took them at its last answer ({@link TwilioCredentials}, shown by
 *   {@link TwilioHealth}).
 *   <li><b>Reachability:</b> whether Twilio answered the last attempts or failed a streak of them
 *   ({@link TwilioReachability}, shown by {@link TwilioHealth}).
 * </ul>
 */
@Component
public class TwilioRequests {

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

    /** Counts failed attempts; null without a meter registry. */
    private final DependencyErrors errors;
    private final TwilioRestClient client;
    private final TwilioCredentials credentials = new TwilioCredentials();
    private final TwilioReachability reachability = new TwilioReachability(Clock.systemUTC());
    private final Retry retry = Retry.of("twilio", RetryConfig.custom()
            .maxAttempts(ATTEMPTS)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(FIRST_WAIT_MILLIS, 2))
            .retryOnException(failure -> failure instanceof Transient)
            .build());

    /**
     * One Twilio REST client of {@link #CONNECTIONS} pooled connections, for {@code TWILIO_ACCOUNT_SID} and
     * {@code TWILIO_AUTH_TOKEN}, at {@code TWILIO_API_BASE_URL} when set (the local default's Twilio API).
     *
     * @throws SettingRefused when {@code TWILIO_ACCOUNT_SID} is not set, which Spring Boot reports without a stack
     *     trace
     */
    public TwilioRequests(TwilioProperties twilio, SurveyRelayProperties service,
            ObjectProvider<MeterRegistry> metrics) {
        this.errors = metrics.stream().findFirst().map(registry -> new DependencyErrors(registry, "twilio"))
                .orElse(null);
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

    /** Whether Twilio took the credentials at its last answer ({@link TwilioHealth}). */
    TwilioCredentials credentials() {
        return credentials;
    }

    /** Whether Twilio answered the last attempts, or failed a streak of them ({@link TwilioHealth}). */
    TwilioReachability reachability() {
        return reachability;
    }

    /** The client to build twilio-java's requests on ({@code creator.create(client)}). */
    TwilioRestClient client() {
        return client;
    }

    /** A failure worth another attempt: nothing reached Twilio, or Twilio answered 5xx or 429 at once. */
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

    /**
     * Runs a request that acts (a text, a call) with the retries above.
     *
     * @throws ApiConnectionException or {@link ApiException} as twilio-java threw it at the last attempt; see
     *     {@link TwilioErrors} for what it means
     */
    <T> T acting(Supplier<T> request) {
        return withRetries(request, false);
    }

    /**
     * Runs a request that changes nothing when repeated (a read, a hang-up), retried as {@link #acting} is and also
     * when its connection failed at once, and turns its failure into the service's answer.
     *
     * @param what the request as a log and an answer name it ("call status")
     * @param refusal the answer's message when Twilio refused, before the HTTP status and Twilio error code
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502 twilio_not_found} for a 404 with Twilio error 20404, {@code 502 twilio_error} when it
     *     refused otherwise
     */
    <T> T repeatable(String what, String refusal, Supplier<T> request) {
        try {
            return withRetries(request, true);
        } catch (ApiConnectionException e) {
            throw TwilioErrors.unreachable(what, e);
        } catch (ApiException e) {
            throw TwilioErrors.isConnectionFailure(e) ? TwilioErrors.unreachable(what, e)
                    : TwilioErrors.readRefused(refusal, e);
        }
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
                    T answered = request.get();
                    credentials.accepted();
                    reachability.answered();
                    return answered;
                } catch (ApiConnectionException e) {
                    countError("network");
                    reachability.failed(TwilioReachability.Failure.NO_ANSWER);
                    throw unansweredWorthAnotherTry(e, changesNothing, started) ? new Transient(e) : e;
                } catch (ApiException e) {
                    boolean connection = TwilioErrors.isConnectionFailure(e);
                    if (!connection) {
                        credentials.answered(e);
                    }
                    if (connection || failing(e)) {
                        reachability.failed(connection ? TwilioReachability.Failure.NO_ANSWER
                                : TwilioReachability.Failure.answered(e.getStatusCode()));
                    } else if (!TwilioCredentials.refusesCredentials(e)) {
                        // A refusal of the credentials is no sign texts go out again (TwilioCredentials says it):
                        // taken for one, it logged "Twilio answers again" beside the refusal (a breaker's probe).
                        reachability.answered();
                    }
                    countError(connection ? "network" : e.getStatusCode() != null
                            && e.getStatusCode() == 429 ? "throttled" : e.getStatusCode() != null
                            && e.getStatusCode() >= 500 ? "server" : "refused");
                    if (connection) {
                        throw unansweredWorthAnotherTry(e, changesNothing, started) ? new Transient(e) : e;
                    }
                    throw failing(e) && failedAtOnce(started) ? new Transient(e) : e;
                }
            });
        } catch (Transient e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * True when Twilio answered that it failed or is too busy, having done nothing: a 5xx, or 429 (error 20429, the
     * account over its request rate or concurrency), which Twilio asks clients to send again after a short wait. Until
     * 2026-12-05 a 429 was not tried again, and a start met by one blip of the rate limit ended {@code
     * not-delivered:twilio_error}.
     */
    private static boolean failing(ApiException e) {
        Integer status = e.getStatusCode();
        return status != null && (status >= 500 || status == 429);
    }

    /**
     * True when a request Twilio did not answer may go again: it never left, or it changes nothing and failed at once.
     */
    private static boolean unansweredWorthAnotherTry(RuntimeException failure, boolean changesNothing,
            long startedNanos) {
        return TwilioErrors.neverSent(failure) || changesNothing && failedAtOnce(startedNanos);
    }

    /** True when less than {@value #QUICK_FAILURE_MILLIS} ms have passed since {@code startedNanos}. */
    private static boolean failedAtOnce(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000 < QUICK_FAILURE_MILLIS;
    }
}
