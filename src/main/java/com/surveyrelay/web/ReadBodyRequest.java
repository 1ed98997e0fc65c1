package com.surveyrelay.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body was already read into memory, handed on so the next handler reads the same bytes again
 * ({@link RequestBodyFilter} checks a body before Camel's binding reads it; the local S3 reads one before taking
 * its per-key lock). Synchronous reads only.
 */
public final class ReadBodyRequest extends HttpServletRequestWrapper {

    /** {@link BufferedReader}'s own default: the most a reader buffers, however large the body. */
    private static final int READER_BUFFER_CHARS = 8_192;

    private final byte[] body;
    private final String contentType;

    /**
     * @param body the whole body as read from {@code request}; at most what the reader allowed
     */
    public ReadBodyRequest(HttpServletRequest request, byte[] body) {
        this(request, body, request.getContentType());
    }

    /**
     * @param body the body to hand on, already re-encoded when {@code contentType} differs from the request's
     * @param contentType the {@code Content-Type} the next handler sees, or null for none
     */
    public ReadBodyRequest(HttpServletRequest request, byte[] body, String contentType) {
        super(request);
        this.body = body;
        this.contentType = contentType;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getCharacterEncoding() {
        if (contentType == null || contentType.equals(super.getContentType())) {
            return super.getCharacterEncoding();
        }
        try {
            Charset charset = org.springframework.http.MediaType.parseMediaType(contentType).getCharset();
            return charset == null ? null : charset.name();
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return null;
        }
    }

    @Override
    public String getHeader(String name) {
        return "content-type".equalsIgnoreCase(name) ? contentType : super.getHeader(name);
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
        if ("content-type".equalsIgnoreCase(name)) {
            return java.util.Collections.enumeration(
                    contentType == null ? java.util.List.of() : java.util.List.of(contentType));
        }
        return super.getHeaders(name);
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return bytes.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("synchronous reads only");
            }
        };
    }

    /**
     * The body as text, in the request's charset (UTF-8 when it names none; bytes not valid in it read as U+FFFD),
     * decoded at once and buffered to its size (at most 8,192 characters): a webhook's form is a few hundred bytes,
     * and a reader over the stream allocated BufferedReader's 8,192 characters (8% of everything the service
     * allocated under load, JFR at 200 SMS respondents) and its decoder's 8 KB (3%) for each.
     */
    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        String text = new String(body, encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding));
        return new BufferedReader(new StringReader(text), Math.max(1, Math.min(text.length(), READER_BUFFER_CHARS)));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }
}
