package com.surveyrelay.local;

import com.surveyrelay.web.ReadBodyRequest;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Gives the embedded S3Proxy the guarantee AWS S3 makes for conditional writes (2024): of concurrent
 * {@code PUT}s to one key with {@code If-None-Match: *} or {@code If-Match}, exactly one succeeds and the
 * others get 412. S3Proxy 3.0.0 checks the condition and then writes, in two steps that other requests can
 * run between (measured: 3 to 6 of ten concurrent creates of one key succeeded), so every request that changes
 * an object runs alone for its key. Reads, and writes to other keys, are not held up.
 *
 * <p>The body is read before the lock is taken: a client that sent {@code Expect: 100-continue} (the AWS SDK
 * does for PUT) would otherwise wait for the {@code 100} while the key is busy, send the body anyway, and meet
 * a closed connection when S3Proxy answers 412 without reading it.
 *
 * <p>Keys are striped over {@value #STRIPES} locks by the request path ({@code /bucket/key}, path-style, as
 * the service's clients address it), so two keys may share a lock; that only serialises them.
 */
final class AtomicConditionalWrites extends HandlerWrapper {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    AtomicConditionalWrites() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!changesAnObject(request.getMethod())) {
            super.handle(target, baseRequest, request, response);
            return;
        }
        HttpServletRequest buffered = new ReadBodyRequest(request, request.getInputStream().readAllBytes());
        ReentrantLock lock = locks[Math.floorMod(request.getRequestURI().hashCode(), STRIPES)];
        lock.lock();
        try {
            super.handle(target, baseRequest, buffered, response);
        } finally {
            lock.unlock();
        }
    }

    private static boolean changesAnObject(String method) {
        return "PUT".equals(method) || "DELETE".equals(method) || "POST".equals(method);
    }
}
