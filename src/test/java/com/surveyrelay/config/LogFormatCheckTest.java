package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
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
                .hasMessage("LOG_FORMAT (logging.structured.format.console) must be ecs, logstash or gelf, or a "
                        + "StructuredLogFormatter class (or unset for plain lines), not xml");
        assertThatThrownBy(() -> RefusedLogFormat.check(checked(Map.of("logging.structured.format.console",
                "java.lang.String")))).as("a class, but no formatter: Spring Boot fails on it")
                .hasMessageEndingWith("not java.lang.String");
    }

    @Test
    void theFileFormatIsCheckedToo() {
        StandardEnvironment environment = checked(Map.of("logging.structured.format.file", "json"));
        assertThatThrownBy(() -> RefusedLogFormat.check(environment))
                .hasMessageStartingWith("LOGGING_STRUCTURED_FORMAT_FILE (logging.structured.format.file) must be");
    }

    @Test
    void springBootsFormatsInAnyCaseAClassNameAndNoneAreLeftAlone() {
        for (String format : new String[] {"ecs", "LOGSTASH", "Gelf", PlainMessage.class.getName(), ""}) {
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

    /** A formatter of one's own, as Spring Boot allows by class name. */
    static final class PlainMessage implements StructuredLogFormatter<ILoggingEvent> {
        @Override
        public String format(ILoggingEvent event) {
            return event.getFormattedMessage() + "\n";
        }
    }
}
