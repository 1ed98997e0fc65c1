package com.surveyrelay.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every CORS preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}, Fetch
 * standard section 3.2.2) with {@code 403 cors_not_allowed} in the service's error shape. The service allows no other
 * site's pages to call it: its callers are servers, Twilio, and its own dashboard and dev phone, which a browser
 * never preflights. Spring refused them too, but with a plain-text {@code Invalid CORS request} no client could read
 * as an error. No {@code Access-Control-Allow-*} header is ever sent, so the browser blocks the call either way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 7)
class CrossOriginPreflights extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !CorsUtils.isPreFlightRequest(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ErrorResponses.write(response, 403, "cors_not_allowed", "This service takes no calls from web pages on other "
                + "sites (CORS): call it from your server.");
    }
}
