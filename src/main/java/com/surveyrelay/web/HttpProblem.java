package com.surveyrelay.web;

/**
 * A request that cannot be served, with the HTTP status and the stable error code clients act on. The
 * {@code json-errors} route configuration turns it into {@code {"error": code, "message": message}}.
 */
public class HttpProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public HttpProblem(int status, String code, String message) {
        this(status, code, message, null);
    }

    /**
     * @param retryAfterSeconds sent as {@code Retry-After} (whole seconds, at least 1) with a 409, 429 or 503; null
     *     for none
     */
    public HttpProblem(int status, String code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When to try again, in whole seconds, or null when the answer does not say. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
