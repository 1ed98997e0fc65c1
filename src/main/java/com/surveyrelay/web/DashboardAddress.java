package com.surveyrelay.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The results dashboard's short addresses: {@code GET /dashboard} and {@code /dashboard/} answer
 * {@code 301 Moved Permanently} to {@code /dashboard/index.html}, the page itself (a static resource). Until
 * 2026-12-06 both answered {@code 404 not_found}, and a newcomer typing the short address met an error.
 */
@Configuration
public class DashboardAddress implements WebMvcConfigurer {

    /** The dashboard page, as Spring serves it from {@code static/dashboard/}. */
    static final String PAGE = "/dashboard/index.html";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/dashboard", PAGE).setStatusCode(HttpStatus.MOVED_PERMANENTLY);
        registry.addRedirectViewController("/dashboard/", PAGE).setStatusCode(HttpStatus.MOVED_PERMANENTLY);
    }
}
