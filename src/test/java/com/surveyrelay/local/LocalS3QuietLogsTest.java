package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The local default quiets the embedded S3 server: under a fault its shaded Jetty logged the failed request's path at
 * WARN, a key holding a respondent's full number (probe H51: {@code HttpChannel handleException
 * /survey-relay/survey-results/15550136144/...json}). A {@code RESET} fault on a PUT here did not reproduce the line,
 * so this asserts the levels the local default hands Spring.
 */
class LocalS3QuietLogsTest {

    @Test
    void theLocalDefaultSetsTheEmbeddedS3ServersLoggersToError() {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            LocalSurveyRelay.quietEmbeddedS3();

            assertThat(System.getProperty("logging.level.org.gaul.shaded.org.eclipse.jetty")).isEqualTo("ERROR");
            assertThat(System.getProperty("logging.level.org.gaul.s3proxy")).isEqualTo("ERROR");
        } finally {
            System.setProperties(saved);
        }
    }
}
