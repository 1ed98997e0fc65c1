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
    private final Map<String, LongAdder> byPrefix = new ConcurrentHashMap<>();

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        counts.computeIfAbsent(request.getMethod(), method -> new LongAdder()).increment();
        byPrefix.computeIfAbsent(request.getMethod() + " " + prefix(target, request),
                key -> new LongAdder()).increment();
        super.handle(target, baseRequest, request, response);
    }

    /**
     * The key's first folder ({@code survey-results} of {@code /bucket/survey-results/...}); for a request on the
     * bucket itself, a listing's prefix's first folder ({@code (list open-sessions)}), or {@code (bucket)}.
     */
    private static String prefix(String target, HttpServletRequest request) {
        String[] parts = target.split("/", 4);
        if (parts.length >= 4) {
            return parts[2];
        }
        // Only a GET's query: a POST on the bucket (DeleteObjects) keeps its body unread.
        String listingPrefix = "GET".equals(request.getMethod()) ? request.getParameter("prefix") : null;
        return listingPrefix == null || listingPrefix.isEmpty() ? "(bucket)"
                : "(list " + listingPrefix.split("/", 2)[0] + ")";
    }

    /**
     * Requests so far, by method and the key's first folder ({@code "PUT survey-results"}, a listing's as
     * {@code "GET (list open-sessions)"}), in that order.
     */
    Map<String, Long> countsByPrefix() {
        Map<String, Long> snapshot = new TreeMap<>();
        byPrefix.forEach((key, count) -> snapshot.put(key, count.sum()));
        return snapshot;
    }

    /** Requests so far, by method, in method order. */
    Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((method, count) -> snapshot.put(method, count.sum()));
        return snapshot;
    }
}
