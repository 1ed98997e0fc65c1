package com.surveyrelay.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every {@code TRACE} with {@code 405 method_not_allowed} in the service's error shape, echoing nothing: a
 * TRACE answered as RFC 9110 section 9.3.8 describes would send the request's headers back, API keys included
 * (cross-site tracing). Tomcat refuses TRACE itself by default, but before any filter, with a bare {@code 405} and no
 * body (until 2026-12-07 the one 4xx without the service's JSON error, probe of 2026-12-06); so Tomcat is told to let
 * TRACE through ({@code allowTrace}), and this filter, ahead of every other, answers it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
class TraceRefusal extends OncePerRequestFilter implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"TRACE".equalsIgnoreCase(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ErrorResponses.write(response, 405, "method_not_allowed", "This path does not take that method.");
    }
}
