package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.FailedToCreateRouteException;
import org.junit.jupiter.api.Test;

/**
 * A start failed on a route file with a 20- to 36-line stack trace whose last line named neither the file nor the
 * route (an operator's probe, 2026-12-07): one line now says which, and what to do.
 */
class RouteFileFailureAnalyzerTest {

    @Test
    void aBackupCopyInRoutesIsNamedByItsEnding() {
        Throwable failure = new IllegalStateException("Error starting", new IllegalArgumentException(
                "Cannot find RoutesBuilderLoader in classpath supporting file extension: orig.camel.yaml"));
        assertThat(RouteFileFailureAnalyzer.describe(failure)).contains("routes/ holds a file named "
                + "*.orig.camel.yaml, which Camel reads as no route file (a route file's name has no dot before "
                + ".camel.yaml): move backups and copies out of routes/");
    }

    @Test
    void twoFilesDefiningOneRouteAreSaidToBeACopy() {
        assertThat(RouteFileFailureAnalyzer.describe(new IllegalStateException(
                "Duplicate route ids detected: survey-results. Please correct ids to be unique among all your routes.")))
                .hasValueSatisfying(line -> assertThat(line).startsWith("Two files in routes/ define the route "
                        + "survey-results"));
    }

    @Test
    void aRouteCamelCannotMakeIsNamedWithItsFileAndReason() {
        Throwable failure = new RuntimeException(new FailedToCreateRouteException("survey-results", "route", "to[bean:resultExports]",
                new IllegalArgumentException("Method with name: keyy not found on bean: ResultExports")));
        assertThat(RouteFileFailureAnalyzer.describe(failure)).contains("Route survey-results "
                + "(routes/survey-results.camel.yaml as shipped) could not be made: Method with name: keyy not found "
                + "on bean: ResultExports");
        assertThat(RouteFileFailureAnalyzer.describe(new IllegalStateException("port in use"))).isEmpty();
        assertThat(new RouteFileFailureAnalyzer().analyze(failure).getAction()).contains("routes/*.camel.yaml");
    }
}
