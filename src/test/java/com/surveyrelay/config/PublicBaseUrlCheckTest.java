package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A forgotten PUBLIC_BASE_URL kept its default, http://localhost:8080, and every webhook failed 403 unexplained. */
class PublicBaseUrlCheckTest {

    private static final URI EMULATOR = URI.create("http://127.0.0.1:41234");

    @Test
    void thisMachineWithTwiliosOwnApiIsWarnedAbout() {
        for (String url : new String[] {"http://localhost:8080", "http://LOCALHOST", "http://127.0.0.1:8080",
                "http://127.1.2.3", "http://[::1]:8080", "http://0.0.0.0:8080", "http://app.localhost",
                "http://localhost.:8080", "http://[0:0:0:0:0:0:0:1]:8080"}) {
            assertThat(PublicBaseUrlCheck.warning(URI.create(url), null)).as(url).get().asString()
                    .startsWith("PUBLIC_BASE_URL is " + url + ", this machine").contains("(403)");
        }
    }

    @Test
    void twiliosOwnApiNamedByHandIsTwiliosToo() {
        URI twilio = URI.create("https://api.twilio.com");
        assertThat(PublicBaseUrlCheck.warning(URI.create("http://localhost:8080"), twilio)).isPresent();
    }

    @Test
    void aPublicHostOrTheLocalEmulatorIsNot() {
        assertThat(PublicBaseUrlCheck.warning(URI.create("https://surveys.example.com"), null)).isEmpty();
        assertThat(PublicBaseUrlCheck.warning(URI.create("https://localhost.example.com"), null)).isEmpty();
        assertThat(PublicBaseUrlCheck.warning(URI.create("http://10.0.0.5:8080"), null)).as("a proxy's address")
                .isEmpty();
        assertThat(PublicBaseUrlCheck.warning(URI.create("http://localhost:8080"), EMULATOR))
                .as("the local default: the emulator calls back on this machine").isEmpty();
    }

    @Test
    void theWarningIsLoggedOnceTheServiceIsReady() {
        SurveyRelayProperties settings = mock(SurveyRelayProperties.class);
        when(settings.publicBaseUrl()).thenReturn(URI.create("http://localhost:8080"));
        TwilioProperties twilio = new TwilioProperties("AC1", "token", "+15005550006", null, null, null, null);
        Logger logger = (Logger) LoggerFactory.getLogger(PublicBaseUrlCheck.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            new PublicBaseUrlCheck(settings, twilio).warnIfTwilioCannotReachUs();
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("PUBLIC_BASE_URL is http://localhost:8080");
        });
    }
}
