package com.surveyrelay.conversation;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.VoiceWebhook;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConversationBeans {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * @param webhookPath the path of routes/voice-call.camel.yaml, from {@code survey-relay.voice.webhook-path}
     * @param statusPath the path of routes/call-status.camel.yaml, from {@code survey-relay.voice.status-path}
     */
    @Bean
    SurveyProcessor surveyProcessor(Clock clock, SurveyRelayProperties settings,
            @Value("${survey-relay.voice.webhook-path}") String webhookPath,
            @Value("${survey-relay.voice.status-path}") String statusPath) {
        return new SurveyProcessor(clock, new VoiceWebhook(settings.publicUrl(webhookPath),
                settings.publicUrl(statusPath)));
    }
}
