package com.surveyrelay.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot's "APPLICATION FAILED TO START" report for a {@link SettingRefused}: its message and what to do, with no
 * stack trace. Registered in {@code META-INF/spring.factories}.
 */
public class SettingRefusedFailureAnalyzer extends AbstractFailureAnalyzer<SettingRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SettingRefused cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
