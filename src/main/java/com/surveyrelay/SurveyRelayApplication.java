package com.surveyrelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Survey Relay: interactive surveys over Twilio Voice and SMS, routed by Camel. */
@SpringBootApplication
public class SurveyRelayApplication {

    public static void main(String[] args) {
        SpringApplication.run(SurveyRelayApplication.class, args);
    }
}
