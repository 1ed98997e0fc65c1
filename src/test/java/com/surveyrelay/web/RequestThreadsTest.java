package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RequestThreadsTest {

    /** REQUEST_THREADS=0 started, and every webhook and API call then waited for one thread. */
    @Test
    void noThreadStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bind("0")).isInstanceOf(BindException.class).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REQUEST_THREADS (server.tomcat.threads.max) must be at least 1, not 0");
    }

    @Test
    void theThreadsAreTakenAsSet() {
        assertThat(bind("1").max()).isEqualTo(1);
        assertThat(bind("32").max()).isEqualTo(32);
    }

    private static RequestThreads bind(String threads) {
        return new Binder(new MapConfigurationPropertySource(Map.of("server.tomcat.threads.max", threads)))
                .bind("server.tomcat.threads", RequestThreads.class).get();
    }
}
