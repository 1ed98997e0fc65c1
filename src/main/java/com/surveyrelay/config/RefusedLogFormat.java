package com.surveyrelay.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Fails the start when {@link LogFormatCheck} set a log format aside, right after logging is set up (the next
 * listener after Spring Boot's {@code LoggingApplicationListener}), so that Spring Boot's failure report can say why
 * and no bean has been made yet. Registered in {@code META-INF/spring.factories}.
 */
public class RefusedLogFormat implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** @throws SettingRefused with {@link LogFormatCheck}'s refusal, naming the variable and the accepted formats */
    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    /** @throws SettingRefused with {@link LogFormatCheck}'s refusal, when it left one in {@code environment} */
    static void check(Environment environment) {
        String refusal = environment.getProperty(LogFormatCheck.REFUSAL);
        if (refusal != null) {
            throw new SettingRefused(refusal);
        }
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
