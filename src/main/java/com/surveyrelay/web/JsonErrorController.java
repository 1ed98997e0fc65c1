package com.surveyrelay.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Spring answers for a request no route took (an unknown path, a method a route does not accept) or that
 * failed before a route ran: the service's own error shape, {@code {"error": "<code>", "message": "<text>"}},
 * instead of Spring's HTML page or its own JSON, whatever the request's {@code Accept} says. Nothing of the request
 * is echoed back. A client asking for {@code /error} itself (no error dispatch) gets {@code 404 not_found}, as for
 * any path nothing serves: it used to get {@code 500 internal_error}, a client's request blaming the service (probe
 * 2026-12-05).
 */
@RestController
class JsonErrorController implements ErrorController {

    /**
     * For a path under {@code /api/}, where the local dev phone's API is: it is on its own port, and a newcomer who
     * sent {@code /api/start} to the service's was told only "nothing at this path" (2026-12-07).
     */
    private static String devPhoneHint(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String text ? text : request.getRequestURI();
        return path != null && path.startsWith("/api/") ? " The local dev phone's API (/api/...) is on its own port, "
                + "DEV_PHONE_PORT (8081 by default)." : "";
    }

    // No "produces": a client whose Accept leaves JSON out (a browser's text/html) gets the JSON all the same, not an
    // empty 406.
    @RequestMapping("/error")
    ResponseEntity<Map<String, String>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = request.getDispatcherType() != DispatcherType.ERROR ? 404
                : code instanceof Integer number ? number : 500;
        Map<String, String> body = new LinkedHashMap<>();
        switch (status) {
            case 400 -> put(body, "bad_request", "The request could not be read.");
            case 404 -> put(body, "not_found", "There is nothing at this path." + devPhoneHint(request));
            case 405 -> put(body, "method_not_allowed", "This path does not take that method.");
            case 408 -> put(body, "request_timeout", RequestBodyFilter.BODY_STOPPED);
            case 413 -> put(body, "payload_too_large", "The request body is too large.");
            case 415 -> put(body, "unsupported_media_type", "This path does not take that content type.");
            default -> {
                if (status < 500) {
                    put(body, "bad_request", "The request could not be served.");
                } else {
                    status = 500;
                    put(body, "internal_error", "Something went wrong on our side; the request was not completed.");
                }
            }
        }
        return ResponseEntity.status(HttpStatus.valueOf(status)).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static void put(Map<String, String> body, String code, String message) {
        body.put("error", code);
        body.put("message", message);
    }
}
