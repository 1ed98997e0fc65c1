package com.surveyrelay.survey;

/** One thing that happened to a session: the processor's only input besides the session itself. */
public sealed interface SurveyInput {

    /** The session was created: text the welcome (SMS); a call is placed by the caller (voice). */
    record Start() implements SurveyInput {
    }

    /**
     * The most characters of a text ({@code Body}) or of speech ({@code SpeechResult}) read and kept: WhatsApp's
     * limit on a message, 4,096; an SMS has at most 1,600 (Twilio error 21617). Twilio sends no more; a longer one
     * is cut here, so no answer can make a session's events outgrow EventBridge's 256 KB.
     */
    int MAX_TEXT = 4_096;
    /**
     * The most keys of a {@code Digits} read and kept: a {@code <Gather>} without {@code numDigits} takes keys until
     * {@code #} or a pause, and no answer is longer than a nine-digit number; more is cut here.
     */
    int MAX_KEYS = 64;

    /** {@code value}'s first {@code max} characters or fewer, never inside a user-perceived character (null: null). */
    private static String cut(String value, int max) {
        return value == null ? null : PlainText.prefix(value, max);
    }

    /**
     * Twilio asked for the next TwiML of a call. No digits and no speech means the respondent said nothing
     * (or the call was just answered).
     *
     * @param turn the turn carried by the webhook URL
     * @param digits the keys pressed, cut to {@value #MAX_KEYS}
     * @param speech what was heard, cut to {@value #MAX_TEXT} characters
     */
    record VoiceInput(int turn, String digits, String speech, Double confidence) implements SurveyInput {

        public VoiceInput {
            digits = cut(digits, MAX_KEYS);
            speech = cut(speech, MAX_TEXT);
        }

        /** Whether the caller gave nothing: no keys and no words (a {@code <Gather>} timed out, or a redirect). */
        public boolean silent() {
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
     * The call's first TwiML request said Twilio's answering-machine detection found a machine ({@code AnsweredBy}
     * {@code machine_start}, {@code machine_end_beep}, {@code machine_end_silence}, {@code machine_end_other} or
     * {@code fax}; only calls placed with {@code VOICE_MACHINE_DETECTION} on carry it). The call is hung up on and an
     * open session ends {@code ABANDONED}, reason {@code machine}, with its one event; channel fallback treats it as
     * an unanswered call. A session already finished (Twilio's repeat of that request) is only hung up on again.
     *
     * @param answeredBy Twilio's {@code AnsweredBy}, one of {@link SurveyProcessor#MACHINE_ANSWERS}
     */
    record MachineAnswered(String answeredBy) implements SurveyInput {
    }

    /**
     * A call's final status ({@code completed}, {@code busy}, {@code no-answer}, {@code failed}, {@code canceled})
     * read from Twilio's {@code Call} resource because its status callback never came, at the moment a new call
     * survey wants the number. The session ends at once, as {@code ABANDONED} with the status as its reason
     * ({@code hangup} for {@code completed}), even with a question open or a late answer awaited: minutes have
     * passed since the call ended, so no answer is still coming. Its end starts no channel fallback (the number is
     * about to ring for another survey). {@link SurveyProcessor#CALL_NOT_FOUND} (Twilio no longer knows the call) ends
     * it so too, with that reason. Another status, or a finished session, changes nothing.
     */
    record CallFoundOver(String callStatus) implements SurveyInput {
    }

    /**
     * The session ends from outside the conversation: it expired, a newer survey replaced it, or the first
     * text or call could not be delivered. Nothing is said; a finished session is left as it is.
     *
     * @param status {@code ABANDONED} or {@code OPTED_OUT}
     * @param startRefused true when the start itself ends the session because its first text or call never went out
     *     (Twilio refused it or was not reached, or the number opted out while the session was stored): the survey
     *     never reached the respondent, so what counts surveys counts it as refused, not as started and ended
     */
    record Ended(SurveyStatus status, String reason, boolean startRefused) implements SurveyInput {
        public Ended {
            if (status != SurveyStatus.ABANDONED && status != SurveyStatus.OPTED_OUT) {
                throw new IllegalArgumentException("a session can only be ended as abandoned or opted out");
            }
        }

        /** A session ended after its start reached the respondent (or may have): expired, replaced, erased. */
        public Ended(SurveyStatus status, String reason) {
            this(status, reason, false);
        }
    }

    /**
     * The number opted out by a text that no SMS session of its own took: a number we only ever called texted STOP
     * (or a phrase) to our number. The session, its last survey call, publishes the opt-out as a text in an SMS
     * survey would: an open one ends {@code OPTED_OUT}; a finished one keeps its status and publishes
     * {@code SURVEY_OPTED_OUT} all the same, unless it already ended opted out. Nothing is said or texted: the text's
     * confirmation is the webhook's.
     */
    record OptOutTexted() implements SurveyInput {
    }

    /**
     * An inbound text.
     *
     * @param body the text, cut to {@value #MAX_TEXT} characters; none ({@code null}: a webhook without
     *     {@code Body}, as a WhatsApp button reply may come) reads as an empty text. Until 2026-12-07 one at the
     *     welcome failed with a 500 and a stack trace (a breaker's probe)
     * @param optOutType Twilio's {@code OptOutType} parameter (STOP, START, HELP) when Advanced Opt-Out
     *     recognised a keyword; null otherwise
     * @param channel {@link Channel#SMS} or {@link Channel#WHATSAPP}: a text on another channel than the session's
     *     answers nothing (an opt-out still counts)
     * @param media how many attachments the message carried (Twilio's {@code NumMedia}: an MMS picture, a WhatsApp
     *     photo, voice note or sticker), 0 for a plain text; a message with some and no words is no answer
     *     ({@link #mediaOnly})
     * @param fromOptedOut true when the number was on the suppression list as the text arrived (read for a help
     *     request only): its HELP is answered with {@code helpReplyOptedOut}, and the session's inbox records that
     *     line, the one sent (until 2026-12-07 it recorded {@code helpReply} while the opted-out line went out)
     */
    record SmsReceived(String body, String optOutType, Channel channel, int media, boolean fromOptedOut)
            implements SurveyInput {

        public SmsReceived {
            body = body == null ? "" : cut(body, MAX_TEXT);
            if (media < 0) {
                throw new IllegalArgumentException("a message carries no fewer than 0 attachments: " + media);
            }
        }

        /** A text from a number not known to be opted out. */
        public SmsReceived(String body, String optOutType, Channel channel, int media) {
            this(body, optOutType, channel, media, false);
        }

        /** A text without attachments. */
        public SmsReceived(String body, String optOutType, Channel channel) {
            this(body, optOutType, channel, 0);
        }

        /** An SMS without attachments. */
        public SmsReceived(String body, String optOutType) {
            this(body, optOutType, Channel.SMS);
        }

        /**
         * Whether the message carried attachments and no words ({@code Body} empty, blank or invisible characters
         * alone, {@link PlainText#invisible}): a picture or a voice note sent as the answer, which the survey cannot
         * read. A picture with words is read by its words.
         */
        public boolean mediaOnly() {
            return media > 0 && (body == null || PlainText.invisible(body));
        }

        /** The same text from a number on the suppression list. */
        public SmsReceived fromOptedOutNumber() {
            return new SmsReceived(body, optOutType, channel, media, true);
        }

        /**
         * What Twilio's {@code OptOutType} says ({@link TwilioKeywords#intentOf}); {@link ConsentWords.Intent#NONE}
         * when Twilio sent none (WhatsApp, or a number without Advanced Opt-Out) or one it does not name.
         */
        public ConsentWords.Intent twilioIntent() {
            return optOutType == null ? ConsentWords.Intent.NONE : TwilioKeywords.intentOf(optOutType);
        }

        /**
         * What the text says of consent: Twilio's {@code OptOutType} when it says something ({@link #twilioIntent}),
         * else the survey's words ({@link ConsentWords#classify}). Until 2026-12-08 each reader wrote this out
         * (a code reviewer's finding).
         */
        public ConsentWords.Intent intent(ConsentWords words) {
            ConsentWords.Intent twilio = twilioIntent();
            return twilio != ConsentWords.Intent.NONE ? twilio : words.classify(body);
        }

        /**
         * Whether Twilio answers this text itself with its own reply, so that the survey sends no confirmation of
         * its own: an SMS that {@link TwilioKeywords#answered} says so of; never a WhatsApp message, which has no
         * carrier keywords.
         */
        public boolean twilioAnswers() {
            return channel == Channel.SMS && TwilioKeywords.answered(body, optOutType);
        }

        /** Whether Twilio answers this HELP itself: an SMS {@link TwilioKeywords#answersHelp} says so of. */
        public boolean twilioAnswersHelp() {
            return channel == Channel.SMS && TwilioKeywords.answersHelp(body, optOutType);
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

    /**
     * The reminder recorded at {@code remindedAt} did not go out, and Twilio may take it later (it answered 5xx or
     * 429, or could not be reached: nothing was sent): the session is put back as it was before the reminder
     * ({@code remindedAt} cleared, {@code updatedAt} back to {@code judgedOn}), so it is due again. A session changed
     * since the reminder (the respondent answered, it ended) is left as it is.
     */
    record ReminderNotSent(java.time.Instant remindedAt, java.time.Instant judgedOn) implements SurveyInput {
    }
}
