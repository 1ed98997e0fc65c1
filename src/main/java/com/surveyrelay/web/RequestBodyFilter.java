package com.surveyrelay.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SurveyRelayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the body of every POST before Camel's HTTP binding reads it, because a body the binding cannot decode
 * fails there, before any route or error handler runs (Spring's HTML page, HTTP 500, a log line quoting the
 * body). In this order:
 * <ol>
 *   <li>a Twilio webhook ({@code /sms/...}, {@code /voice/...} but the initiation paths) without an
 *   {@code X-Twilio-Signature} header: {@code 403 invalid_signature}, nothing read;
 *   <li>a body over the limit ({@code survey-relay.max-request-bytes} for initiation, {@value #WEBHOOK_BYTES}
 *   bytes for Twilio's webhooks, whose parameters Twilio keeps far smaller): {@code 413 payload_too_large}, judged
 *   by {@code Content-Length} before reading, or while reading when there is none;
 *   <li>a form body ({@code application/x-www-form-urlencoded}) that is not valid percent-encoded UTF-8:
 *   {@code 400 invalid_form}.
 * </ol>
 * A body that passes is handed on as read. Refusals log one line, without the body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyFilter.class);
    static final int WEBHOOK_BYTES = 65_536;
    private static final Set<String> INITIATION = Set.of("/sms/initiate-sms", "/voice/initiate-call");
    private static final String FORM = "application/x-www-form-urlencoded";

    private final int initiationBytes;
    private final ObjectMapper json = new ObjectMapper();

    RequestBodyFilter(SurveyRelayProperties settings) {
        this.initiationBytes = settings.maxRequestBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean initiation = INITIATION.contains(path);
        boolean webhook = !initiation && (path.startsWith("/sms/") || path.startsWith("/voice/"));
        String signature = request.getHeader("X-Twilio-Signature");
        if (webhook && (signature == null || signature.isBlank())) {
            refuse(response, 403, "invalid_signature",
                    "The X-Twilio-Signature header is missing or does not match this request.", path);
            return;
        }
        int limit = initiation ? initiationBytes : WEBHOOK_BYTES;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response, 413, "payload_too_large", "The request body is larger than " + limit + " bytes.", path);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            refuse(response, 413, "payload_too_large", "The request body is larger than " + limit + " bytes.", path);
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase().startsWith(FORM) && !isValidForm(body)) {
            refuse(response, 400, "invalid_form",
                    "The form body is not valid URL-encoded UTF-8 (check every % escape).", path);
            return;
        }
        chain.doFilter(new ReadBodyRequest(request, body), response);
    }

    /**
     * True when the body is {@code name=value} pairs joined by {@code &}, every {@code %} starts a two-digit hex
     * escape, and the decoded bytes are UTF-8 (what Twilio and every HTML form send).
     */
    static boolean isValidForm(byte[] body) {
        if (body.length > 0) {
            for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&", -1)) {
                if (pair.indexOf('=') <= 0) {
                    return false;
                }
            }
        }
        java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream(body.length);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '%') {
                if (i + 2 >= body.length) {
                    return false;
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                decoded.write(high * 16 + low);
                i += 2;
            } else {
                decoded.write(b == '+' ? ' ' : b);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void refuse(HttpServletResponse response, int status, String code, String message, String path)
            throws IOException {
        LOG.warn("Refused a POST to {}: {} {}", path.length() > 100 ? path.substring(0, 100) : path, status, code);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        json.writeValue(response.getOutputStream(), body);
    }
}
