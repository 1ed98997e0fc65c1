package com.surveyrelay.local;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Counts the requests the local S3 serves, by HTTP method (GET of an object or a listing, PUT, DELETE, HEAD), so a
 * benchmark can print S3 calls per answered question as the server saw them, whichever client made them.
 */
final class CountedS3 extends HandlerWrapper {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        counts.computeIfAbsent(request.getMethod(), method -> new LongAdder()).increment();
        super.handle(target, baseRequest, request, response);
    }

    /** Requests so far, by method, in method order. */
    Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((method, count) -> snapshot.put(method, count.sum()));
        return snapshot;
    }
}
