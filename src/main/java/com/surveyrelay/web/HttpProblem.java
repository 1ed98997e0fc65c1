package com.surveyrelay.web;

/**
 * A request that cannot be served, with the HTTP status and the stable error code clients act on. The
 * {@code json-errors} route configuration turns it into {@code {"error": code, "message": message}}.
 */
public class HttpProblem extends RuntimeException {

    private final int status;
    private final String code;

    public HttpProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
