package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** REQUEST_BODY_TIMEOUT: how long a request's body may stop arriving, apart from Tomcat's write timeout. */
class RequestBodyTimeoutTest {

    @Test
    void isTenSecondsUnlessSetAndASubSecondValueStopsTheStartNamingTheVariable() {
        assertThat(new RequestBodyTimeout(null).requestBodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new RequestBodyTimeout(Duration.ofSeconds(5)).requestBodyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new RequestBodyTimeout(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REQUEST_BODY_TIMEOUT (survey-relay.request-body-timeout) must be at least 1s with a unit "
                        + "such as 30s or 2h (a bare number is milliseconds), not 10ms");
    }
}
