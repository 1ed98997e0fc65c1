package com.surveyrelay.web;

import java.util.Collections;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * What to tell a client whose request Tomcat refused before Spring saw it, in the service's error shape: a code and a
 * message a developer can act on, echoing nothing of the request (its URL may hold a phone number, its headers a key).
 * Until 2026-12-07 every such 4xx said only "The request could not be read.", and a {@code 417} was {@code bad_request}
 * (a breaker's and an analyst's probes: a raw {@code é} in a filter's value, an {@code Expect: nope}).
 *
 * @param status the status to answer with
 * @param code the {@code error} field: lower-case words joined by underscores
 * @param message the {@code message} field, one or two sentences
 */
record TomcatRefusal(int status, String code, String message) {

    /**
     * The refusal of a request Tomcat answered with {@code status}, read from its failure (Tomcat's exception, whose
     * message quotes the request and is never shown) and from the headers it parsed.
     *
     * @param failure what Tomcat threw, or null when it said nothing (a missing or repeated {@code Host})
     */
    static TomcatRefusal of(int status, Throwable failure, Request request) {
        String reason = failure == null || failure.getMessage() == null ? "" : failure.getMessage();
        if (status == 400 && JsonTomcatErrors.headerTooLarge(failure)) {
            // Tomcat answers 400 to a request line and headers over server.max-http-request-header-size (8 KB by
            // default, a setting the message does not quote); RFC 6585 section 5 names the status for it.
            return new TomcatRefusal(431, "request_header_too_large", "The request's URL and headers together are "
                    + "larger than this service reads: shorten the query string or the headers.");
        }
        if (status == 400 && reason.startsWith("Invalid character found in the request target")) {
            return new TomcatRefusal(400, "invalid_url", "The URL holds a character that must be percent-encoded: a "
                    + "space, a letter outside ASCII (é, ñ), or one of \" < > \\ ^ ` { | }. Encode each query value "
                    + "(curl -G --data-urlencode, URLSearchParams) and send it again.");
        }
        if (status == 400 && reason.startsWith("Invalid character found in method name")) {
            return new TomcatRefusal(400, "invalid_request_line", "The request line holds no HTTP method; an HTTPS "
                    + "request sent to this plain HTTP port reads so.");
        }
        if (status == 400 && reason.contains("does not conform to RFC 7230")) {
            // Tomcat quotes the line (never shown): which part is at fault is told, not always the name (a breaker's
            // probe, 2026-12-07: "X: \u0001" was told its name was wrong).
            return new TomcatRefusal(400, "invalid_header", nameIsAToken(reason)
                    ? "A header line could not be read: its value holds a control character or another character "
                            + "header values may not (RFC 9110 section 5.5)."
                    : "A header line could not be read: its name holds a space or another character header names "
                            + "may not (RFC 9110 section 5.1).");
        }
        boolean http11 = "HTTP/1.1".equals(request.getProtocol());
        if (status == 400 && http11 && count(request, "host") != 1) {
            // HTTP/1.0 needs no Host: its refusal is for something else (a breaker's probe, 2026-12-07).
            return new TomcatRefusal(400, "invalid_host", "An HTTP/1.1 request carries exactly one Host header "
                    + "(RFC 9112 section 3.2); this one carried " + count(request, "host") + ".");
        }
        String host = request.getCoyoteRequest().getMimeHeaders() == null ? null
                : request.getCoyoteRequest().getMimeHeaders().getHeader("host");
        if (status == 400 && host != null && !HOST.matcher(host).matches()) {
            return new TomcatRefusal(400, "invalid_host", "The Host header must be a host name or address, with a "
                    + "port of digits if any (RFC 9110 section 7.2).");
        }
        if (status == 400 && count(request, "content-length") > 1) {
            return new TomcatRefusal(400, "invalid_content_length", "The request carried more than one "
                    + "Content-Length header; send one (RFC 9112 section 6.3).");
        }
        if (status == 417) {
            return new TomcatRefusal(417, "expectation_failed", "The request's Expect header asks for what this "
                    + "service does not do: only Expect: 100-continue is taken (RFC 9110 section 10.1.1). Drop the "
                    + "header, or send that.");
        }
        if (status == 501) {
            // A Transfer-Encoding other than chunked (RFC 9112 section 6.1), say: the client's to change.
            return new TomcatRefusal(501, "not_implemented", "The request uses an HTTP feature this service does not "
                    + "take, such as a Transfer-Encoding other than chunked.");
        }
        if (status == 505) {
            // A request line naming an HTTP version Tomcat does not speak ("GET /surveys HTTP/2.0" in clear text).
            return new TomcatRefusal(505, "http_version_not_supported", "The request names an HTTP version this "
                    + "service does not take; send it as HTTP/1.1.");
        }
        if (status >= 500) {
            return new TomcatRefusal(status, "internal_error", "Something went wrong on our side; the request was "
                    + "not completed.");
        }
        if (status == 404) {
            return new TomcatRefusal(404, "not_found", "The request could not be read.");
        }
        return new TomcatRefusal(status, "bad_request", "The request could not be read as HTTP: its path must "
                + "start with / (no scheme or host, no %00 or encoded /), with one Host header naming this service and "
                + "at most one Content-Length header.");
    }

    /** A Host header's value: a name or an IPv4 address, or an IPv6 one in brackets, then a port of digits. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9._~%!$&'()*+,;=-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{0,5})?");
    /** A header name: an RFC 9110 token. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** True when the header line Tomcat quoted ({@code [name: value]}) has a name that is a token. */
    static boolean nameIsAToken(String reason) {
        int open = reason.indexOf('[');
        int colon = open < 0 ? -1 : reason.indexOf(':', open);
        return colon > open + 1 && TOKEN.matcher(reason.substring(open + 1, colon)).matches();
    }

    /** How many headers of this name (lower case) Tomcat parsed; 0 when it parsed none. */
    private static int count(Request request, String name) {
        MimeHeaders headers = request.getCoyoteRequest().getMimeHeaders();
        return headers == null ? 0 : Collections.list(headers.values(name)).size();
    }
}
