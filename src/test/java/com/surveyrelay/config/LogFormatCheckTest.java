package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** LOG_FORMAT=xml made Spring Boot's logging set-up fail with a 40-line stack trace and no word of which setting. */
class LogFormatCheckTest {

    private static StandardEnvironment checked(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new LogFormatCheck().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void anUnknownFormatIsSetAsideForPlainLinesAndRefusedOnceLoggingCanSaySo() {
        StandardEnvironment environment = checked(Map.of("logging.structured.format.console", "xml"));
        assertThat(environment.getProperty("logging.structured.format.console")).isEmpty();
        assertThatThrownBy(() -> RefusedLogFormat.check(environment)).isInstanceOf(SettingRefused.class)
                .hasMessage("LOG_FORMAT (logging.structured.format.console) must be ecs, logstash or gelf (or unset "
                        + "for plain lines), not xml");
    }

    @Test
    void theFileFormatIsCheckedToo() {
        StandardEnvironment environment = checked(Map.of("logging.structured.format.file", "json"));
        assertThatThrownBy(() -> RefusedLogFormat.check(environment))
                .hasMessageStartingWith("LOGGING_STRUCTURED_FORMAT_FILE (logging.structured.format.file) must be");
    }

    @Test
    void springBootsFormatsInAnyCaseAClassNameAndNoneAreLeftAlone() {
        for (String format : new String[] {"ecs", "LOGSTASH", "Gelf", "java.lang.String", ""}) {
            StandardEnvironment environment = checked(Map.of("logging.structured.format.console", format));
            assertThat(environment.getProperty("logging.structured.format.console")).as(format).isEqualTo(format);
            RefusedLogFormat.check(environment);
        }
        RefusedLogFormat.check(checked(Map.of()));
    }

    @Test
    void theFailureReportIsTheRefusalWithoutAStackTrace() {
        SettingRefused refused = new SettingRefused("LOG_FORMAT (logging.structured.format.console) must be ...");
        FailureAnalysis analysis = new SettingRefusedFailureAnalyzer()
                .analyze(new BeanCreationException("refusedLogFormat", "failed", refused));
        assertThat(analysis.getDescription()).isEqualTo(refused.getMessage());
        assertThat(analysis.getAction()).contains("environment variable named above");
    }
}
