package com.surveyrelay.conversation;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.VoiceWebhook;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConversationBeans {

    static final String VOICE_WEBHOOK_PATH = "/voice/webhook";
    static final String VOICE_STATUS_PATH = "/voice/status";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SurveyProcessor surveyProcessor(Clock clock, SurveyRelayProperties settings) {
        return new SurveyProcessor(clock, new VoiceWebhook(settings.publicUrl(VOICE_WEBHOOK_PATH)));
    }
}
