package com.surveyrelay.initiation;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.web.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * Admits a start request only with one of the configured keys, as {@code Authorization: Bearer <key>} or
 * {@code X-Api-Key}. The original's initiation APIs were open to anyone who found the URL: each request
 * costs a call or a text and reaches a real person. With no key configured, nothing is admitted. A key in the URL's
 * query or in a form body is not one: URLs end up in proxies' and servers' access logs.
 */
@Component("apiKeyGuard")
public class ApiKeyGuard implements Processor {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiKeyGuard.class);
    private static final String BEARER = "Bearer ";
    /** The exchange property with the admitted key's fingerprint. */
    public static final String KEY_FINGERPRINT = "apiKeyFingerprint";

    private final List<byte[]> keys;
    private final InitiationRateLimits limits;

    public ApiKeyGuard(SurveyRelayProperties settings, InitiationRateLimits limits) {
        this.keys = settings.apiKeys().stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
        this.limits = limits;
        warnWhenNone(settings.apiKeys());
    }

    /**
     * One WARN at start when no key is configured: every API call is then refused {@code 401 invalid_api_key}, which
     * tells a caller nothing of the cause (nor should it). Until 2026-12-07 the start said nothing, and an operator
     * who forgot {@code SURVEY_API_KEYS} met only the callers' 401s (an operator's probe).
     *
     * @return whether it warned
     */
    static boolean warnWhenNone(List<String> configured) {
        if (!configured.isEmpty()) {
            return false;
        }
        // Set to blanks (" , ") it names no key either: "is not set" misled (an operator's probe, 2026-12-07).
        LOG.warn("SURVEY_API_KEYS (survey-relay.api-keys) is not set, or names no key: every API call (starts, "
                + "surveys, results, campaigns, respondent requests) is refused 401 until it names at least one key");
        return true;
    }

    /**
     * Admits the request or throws: {@code 401 missing_api_key | invalid_api_key} (also for two different {@code
     * X-Api-Key} headers), or {@code 429 rate_limited}
     * when the client address (the TCP peer: behind a proxy, the proxy's) sent too many wrong keys this minute (a
     * missing key is no guess, and is not counted)
     * ({@link InitiationRateLimits}). An admitted
     * request carries the key's fingerprint (never the key) as the exchange property {@value #KEY_FINGERPRINT},
     * for the start rate limit.
     */
    @Override
    public void process(Exchange exchange) {
        // platform-http's message (the guard is a route's first step, before a bean replaces it); it is not an
        // HttpMessage, so checking for that one counted every client's wrong keys against one address, "unknown".
        PlatformHttpMessage http = exchange.getMessage() instanceof PlatformHttpMessage message ? message : null;
        String address = http == null ? "unknown" : http.getRequest().getRemoteAddr();
        limits.requireAddressInGoodStanding(address);
        // From the HTTP request's own headers only: Camel's message headers also hold the query's and a form body's
        // parameters, so "?X-Api-Key=<key>" would be admitted, with the key written in every access log on its way.
        // A message that is no longer the request's (a step moved before this guard) has no key: it fails closed.
        String header = http == null ? null : http.getRequest().getHeader("X-Api-Key");
        if (http != null && distinctValues(http.getRequest().getHeaders("X-Api-Key")) > 1) {
            // Which one the client meant is unknowable; taking the first admitted whatever a proxy or a script put
            // first. Not counted as a guess.
            throw new HttpProblem(401, "invalid_api_key", "The request carries more than one X-Api-Key header, with "
                    + "different keys; send one.");
        }
        String authorization = http == null ? null : http.getRequest().getHeader("Authorization");
        if ((header == null || header.isBlank()) && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            header = authorization.substring(BEARER.length()).strip();
        }
        if (header == null || header.isBlank()) {
            // No guess, so not counted: a script run with its key variable unset must not lock its address out.
            // An Authorization header of another scheme, or none, is named: "missing" misled a newcomer who had
            // sent "Authorization: <key>" (2026-12-07).
            boolean otherScheme = authorization != null && !authorization.isBlank();
            throw new HttpProblem(401, "missing_api_key", (otherScheme ? "The Authorization header is not 'Bearer "
                    + "<key>' (the key goes after the word Bearer and a space). " : "")
                    + "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
        }
        if (!isKnown(header.getBytes(StandardCharsets.UTF_8))) {
            limits.wrongKey(address);
            throw new HttpProblem(401, "invalid_api_key", "The API key is not valid.");
        }
        exchange.setProperty(KEY_FINGERPRINT, InitiationRateLimits.fingerprint(header));
        // The key must not travel further (logs, tracing, downstream endpoints).
        exchange.getMessage().removeHeader("X-Api-Key");
        exchange.getMessage().removeHeader("Authorization");
    }

    /** How many different values (white space around them aside) a header was sent with. */
    private static long distinctValues(java.util.Enumeration<String> values) {
        if (values == null) {
            return 0;
        }
        return java.util.Collections.list(values).stream().map(String::strip).distinct().count();
    }

    /** Compares against every key in constant time, so timing tells nothing about a near miss. */
    private boolean isKnown(byte[] candidate) {
        boolean known = false;
        for (byte[] key : keys) {
            known |= MessageDigest.isEqual(key, candidate);
        }
        return known;
    }
}
