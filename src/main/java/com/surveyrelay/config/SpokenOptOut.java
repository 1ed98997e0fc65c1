package com.surveyrelay.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a call listens for a spoken opt-out ({@code survey-relay.voice.spoken-opt-out.*} in {@code application.yaml},
 * {@code VOICE_SPOKEN_OPT_OUT_AT_KEYPAD_QUESTIONS}). Questions answered in words, and the language offer, always do;
 * a {@code dtmf} (keypad) question does only when this is on. On by default: the FCC asks that an opt-out made by any
 * reasonable means be honoured, and "stop calling me" said to a keypad question is one. Off saves Twilio's speech
 * recognition on those questions (it bills every Gather that listens for speech, spoken to or not); the star key
 * still opts out there.
 *
 * @param atKeypadQuestions whether a {@code dtmf} question's {@code <Gather>} also takes speech, heard only for an
 *     opt-out (other words re-ask the question); null (the property left out) is on
 */
@ConfigurationProperties("survey-relay.voice.spoken-opt-out")
public record SpokenOptOut(Boolean atKeypadQuestions) {

    /** Whether keypad questions listen for a spoken opt-out. */
    public boolean atKeypad() {
        return atKeypadQuestions == null || atKeypadQuestions;
    }
}
