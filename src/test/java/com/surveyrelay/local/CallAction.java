package com.surveyrelay.local;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the person holding a virtual phone does when a {@code <Gather>} waits for them. The factories live here,
 * not on {@link VirtualPhone}, because there {@code press(String)} and {@code say(String, double)} are the live
 * input of the phone and Java allows no static and instance method with the same signature.
 */
public sealed interface CallAction {

    /** Keys pressed on the keypad: 0-9, * and #. */
    record Press(String digits) implements CallAction {

        private static final Pattern KEYS = Pattern.compile("[0-9*#]+");

        public Press {
            Objects.requireNonNull(digits, "digits");
            if (!KEYS.matcher(digits).matches()) {
                throw new IllegalArgumentException("a keypad has 0-9, * and # only: " + digits);
            }
        }
    }

    /** Words the recogniser hears, with the confidence Twilio reports for them. */
    record Speak(String words, double confidence) implements CallAction {

        public Speak {
            Objects.requireNonNull(words, "words");
            if (words.isBlank()) {
                throw new IllegalArgumentException("say something, or use silence()");
            }
            if (!(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("confidence is between 0 and 1: " + confidence);
            }
        }
    }

    /** No input: the Gather times out and the call goes on with the verb after it. */
    record Silence() implements CallAction {
    }

    /** The caller hangs up while the Gather waits; Twilio requests no action. */
    record HangUp() implements CallAction {
    }

    static CallAction press(String digits) {
        return new Press(digits);
    }

    static CallAction say(String words, double confidence) {
        return new Speak(words, confidence);
    }

    static CallAction silence() {
        return new Silence();
    }

    static CallAction hangUp() {
        return new HangUp();
    }
}
