package com.surveyrelay.local;

import java.time.Instant;

/**
 * One thing that happened on a call, in the words a listener would use.
 *
 * <ul>
 * <li>SAY: {@code text} spoken in {@code language} with {@code voice} (Twilio's defaults en-US and man when the
 *     TwiML names none); once per {@code loop}.</li>
 * <li>PLAY: {@code text} is the absolute URL played. PAUSE: {@code text} is the length in seconds.</li>
 * <li>PRESSED: {@code text} is the digits the application received. SPOKE: {@code text} is the speech, in the
 *     Gather's recognition {@code language}.</li>
 * <li>SILENCE: the Gather heard nothing it accepts; {@code text} says what was ignored, if anything.</li>
 * <li>REDIRECT: {@code text} is the absolute URL. HANGUP: the application hung up; {@code text} is "end of TwiML"
 *     when the document simply ran out. CALLER_HANGUP: the phone hung up. ERROR: {@code text} says why Twilio
 *     would have played "an application error has occurred" and ended the call.</li>
 * </ul>
 */
public record TranscriptEntry(Kind kind, String text, String language, String voice, Instant at) {

    public enum Kind { SAY, PLAY, PAUSE, PRESSED, SPOKE, SILENCE, REDIRECT, HANGUP, CALLER_HANGUP, ERROR }
}
