package com.surveyrelay.local;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * {@link Faults} in front of S3Proxy's Jetty handler: a 503 is S3's {@code SlowDown} error document (what AWS S3
 * answers when it sheds load), a 500 its {@code InternalError}, a reset closes the connection's end point without an
 * answer. Besides, a lost answer ({@link #loseAnswers}): the request is carried out, then its connection closed
 * before the answer is sent, as when a write lands but the network drops its response; the client cannot tell it
 * from a write that never came.
 * And a conflict ({@link #conflictConditionalPuts}): a conditional PUT answered {@code 409 ConditionalRequestConflict}
 * without being carried out, as AWS S3 answers while another conditional write to the object is being applied.
 */
final class FaultyS3 extends HandlerWrapper {

    private static final byte[] SLOW_DOWN = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate. (local fault switch)</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] INTERNAL_ERROR = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + "InternalError</Code><Message>We encountered an internal error. Please try again. (local fault switch)"
            + "</Message></Error>").getBytes(StandardCharsets.UTF_8);

    private static final byte[] ACCESS_DENIED = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied"
            + "</Code><Message>Access Denied (local fault switch)</Message></Error>").getBytes(StandardCharsets.UTF_8);

    private static final byte[] CONDITIONAL_REQUEST_CONFLICT = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
            + "<Code>ConditionalRequestConflict</Code><Message>A conflicting conditional operation is currently in "
            + "progress against this resource. Please try again. (local fault switch)</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);

    private final Faults faults;
    private final AtomicInteger answersToLose = new AtomicInteger();
    private volatile String loseScope;
    private final AtomicInteger conflictsLeft = new AtomicInteger();
    private volatile String conflictScope;

    FaultyS3(Faults faults) {
        this.faults = faults;
    }

    /** Carries out the next {@code requests} PUTs whose path holds {@code pathPart}, and drops their answers. */
    void loseAnswers(String pathPart, int requests) {
        loseScope = pathPart;
        answersToLose.set(requests);
    }

    /**
     * Answers the next {@code requests} conditional PUTs ({@code If-Match} or {@code If-None-Match}) whose path holds
     * {@code pathPart} with {@code 409 ConditionalRequestConflict}, without carrying them out.
     */
    void conflictConditionalPuts(String pathPart, int requests) {
        conflictScope = pathPart;
        conflictsLeft.set(requests);
    }

    private boolean conflicts(HttpServletRequest request) {
        String scope = conflictScope;
        return scope != null && "PUT".equals(request.getMethod()) && request.getRequestURI().contains(scope)
                && (request.getHeader("If-Match") != null || request.getHeader("If-None-Match") != null)
                && conflictsLeft.getAndUpdate(left -> Math.max(left - 1, 0)) > 0;
    }

    /**
     * What a fault's scope is matched against: the request's path ({@code /<bucket>/<key>}), and for a listing
     * ({@code GET /<bucket>?list-type=2&prefix=...}) {@code ?prefix=} and the prefix listed, decoded.
     */
    private static String scopedPath(HttpServletRequest request) {
        String prefix = "GET".equals(request.getMethod()) ? request.getParameter("prefix") : null;
        return prefix == null ? request.getRequestURI() : request.getRequestURI() + "?prefix=" + prefix;
    }

    private boolean losesAnswer(HttpServletRequest request) {
        String scope = loseScope;
        return scope != null && "PUT".equals(request.getMethod()) && request.getRequestURI().contains(scope)
                && answersToLose.getAndUpdate(left -> Math.max(left - 1, 0)) > 0;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (losesAnswer(request)) {
            super.handle(target, baseRequest, request, new Unanswered(response));
            baseRequest.getHttpChannel().getEndPoint().close();
            return;
        }
        if (conflicts(request)) {
            answer(baseRequest, response, 409, CONDITIONAL_REQUEST_CONFLICT);
            return;
        }
        switch (faults.take(request.getMethod(), scopedPath(request))) {
            case ERROR -> answer(baseRequest, response, 503, SLOW_DOWN);
            case INTERNAL_ERROR -> answer(baseRequest, response, 500, INTERNAL_ERROR);
            case DENIED -> answer(baseRequest, response, 403, ACCESS_DENIED);
            case RESET -> {
                baseRequest.setHandled(true);
                baseRequest.getHttpChannel().getEndPoint().close();
            }
            case HANG -> {
                Faults.sleep(faults.hangFor());
                super.handle(target, baseRequest, request, response);
            }
            default -> super.handle(target, baseRequest, request, response);
        }
    }

    /** Answers the request with an S3 error document instead of serving it. */
    private static void answer(Request baseRequest, HttpServletResponse response, int status, byte[] error)
            throws IOException {
        baseRequest.setHandled(true);
        response.setStatus(status);
        response.setHeader("x-amz-request-id", LocalS3.FAULT_REQUEST_ID);
        response.setContentType("application/xml");
        response.setContentLength(error.length);
        response.getOutputStream().write(error);
    }

    /** A response whose status, headers and body go nowhere: nothing is committed, so closing sends nothing. */
    private static final class Unanswered extends HttpServletResponseWrapper {

        private final ServletOutputStream nowhere = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                // Never written to the client: nothing to wait for.
            }

            @Override
            public void write(int b) {
                // Dropped with the connection.
            }
        };

        Unanswered(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return nowhere;
        }

        @Override
        public PrintWriter getWriter() {
            return new PrintWriter(nowhere);
        }

        @Override
        public void setStatus(int status) {
            // Never sent.
        }

        @Override
        public void setHeader(String name, String value) {
            // Never sent.
        }

        @Override
        public void addHeader(String name, String value) {
            // Never sent.
        }

        @Override
        public void setContentLength(int length) {
            // Never sent.
        }

        @Override
        public void setContentLengthLong(long length) {
            // Never sent.
        }

        @Override
        public void flushBuffer() {
            // Nothing is committed.
        }
    }
}
