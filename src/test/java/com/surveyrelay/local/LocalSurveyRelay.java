package com.surveyrelay.local;

import com.surveyrelay.SurveyRelayApplication;
import org.springframework.boot.SpringApplication;

/**
 * The local default behind the README's run command ({@code mvn spring-boot:test-run}). It lives in the test
 * sources so that dev-only infrastructure never reaches the production jar.
 */
public final class LocalSurveyRelay {

    private LocalSurveyRelay() {
    }

    public static void main(String[] args) {
        SpringApplication.run(SurveyRelayApplication.class, args);
    }
}
