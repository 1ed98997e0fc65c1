package com.surveyrelay.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a call listens for a spoken opt-out ({@code survey-relay.voice.spoken-opt-out.*} in {@code application.yaml},
 * {@code VOICE_SPOKEN_OPT_OUT_AT_KEYPAD_QUESTIONS}). Questions answered in words, and the language offer, always do;
 * a {@code dtmf} (keypad) question does only when this is on. Off by default, so an upgrade changes no deployment's
 * calls or bill: on, Twilio bills speech recognition for every keypad {@code <Gather>} (spoken to or not), and words
 * there cut the wait short. An operator who wants "stop calling me" heard at keypad questions too (the FCC asks that
 * an opt-out made by any reasonable means be honoured) turns it on; the star key opts out there either way.
 *
 * @param atKeypadQuestions whether a {@code dtmf} question's {@code <Gather>} also takes speech, heard only for an
 *     opt-out at or above the survey's {@code minSpeechConfidence} (other words count as silence); null (the property
 *     left out) is off
 */
@ConfigurationProperties("survey-relay.voice.spoken-opt-out")
public record SpokenOptOut(Boolean atKeypadQuestions) {

    /** Whether keypad questions listen for a spoken opt-out: only when set to true. */
    public boolean atKeypad() {
        return Boolean.TRUE.equals(atKeypadQuestions);
    }
}
