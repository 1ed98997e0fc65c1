package com.surveyrelay.config;

import java.util.Optional;
import org.apache.camel.FailedToCreateRouteException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start that failed on a route file, told in one line that names the file or the route and what to do, where
 * Spring logged Camel's exception with a 20- to 36-line stack trace whose last line named neither (an operator's
 * probe, 2026-12-07): a backup copy in {@code routes/} ({@code survey-results.orig.camel.yaml}: "Cannot find
 * RoutesBuilderLoader ... supporting file extension: orig.camel.yaml"), a copy under another name (two files, one
 * route id), a route Camel cannot make (a bean method misspelt). Registered in {@code META-INF/spring.factories}; the
 * run command's one line ({@code LocalSurveyRelay}) reads {@link #describe} too.
 */
public class RouteFileFailureAnalyzer implements FailureAnalyzer {

    private static final String EXTENSION = "supporting file extension: ";
    private static final String DUPLICATE = "Duplicate route ids detected: ";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        return describe(failure).map(description -> new FailureAnalysis(description, "Mend the route file named "
                + "above, or move it out of routes/; the routes are read from routes/*.camel.yaml.", failure))
                .orElse(null);
    }

    /** What a route file did to the start, in one line; empty when the failure is not a route file's. */
    public static Optional<String> describe(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause() == each ? null : each.getCause()) {
            String message = each.getMessage() == null ? "" : each.getMessage();
            if (message.contains(EXTENSION)) {
                String extension = message.substring(message.indexOf(EXTENSION) + EXTENSION.length()).strip();
                return Optional.of("routes/ holds a file named *." + extension + ", which Camel reads as no route "
                        + "file (a route file's name has no dot before .camel.yaml): move backups and copies out of "
                        + "routes/");
            }
            if (message.startsWith(DUPLICATE)) {
                return Optional.of("Two files in routes/ define the route " + message.substring(DUPLICATE.length())
                        .strip() + " (a copy of its file left beside it under another name?): keep one");
            }
            if (each instanceof FailedToCreateRouteException route) {
                return Optional.of("Route " + route.getRouteId() + " (routes/" + route.getRouteId() + ".camel.yaml as "
                        + "shipped) could not be made: " + innermost(route));
            }
        }
        return Optional.empty();
    }

    private static String innermost(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getCause().getMessage() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
