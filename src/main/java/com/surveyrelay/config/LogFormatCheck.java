package com.surveyrelay.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Catches a structured log format Spring Boot does not know ({@code LOG_FORMAT=xml}) before the logging system reads
 * it. Spring Boot takes {@code ecs}, {@code gelf} or {@code logstash} in any case, or the name of a
 * {@code StructuredLogFormatter} class; anything else (a class that is no formatter too) made its logging set-up fail
 * with a 40-line stack trace on standard error, and nothing else was said.
 *
 * <p>Logging cannot report a refusal before it is set up (Spring Boot mutes it until then), so the bad format is set
 * aside: logging starts with plain lines, and {@link RefusedLogFormat} then fails the start with the refusal
 * ({@link SettingRefused}), which Spring Boot reports in a paragraph without a stack trace. Registered in
 * {@code META-INF/spring.factories}; it runs before {@code LoggingApplicationListener}, which sets logging up once the
 * environment's post-processors have run.
 */
public class LogFormatCheck implements EnvironmentPostProcessor {

    /** Where the refusal waits for {@link RefusedLogFormat}: absent when the format is fine. */
    static final String REFUSAL = "survey-relay.internal.log-format-refusal";
    /** Spring Boot's built-in formats ({@code CommonStructuredLogFormat}), matched ignoring case as Spring does. */
    static final Set<String> FORMATS = Set.of("ecs", "gelf", "logstash");

    /**
     * Checks {@code logging.structured.format.console} ({@code LOG_FORMAT}) and {@code logging.structured.format.file};
     * for a format Spring Boot would not take, sets it aside (empty: plain lines) and keeps the refusal, naming the
     * variable and the accepted formats, under {@link #REFUSAL}.
     */
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        for (String[] setting : new String[][] {{"LOG_FORMAT", "logging.structured.format.console"},
                {"LOGGING_STRUCTURED_FORMAT_FILE", "logging.structured.format.file"}}) {
            String format = environment.getProperty(setting[1]);
            if (format == null || format.isEmpty() || FORMATS.contains(format.toLowerCase(Locale.ROOT))
                    || isFormatter(format, application.getClassLoader())) {
                continue;
            }
            String refusal = SettingBounds.refused(setting[0], setting[1], "ecs, logstash or gelf, or a "
                    + "StructuredLogFormatter class (or unset for plain lines)", format).getMessage();
            environment.getPropertySources().addFirst(new MapPropertySource("refused " + setting[1],
                    Map.of(setting[1], "", REFUSAL, refusal)));
            return;
        }
    }

    /** Whether {@code name} names a class implementing Spring Boot's {@code StructuredLogFormatter}. */
    private static boolean isFormatter(String name, ClassLoader classes) {
        try {
            return StructuredLogFormatter.class.isAssignableFrom(ClassUtils.forName(name, classes));
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            return false;
        }
    }
}
