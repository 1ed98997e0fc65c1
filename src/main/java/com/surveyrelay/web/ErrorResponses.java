package com.surveyrelay.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.processor.ThrottlerRejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The JSON body of every error answer: {@code {"error": "<code>", "message": "<human text>"}}. Unexpected
 * failures are logged here with their stack trace and answered without it.
 */
@Component("errorResponses")
public class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** Seconds a client should wait before retrying when storage (S3) failed: a blip usually passes in that. */
    static final int STORAGE_RETRY_AFTER_SECONDS = 5;

    public int status(Throwable failure) {
        if (failure instanceof HttpProblem problem) {
            return problem.status();
        }
        return storageFailure(failure) != null || failure instanceof ThrottlerRejectedExecutionException ? 503 : 500;
    }

    /** The {@code Retry-After} value in seconds, or null when the failure does not call for one. */
    public Integer retryAfter(Throwable failure) {
        if (failure instanceof HttpProblem problem) {
            return problem.retryAfterSeconds();
        }
        return storageFailure(failure) != null || failure instanceof ThrottlerRejectedExecutionException
                ? STORAGE_RETRY_AFTER_SECONDS : null;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Answers a request refused before Camel sees it (a servlet filter's refusal) with {@code status} and the error
     * body, {@code {"error": code, "message": message}}, as {@code application/json}.
     *
     * @throws java.io.IOException when the client is gone
     */
    static void write(jakarta.servlet.http.HttpServletResponse response, int status, String code, String message)
            throws java.io.IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        response.setStatus(status);
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), body);
    }

    /**
     * The {@code WWW-Authenticate} challenge of a {@code 401} ({@value #CHALLENGE}: RFC 9110 section 11.6.1 asks one of
     * every 401, and the API key goes as {@code Authorization: Bearer <key>} or {@code X-Api-Key}); null for any other
     * failure. Until 2026-12-07 a 401 had none (a newcomer's probe).
     */
    public String challenge(Throwable failure) {
        return failure instanceof HttpProblem problem && problem.status() == 401 ? CHALLENGE : null;
    }

    /** The challenge of a request without a valid API key. */
    static final String CHALLENGE = "Bearer realm=\"survey-relay\"";

    /** What a route left done when storage failed under it: one sentence. */
    private static String storageOutcome(String routeId) {
        return switch (routeId == null ? "" : routeId) {
            case "sms-initiation", "voice-initiation", "whatsapp-initiation" -> "nothing was sent.";
            case "respondent-erasure" -> "the erasure may be done in part, and sent again it erases what is left.";
            case "respondent-access", "survey-list", "survey-sessions", "survey-versions", "results-csv", "results-jsonl",
                    "results-summary", "campaign-list", "campaign-status", "campaign-results-download",
                    "scheduled-start-status" ->
                    "nothing was changed.";
            default -> "part of it may be stored, and sending it again is safe.";
        };
    }

    /**
     * The AWS SDK failure behind {@code failure} (S3 answering 5xx, a timeout, a reset), or null: the service
     * cannot read or write its sessions, which is worth a retry, not a stack trace.
     */
    public static SdkException storageFailure(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof SdkException sdk) {
                return sdk;
            }
        }
        return null;
    }

    /** True for S3's {@code 403 AccessDenied}: the service's credentials lack a permission. */
    public static boolean accessDenied(SdkException storage) {
        return storage instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.statusCode() == 403;
    }

    /**
     * The {@code {"error", "message"}} answer to a failure of the route {@code routeId}. Storage failing is {@code 503
     * survey_unavailable}, and the message says what the route left done: a start sent nothing; an erasure may have
     * erased in part (sent again, it erases what is left); a read changed nothing; anything else (a webhook) is safe
     * to send again.
     */
    public Map<String, String> body(Throwable failure, String routeId) {
        Map<String, String> body = new LinkedHashMap<>();
        SdkException storage = failure instanceof HttpProblem ? null : storageFailure(failure);
        if (failure instanceof HttpProblem problem) {
            body.put("error", problem.code());
            body.put("message", problem.getMessage());
        } else if (failure instanceof ThrottlerRejectedExecutionException) {
            // A route's throttle (the dashboard's summaries) is full: a moment later there is room.
            body.put("error", "busy");
            body.put("message", "Too many of these requests are running at once; try again in a few seconds.");
        } else if (storage != null && accessDenied(storage)) {
            // A permission S3 refuses does not heal by waiting: the operator must mend it (until 2026-12-07 it was a
            // WARN and "unavailable for a moment", as an outage is: an operator's probe).
            LOG.error("S3 refused this service access (403 AccessDenied), answered 503: check the IAM permissions of "
                    + "its role on the bucket (README, Running in production): {}", storage.toString());
            body.put("error", "survey_unavailable");
            body.put("message", "Survey storage refused this service access, a fault on our side that waiting will "
                    + "not mend; " + storageOutcome(routeId) + " Try again later.");
        } else if (storage != null) {
            LOG.warn("Storage unavailable, answered 503: {}", storage.toString());
            body.put("error", "survey_unavailable");
            body.put("message", "Survey storage is unavailable for a moment; " + storageOutcome(routeId)
                    + " Try again shortly.");
        } else {
            LOG.error("Request failed", failure);
            body.put("error", "internal_error");
            body.put("message", "Something went wrong on our side; the request was not completed.");
        }
        return body;
    }
}
