package com.surveyrelay.survey;

/** One thing that happened to a session: the processor's only input besides the session itself. */
public sealed interface SurveyInput {

    /** The session was created: text the welcome (SMS); a call is placed by the caller (voice). */
    record Start() implements SurveyInput {
    }

    /**
     * Twilio asked for the next TwiML of a call. No digits and no speech means the respondent said nothing
     * (or the call was just answered).
     *
     * @param turn the turn carried by the webhook URL
     */
    record VoiceInput(int turn, String digits, String speech, Double confidence) implements SurveyInput {
        boolean silent() {
            return (digits == null || digits.isEmpty()) && (speech == null || speech.isBlank());
        }
    }

    /**
     * A call status callback: {@code completed}, {@code busy}, {@code no-answer}, {@code failed}, ... A call
     * {@code completed} during a question leaves the session open for the question's late answer; the
     * caller ends it with {@link Ended} (reason {@code hangup}) when none came.
     */
    record CallEnded(String callStatus) implements SurveyInput {
    }

    /**
     * The session ends from outside the conversation: it expired, a newer survey replaced it, or the first
     * text or call could not be delivered. Nothing is said; a finished session is left as it is.
     *
     * @param status {@code ABANDONED} or {@code OPTED_OUT}
     */
    record Ended(SurveyStatus status, String reason) implements SurveyInput {
        public Ended {
            if (status != SurveyStatus.ABANDONED && status != SurveyStatus.OPTED_OUT) {
                throw new IllegalArgumentException("a session can only be ended as abandoned or opted out");
            }
        }
    }

    /**
     * An inbound text.
     *
     * @param optOutType Twilio's {@code OptOutType} parameter (STOP, START, HELP) when Advanced Opt-Out
     *     recognised a keyword; null otherwise
     * @param channel {@link Channel#SMS} or {@link Channel#WHATSAPP}: a text on another channel than the session's
     *     answers nothing (an opt-out still counts)
     */
    record SmsReceived(String body, String optOutType, Channel channel) implements SurveyInput {

        /** An SMS. */
        public SmsReceived(String body, String optOutType) {
            this(body, optOutType, Channel.SMS);
        }
    }

    /**
     * The open SMS question has waited past {@code SMS_REMINDER_AFTER}: text it again, once, with the language's
     * {@code reminder} line. A session already reminded, finished, or not on SMS is left as it is, and so is one
     * changed since it was judged due (the respondent answered meanwhile: the step reads the newer copy).
     *
     * @param judgedOn the session's {@code updatedAt} when the reminder was found due
     */
    record Remind(java.time.Instant judgedOn) implements SurveyInput {
    }
}
