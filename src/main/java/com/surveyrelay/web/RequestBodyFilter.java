package com.surveyrelay.web;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.VoicePaths;
import com.surveyrelay.survey.E164;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Checks the body of every POST before Camel's HTTP binding reads it, because a body the binding cannot decode
 * fails there, before any route or error handler runs (Spring's HTML page, HTTP 500, a log line quoting the
 * body). In this order:
 * <ol>
 *   <li>a Twilio webhook (the paths below) whose {@code Content-Type} is not {@code application/x-www-form-urlencoded}
 *   (in any case, RFC 9110 section 8.3.1), or is missing: {@code 415 unsupported_media_type}, nothing read, before
 *   its signature is looked at, since Twilio only ever sends forms and only a form's parameters are signed;
 *   <li>a Twilio webhook ({@code /sms/...}, {@code /voice/...} but the initiation paths and their mistyped forms,
 *   {@link #MISTYPED_INITIATION}, and the voice paths wherever {@code survey-relay.voice.*} puts them) without an
 *   {@code X-Twilio-Signature} header (or with an empty one): {@code 403 invalid_signature} saying that the header is
 *   missing ({@link #MISSING_SIGNATURE}), nothing read;
 *   <li>a body with a {@code Content-Encoding} (gzip, deflate; {@code identity} aside): {@code 415
 *   unsupported_media_type} (RFC 9110 section 15.5.16), nothing read, rather than an error about JSON or form
 *   fields the compressed bytes only seem to hold;
 *   <li>a body over the limit ({@code survey-relay.max-request-bytes} for initiation, {@value #WEBHOOK_BYTES}
 *   bytes for Twilio's webhooks, whose parameters Twilio keeps far smaller): {@code 413 payload_too_large}, judged
 *   by {@code Content-Length} before reading, or while reading when there is none;
 *   <li>a body that stops arriving before its end for {@code survey-relay.request-body-timeout} ({@link
 *   RequestBodyTimeout}, Tomcat's upload timeout; application.yaml):
 *   {@code 408 request_timeout} (RFC 9110 section 15.5.9), so a client that promises more than it sends holds a
 *   request thread for that long, not minutes; and so does one whose body has not all arrived within
 *   {@link #WHOLE_BODY_WITHIN}, trickling a byte at a time;
 *   <li>a form body ({@code application/x-www-form-urlencoded}, in any case: handed on with the type in lower
 *   case, as Camel's binding knows a form) that is not valid percent-encoded UTF-8: {@code 400 invalid_form};
 *   <li>a JSON or form body that declares a charset other than UTF-8 ({@code charset=utf-16},
 *   {@code charset=iso-8859-1}) is re-encoded as UTF-8 and handed on with {@code charset=UTF-8}, because RFC 8259
 *   section 8.1 makes UTF-8 the only charset JSON readers must take; a body invalid in its declared charset is
 *   {@code 400 invalid_json} / {@code invalid_form}, and a charset the JVM does not know (or a Content-Type that
 *   does not parse) is {@code 415 unsupported_media_type}.
 * </ol>
 * A body that passes is handed on as read. Refusals log one line, without the body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyFilter.class);
    static final int WEBHOOK_BYTES = 65_536;
    /**
     * The message of {@code 408 request_timeout}: Tomcat, having seen the read fail, answers it through the error
     * page ({@link JsonErrorController}), which says the same.
     */
    static final String BODY_STOPPED = "The request body stopped arriving before its end (its Content-Length, or the "
            + "last chunk): send the whole body at once.";
    /** The initiation routes' paths (routes/*-initiation.camel.yaml): each new one belongs here too. */
    private static final Set<String> INITIATION = com.surveyrelay.config.InitiationPaths.ALL;
    /**
     * A path that is no initiation route's but reads as one mistyped ({@code /sms/initiate-sms/}, {@code
     * /sms/Initiate-sms}, {@code /sms/initiate}): not taken for a Twilio webhook, so it gets the {@code 404 not_found}
     * of a path nothing serves. Until 2026-12-06 a client calling a start with a trailing slash was told its request
     * "did not come from Twilio" ({@code 403 invalid_signature}), a newcomer's probe found.
     */
    private static final Pattern MISTYPED_INITIATION = Pattern.compile("/(?i:sms|voice|whatsapp)/(?i:initiat).*");
    /**
     * The 403's message for a Twilio webhook without an {@code X-Twilio-Signature} header (or with an empty one). Until
     * 2026-12-06 it said the header was "missing or does not match", the same words as a wrong signature, so whoever
     * set the service up could not tell a header that never arrived (a client that is not Twilio, or a proxy or tunnel
     * that drops it) from a signature checked against the wrong URL, which {@code TwilioWebhookGuard} refuses naming
     * that URL. Twilio signs every webhook it sends (its security documentation), so no setting of ours adds the header.
     */
    static final String MISSING_SIGNATURE = "The X-Twilio-Signature header is missing. Twilio signs every webhook it "
            + "sends with this header, so the request did not come from Twilio, or a proxy or tunnel in front of this "
            + "service removed the header: let it pass X-Twilio-Signature through unchanged.";
    private static final MediaType FORM_TYPE = MediaType.APPLICATION_FORM_URLENCODED;
    private static final MediaType JSON_TYPE = MediaType.APPLICATION_JSON;

    private final ObjectProvider<SurveyRelayProperties> settings;
    private final ObjectProvider<VoicePaths> voice;
    private volatile Limits limits;

    /**
     * The settings are read at the first request, not as Tomcat starts and builds its filters: a setting refused there
     * (WEBHOOK_BUDGET=2s, VOICE_WEBHOOK_PATH=...) was preceded by Tomcat's ERROR "Error starting Tomcat context ...
     * requestBodyFilter ...", which an operator grepping ERROR read first (until 2026-12-07, an operator's probe); it
     * is now refused as the context binds it, in its one line.
     */
    @org.springframework.beans.factory.annotation.Autowired
    RequestBodyFilter(ObjectProvider<SurveyRelayProperties> settings, ObjectProvider<VoicePaths> voice) {
        this.settings = settings;
        this.voice = voice;
    }

    /** A filter with these settings, read at once (a test's). */
    RequestBodyFilter(SurveyRelayProperties settings, VoicePaths voice) {
        this.settings = null;
        this.voice = null;
        this.limits = new Limits(settings.maxRequestBytes(), Set.of(voice.webhookPath(), voice.statusPath(),
                voice.incomingPath()));
    }

    /** The initiation body limit in bytes, and the voice webhook paths, as set. */
    private record Limits(int initiationBytes, Set<String> voicePaths) {
    }

    private Limits limits() {
        Limits known = limits;
        if (known == null) {
            VoicePaths paths = voice.getObject();
            known = new Limits(settings.getObject().maxRequestBytes(),
                    Set.of(paths.webhookPath(), paths.statusPath(), paths.incomingPath()));
            limits = known;
        }
        return known;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The path as it is routed (decoded, without ";" parameters), so "/sms/initiate%2Dsms" and
        // "/sms/initiate-sms;x=1" are the initiation route they reach, not webhooks.
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        boolean initiation = INITIATION.contains(path);
        boolean webhook = !initiation && (limits().voicePaths().contains(path)
                || !MISTYPED_INITIATION.matcher(path).matches() && (path.startsWith("/sms/")
                || path.startsWith("/voice/")));
        // An unsigned request is refused 403 before anything else (DESIGN.md); a signature is checked against the
        // form's parameters, so a body that is no form gets 415 first, as a charset or an encoding we cannot read does.
        String signature = request.getHeader("X-Twilio-Signature");
        if (webhook && (signature == null || signature.isBlank())) {
            refuse(response, 403, "invalid_signature", MISSING_SIGNATURE, path);
            return;
        }
        if (webhook && !isForm(request.getContentType())) {
            refuse(response, 415, "unsupported_media_type", "Twilio's webhooks are forms: this path takes "
                    + "Content-Type: application/x-www-form-urlencoded only.", path);
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            refuse(response, 415, "unsupported_media_type",
                    "This service takes request bodies uncompressed, without a Content-Encoding.", path);
            return;
        }
        int limit = initiation ? limits().initiationBytes() : WEBHOOK_BYTES;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response, 413, "payload_too_large", "The request body is larger than " + limit + " bytes.", path);
            return;
        }
        // With a Content-Length the container delivers no more than it declares: read exactly that much, rather than
        // through readNBytes' 8 KB chunks (2% of the service's allocation under load, for bodies of a few hundred
        // bytes).
        byte[] body;
        try {
            body = read(request.getInputStream(), declared >= 0 ? (int) declared : limit + 1, declared >= 0,
                    System.nanoTime() + WHOLE_BODY_WITHIN.toNanos());
        } catch (IOException e) {
            if (!timedOut(e)) {
                throw e;
            }
            // A body that stops arriving held this thread for twice Tomcat's default 60 s before a 400 "could not be
            // read" (break-it probe, 2026-12-06); survey-relay.request-body-timeout now bounds each wait, and
            // WHOLE_BODY_WITHIN the whole body.
            refuse(response, 408, "request_timeout", BODY_STOPPED, path);
            return;
        }
        if (body.length > limit) {
            refuse(response, 413, "payload_too_large", "The request body is larger than " + limit + " bytes.", path);
            return;
        }
        String contentType = request.getContentType();
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            refuse(response, 415, "unsupported_media_type",
                    "The Content-Type header is not a media type with a charset this service knows.", path);
            return;
        }
        Charset charset = type == null ? null : type.getCharset();
        boolean form = type != null && FORM_TYPE.includes(type);
        boolean jsonBody = type != null && JSON_TYPE.includes(type);
        if (form && !contentType.startsWith(FORM_TYPE.toString())) {
            // Camel's HTTP binding reads a body as a form only by the type in lower case; RFC 9110 (8.3.1) lets a
            // client write APPLICATION/X-WWW-FORM-URLENCODED, and a Twilio signature over it was refused.
            contentType = type.toString();
        }
        if (charset != null && !StandardCharsets.UTF_8.equals(charset) && (form || jsonBody)) {
            Optional<byte[]> utf8 = form ? formAsUtf8(body, charset) : textAsUtf8(body, charset);
            if (utf8.isEmpty()) {
                // A form's bytes outside ASCII must be escaped whatever its charset: "caf\xE9" was refused as "not
                // valid ISO-8859-1", though every byte is (an integration engineer's probe, 2026-12-06).
                refuse(response, 400, form ? "invalid_form" : "invalid_json", form
                        ? "The form body is not valid URL-encoded " + charset.name() + " (the charset its Content-Type "
                                + "names): each field is name=value, fields are joined with &, every byte outside "
                                + "ASCII is escaped (%E9), and a % starts an escape of two hex digits."
                        : "The body is not valid " + charset.name() + ", the charset its Content-Type names.", path);
                return;
            }
            body = utf8.get();
            contentType = new MediaType(type, StandardCharsets.UTF_8).toString();
        }
        if (jsonBody && (charset == null || StandardCharsets.UTF_8.equals(charset))
                && textAsUtf8(body, StandardCharsets.UTF_8).isEmpty()) {
            // Until 2026-12-07 each byte that is no UTF-8 was read as U+FFFD, so "order-caf\xE9" and "order-caf\xE8",
            // two idempotency keys, were one, and the second start was answered as a repeat of the first (a probe).
            refuse(response, 400, "invalid_json", "The body is not valid UTF-8: JSON is UTF-8 (RFC 8259, section 8.1), "
                    + "and a byte that is not would be read as another character. Send the text in UTF-8, or name its "
                    + "charset in the Content-Type (application/json; charset=windows-1252).", path);
            return;
        }
        if (form && !isValidForm(body)) {
            refuse(response, 400, "invalid_form", looksLikeJson(body)
                    ? "The body looks like JSON, but its Content-Type says a URL-encoded form (curl -d sends that "
                            + "unless told otherwise): send it with Content-Type: application/json."
                    : "The form body is not valid URL-encoded UTF-8: each field is name=value, fields are joined "
                            + "with &, and a % starts an escape of two hex digits.", path);
            return;
        }
        if (form) {
            body = withoutEmptyPairs(body);
        }
        chain.doFilter(new ReadBodyRequest(request, body, contentType), response);
    }

    /**
     * The form without its empty pairs ({@code To=...&}, {@code &&}), which Camel's form binding refuses with an
     * exception (a 500); the body itself when it has none.
     */
    static byte[] withoutEmptyPairs(byte[] body) {
        String form = new String(body, StandardCharsets.ISO_8859_1);
        if (!form.startsWith("&") && !form.endsWith("&") && !form.contains("&&")) {
            return body;
        }
        return java.util.Arrays.stream(form.split("&")).filter(pair -> !pair.isEmpty())
                .collect(java.util.stream.Collectors.joining("&")).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * How long a whole body may take to arrive, however steadily it trickles: until 2026-12-07 each read's wait
     * ({@code REQUEST_BODY_TIMEOUT}) started again with every byte, so a client promising 60,000 bytes and sending one
     * every 4 s held a request thread for ever, and 40 of them, with any signature header, left the health check and
     * Twilio's webhooks unanswered (a hostile client's probe). A body read past this is answered 408 once its current
     * read returns (within {@code REQUEST_BODY_TIMEOUT} more). Fixed, whatever {@code REQUEST_BODY_TIMEOUT}: Twilio
     * sends a webhook's few kilobytes at once, and a start's 16 KiB ({@code survey-relay.max-request-bytes}) is a
     * few packets.
     */
    static final java.time.Duration WHOLE_BODY_WITHIN = java.time.Duration.ofSeconds(10);

    /**
     * Reads up to {@code most} bytes (exactly that many when {@code exactly}, as a Content-Length declares), giving up
     * once {@code deadline} ({@link System#nanoTime}) has passed between two reads.
     *
     * @throws java.net.SocketTimeoutException when the deadline passed, as a read's own timeout throws it
     * @throws IOException as the stream's reads throw it (its own timeout, a closed connection)
     */
    static byte[] read(java.io.InputStream in, int most, boolean exactly, long deadline) throws IOException {
        byte[] buffer = new byte[exactly ? most : Math.min(most, 8192)];
        int length = 0;
        while (length < most) {
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(most, buffer.length * 2));
            }
            int got = in.read(buffer, length, buffer.length - length);
            if (got < 0) {
                break;
            }
            length += got;
            if (length < most && System.nanoTime() - deadline > 0) {
                throw new java.net.SocketTimeoutException("The body took longer than " + WHOLE_BODY_WITHIN);
            }
        }
        return length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length);
    }

    /**
     * True when reading failed because the client sent nothing for the request body timeout
     * ({@code REQUEST_BODY_TIMEOUT}; Tomcat wraps it).
     */
    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code contentType} is a form's, {@code application/x-www-form-urlencoded} with any parameters, in any
     * case (media types are case-insensitive: RFC 9110 section 8.3.1); false for none or one that does not parse.
     */
    static boolean isForm(String contentType) {
        try {
            return contentType != null && FORM_TYPE.includes(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Re-encodes a text body declared in another charset (UTF-16 with or without its byte-order mark, ISO-8859-1,
     * windows-1252...) as UTF-8 without a byte-order mark, so the JSON reader sees what the client meant.
     *
     * @return the UTF-8 bytes, or empty when the body is not valid in {@code charset}
     */
    static Optional<byte[]> textAsUtf8(byte[] body, Charset charset) {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return Optional.of(text.getBytes(StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Re-encodes a form whose {@code %} escapes stand for bytes in another charset (an HTML form on an ISO-8859-1
     * page sends {@code caf%E9} for "café") as the same fields escaped in UTF-8.
     *
     * @return the re-encoded form, or empty when an escape is broken or the bytes are not valid in {@code charset}
     */
    static Optional<byte[]> formAsUtf8(byte[] body, Charset charset) {
        StringBuilder utf8 = new StringBuilder(body.length);
        String ascii = new String(body, StandardCharsets.ISO_8859_1);
        if (ascii.isEmpty()) {
            return Optional.of(body);
        }
        for (String pair : ascii.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // an empty pair, as HTML forms skip it ("To=...&")
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                return Optional.empty();
            }
            Optional<String> name = decodeStrictly(pair.substring(0, equals), charset);
            Optional<String> value = decodeStrictly(pair.substring(equals + 1), charset);
            if (name.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            if (!utf8.isEmpty()) {
                utf8.append('&');
            }
            utf8.append(URLEncoder.encode(name.get(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value.get(), StandardCharsets.UTF_8));
        }
        return Optional.of(utf8.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<String> decodeStrictly(String escaped, Charset charset) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '%') {
                if (i + 2 >= escaped.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(escaped.charAt(i + 1), 16);
                int low = Character.digit(escaped.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                return Optional.empty();
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        return textAsUtf8(bytes.toByteArray(), charset).map(utf8 -> new String(utf8, StandardCharsets.UTF_8));
    }

    /** True when the body's first character other than white space opens a JSON object or array. */
    static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /**
     * True when the body is {@code name=value} pairs joined by {@code &}, every {@code %} starts a two-digit hex
     * escape, and the decoded bytes are UTF-8 (what Twilio and every HTML form send). Empty pairs are skipped, as the
     * WHATWG URL standard's form parsing skips them: a hand-built {@code To=%2B1555...&} was refused {@code
     * invalid_form} until 2026-12-07 (an integrator's probe).
     */
    static boolean isValidForm(byte[] body) {
        if (body.length > 0) {
            for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&", -1)) {
                if (!pair.isEmpty() && pair.indexOf('=') <= 0) {
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
        // Decoded, the path may hold line breaks: none reaches the log. It is the caller's, and may hold a phone
        // number (POST /sms/initiate-sms/+15551234567): masked, as every number logged above DEBUG is.
        String shown = E164.maskedIn(path.length() > 100 ? path.substring(0, 100) : path)
                .replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?");
        LOG.warn("Refused a POST to {}: {} {}", shown, status, code);
        response.setHeader("Connection", "close");
        ErrorResponses.write(response, status, code, message);
    }
}
