package com.surveyrelay.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether survey calls ask Twilio for answering-machine detection ({@code survey-relay.voice.machine-detection} in
 * {@code application.yaml}, {@code VOICE_MACHINE_DETECTION}). It exists because without it a voicemail greeting is
 * taken for a person: the survey plays to the recorder, and the call ends as a silent respondent's would
 * ({@code no-input}), so no fallback texts the survey. On, each call is created with {@code MachineDetection=Enable}
 * and its first webhook carries Twilio's {@code AnsweredBy}; a machine's is hung up on and ends its survey
 * {@code ABANDONED}, reason {@code machine}. Off by default, so an upgrade changes no deployment's bill: Twilio bills
 * detection for every call placed with it, and it holds the call's first TwiML request until it decides (some
 * seconds of the respondent's silence after they answer).
 *
 * @param machineDetection whether calls are placed with {@code MachineDetection=Enable}; null (the property left out)
 *     is off
 */
@ConfigurationProperties("survey-relay.voice")
public record MachineDetection(Boolean machineDetection) {

    /** Off: the default, and what tests that build a gateway by hand get. */
    public static final MachineDetection OFF = new MachineDetection(false);

    /** Whether calls are placed with answering-machine detection: only when set to true. */
    public boolean enabled() {
        return Boolean.TRUE.equals(machineDetection);
    }
}
