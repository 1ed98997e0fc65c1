package com.surveyrelay.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The JSON body of every error answer: {@code {"error": "<code>", "message": "<human text>"}}. Unexpected
 * failures are logged here with their stack trace and answered without it.
 */
@Component("errorResponses")
public class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    public int status(Throwable failure) {
        return failure instanceof HttpProblem problem ? problem.status() : 500;
    }

    /** The {@code Retry-After} value in seconds, or null when the failure does not call for one. */
    public Integer retryAfter(Throwable failure) {
        return failure instanceof HttpProblem problem ? problem.retryAfterSeconds() : null;
    }

    public Map<String, String> body(Throwable failure) {
        Map<String, String> body = new LinkedHashMap<>();
        if (failure instanceof HttpProblem problem) {
            body.put("error", problem.code());
            body.put("message", problem.getMessage());
        } else {
            LOG.error("Request failed", failure);
            body.put("error", "internal_error");
            body.put("message", "Something went wrong on our side; the request was not completed.");
        }
        return body;
    }
}
