package com.surveyrelay.conversation;

import com.surveyrelay.config.MachineDetection;
import com.surveyrelay.config.SpokenOptOut;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.VoicePaths;
import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.VoiceWebhook;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({VoicePaths.class, SpokenOptOut.class, MachineDetection.class})
class ConversationBeans {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * @param voice the paths of routes/voice-call.camel.yaml and call-status.camel.yaml
     * @param spokenOptOut whether keypad questions listen for a spoken opt-out
     * @param consent {@code SMS_CLOSED_NOTICE_WINDOW}, how long after expiry a late text is told the survey closed
     */
    @Bean
    SurveyProcessor surveyProcessor(Clock clock, SurveyRelayProperties settings, VoicePaths voice,
            SpokenOptOut spokenOptOut, ConsentProperties consent) {
        return new SurveyProcessor(clock, new VoiceWebhook(settings.publicUrl(voice.webhookPath()),
                settings.publicUrl(voice.statusPath())), spokenOptOut.atKeypad(), consent.smsClosedNoticeWindow());
    }
}
