package com.surveyrelay.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers every response carries, before any route writes it:
 * <ul>
 *   <li>{@code Cache-Control: no-store} on everything but the dashboard's libraries ({@code /webjars/}): results,
 *       sessions and start answers carry respondents' numbers and words, which no browser or proxy may keep
 *       (RFC 9111 5.2.2.5);</li>
 *   <li>{@code X-Content-Type-Options: nosniff}, so a browser never runs a JSON or CSV answer as script;</li>
 *   <li>on the dashboard ({@code /dashboard/}), a {@code Content-Security-Policy} that allows only the service's own
 *       script files, no inline script, and no framing, and {@code X-Frame-Options: DENY} for browsers without
 *       CSP.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ResponseHeaders extends OncePerRequestFilter {

    /**
     * The dashboard's policy: scripts from the service only (its own {@code dashboard.js}, ECharts from
     * {@code /webjars/}), never inline, so no text that reached the page can run; styles inline too, as the page and
     * ECharts set them.
     */
    static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The path as the servlet container resolved it (decoded, path parameters and dot segments gone, slashes
        // merged), not the request URI as sent: Tomcat serves /dashboard/index.html for //dashboard/index.html,
        // /dashboard;x=1/index.html and /%64ashboard/index.html too, which until 2026-12-05 came without the policy.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!path.startsWith("/webjars/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (path.startsWith("/dashboard/")) {
            response.setHeader("Content-Security-Policy", DASHBOARD_POLICY);
            response.setHeader("X-Frame-Options", "DENY");
        }
        chain.doFilter(request, response);
    }
}
