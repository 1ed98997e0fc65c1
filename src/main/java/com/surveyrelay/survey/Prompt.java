package com.surveyrelay.survey;

/**
 * The standard prompts of a language file. The required ones are the original template's; the optional
 * ones are our additions, and a survey without them still runs (it re-asks without an explanation, or ends
 * the call with the goodbye).
 */
public enum Prompt {
    WELCOME("welcome", true),
    WELCOME_CONTINUE("welcomeContinue", true),
    BEGIN_SURVEY("beginSurvey", true),
    FIRST_QUESTION("firstQuestion", true),
    NEXT_QUESTION("nextQuestion", true),
    LAST_QUESTION("lastQuestion", true),
    SURVEY_COMPLETED_ALREADY("surveyCompletedAlready", true),
    FINAL_GOODBYE("finalGoodbye", true),
    CONTINUE_SMS("continueSMS", false),
    ANSWER_OUT_OF_RANGE("answerOutOfRange", false),
    /**
     * After a reply that is no number in range at a {@code number} question taking decimals; {@code {min}} and
     * {@code {max}} as in {@code answerOutOfRange}. English, Spanish and French have a built-in line when the file has
     * none ({@link DecimalRange}); other languages fall back on {@code answerOutOfRange}.
     */
    ANSWER_OUT_OF_RANGE_DECIMAL("answerOutOfRangeDecimal", false),
    ANSWER_MISSING("answerMissing", false),
    /** Texted or said after a reply that is neither yes nor no (or both) to a {@code yesNo} question. */
    ANSWER_YES_NO("answerYesNo", false),
    /**
     * Texted instead of {@code answerYesNo} by SMS and WhatsApp, where it differs from what a call says ("Sorry, please
     * reply Y or N."): a texted {@code YES} is one of Twilio's opt-in keywords, answered with its re-subscribe message.
     */
    ANSWER_YES_NO_SMS("answerYesNoSMS", false),
    /** After a reply naming no option, or two, of a {@code choice} question; {@code {options}} lists them. */
    ANSWER_CHOICE("answerChoice", false),
    /** Said before the expected form when a speech answer's confidence is below {@code minSpeechConfidence}. */
    SPEECH_UNCLEAR("speechUnclear", false, Heard.SAID_ONLY),
    /**
     * Said when words were heard at a {@code dtmf} (keypad) question, which listens for speech only to hear an
     * opt-out; {@code {min}} and {@code {max}} as in {@code answerOutOfRange}, which stands in when it is missing.
     */
    ANSWER_WITH_KEYPAD("answerWithKeypad", false, Heard.SAID_ONLY),
    /** Said when a call's {@code <Gather>} heard nothing, before the question is asked again. */
    NO_INPUT("noInput", false, Heard.SAID_ONLY),
    /** Said before hanging up on a call whose question heard nothing {@code maxRetries} times. */
    SURVEY_ABANDONED("surveyAbandoned", false, Heard.SAID_ONLY),
    /**
     * Said before hanging up on a call whose caller was heard but not understood past {@code maxRetries} (opt-out words
     * below {@code minSpeechConfidence} at the language offer, reason {@code not-understood}): that the call ends, and
     * how to stop the calls, since the number is not opted out. English, Spanish and French have a built-in line when
     * the file has none.
     */
    NOT_UNDERSTOOD_GOODBYE("notUnderstoodGoodbye", false, Heard.SAID_ONLY),
    /**
     * Said before hanging up on a caller who declined the survey at the welcome ({@link WelcomeDecline}: "no thanks",
     * "not interested"): no problem, thanks, goodbye. English, Spanish and French have a built-in line when the file
     * has none.
     */
    DECLINED_GOODBYE("declinedGoodbye", false, Heard.SAID_ONLY),
    ANSWER_SUMMARY("answerSummary", false),
    /** Texted or said once after an opt-out Twilio did not catch itself (a phrase, a voice key). */
    OPT_OUT_CONFIRMATION("optOutConfirmation", false),
    /**
     * Texted before the current step when the respondent asks for help (HELP, INFO, the language's {@code
     * helpWords}) and Twilio does not answer it itself (WhatsApp, or a phrase): who is texting, how to reach them,
     * how to stop, as CTIA's Messaging Principles ask of a HELP reply.
     */
    HELP_REPLY("helpReply", false),
    /**
     * Texted instead of {@code helpReply} to a number on the suppression list (CTIA Messaging Principles: a HELP
     * reply to an opted-out number says it gets no more messages and how to resume); English, Spanish and French
     * have a built-in line when the file has none.
     */
    HELP_REPLY_OPTED_OUT("helpReplyOptedOut", false),
    /**
     * Texted when a text the service reads (a phrase, or any opt-in word on WhatsApp) takes the number off the
     * suppression list; Twilio confirms START and UNSTOP on SMS itself (CTIA asks for an opt-in confirmation).
     */
    OPT_IN_CONFIRMATION("optInConfirmation", false),
    /**
     * Texted after {@code optInConfirmation} when a WhatsApp opt-in ended an opt-out Twilio enforces on SMS (STOP
     * texted to the SMS number): that texts stay stopped until START is texted there ({@link SmsStillStopped}).
     * English, Spanish and French have a built-in line when the file has none.
     */
    SMS_STILL_STOPPED("smsStillStopped", false),
    /** Said once on a call, before the first question: how to opt out by key or phrase. */
    OPT_OUT_VOICE_OFFER("optOutVoiceOffer", false, Heard.SAID_ONLY),
    /**
     * Texted at the end of the welcome's language offer, and after {@code continueByText}: how to stop the texts
     * (Twilio's Messaging Policy: the first message says "Reply STOP to unsubscribe" or the like). English, Spanish and
     * French have a built-in line when the file has none ({@link TextOptOutOffer}).
     */
    OPT_OUT_OFFER_SMS("optOutOfferSMS", false),
    /** Texted before the open question when it is sent again as a reminder ({@code SMS_REMINDER_AFTER}). */
    REMINDER("reminder", false),
    /** Texted first when an SMS survey continues a dropped call from its first unanswered question. */
    CONTINUE_BY_TEXT("continueByText", false),
    /** Said when a voice step cannot be stored, before the call retries it once. */
    STORAGE_APOLOGY("storageApology", false, Heard.SAID_ONLY),
    /** Said before hanging up when the retried step cannot be stored either. */
    STORAGE_GOODBYE("storageGoodbye", false, Heard.SAID_ONLY),
    /**
     * Said before hanging up on a call that is not the session's (the session's call was placed twice): it is not
     * asked the survey, which the other call may be taking.
     */
    OTHER_CALL_GOODBYE("otherCallGoodbye", false, Heard.SAID_ONLY),
    /**
     * Texted once in answer to a text that comes after the SMS or WhatsApp survey expired
     * ({@code SMS_CONVERSATION_TIMEOUT}), within {@code SMS_CLOSED_NOTICE_WINDOW} of its end ({@link
     * ClosedSurveyNotice}); English, Spanish and French have a built-in line when the file has none.
     */
    SURVEY_CLOSED("surveyClosed", false),
    /**
     * Texted once when an SMS or WhatsApp survey ends because its version is gone and the current one asks other
     * questions ({@link SurveyVersionChange}, reason {@code survey-changed}): the respondent would otherwise wait for a
     * question that never comes. English, Spanish and French have a built-in line when the file has none.
     */
    SURVEY_CHANGED("surveyChanged", false),
    /**
     * Said on a call after the prompt of a question answered by keys whose answer may take more than one key (an NPS
     * 0 to 10, a number): that the pound key ends the answer, which Twilio's {@code <Gather>} otherwise takes only at
     * its {@code numDigits} or after {@code gatherTimeoutSeconds} of silence; English, Spanish and French have a
     * built-in line when the file has none ({@link KeypadFinish}).
     */
    KEYPAD_FINISH("keypadFinish", false, Heard.SAID_ONLY),
    /**
     * Texted before the open step when a text to an SMS or WhatsApp survey carried a picture, a voice note or another
     * attachment and no words ({@link MediaOnlyText}): the survey reads text only. English, Spanish and French have a
     * built-in line when the file has none.
     */
    TEXT_ONLY("textOnly", false),
    /**
     * Texted or said, instead of {@code nextQuestion} or {@code lastQuestion}, before the next question when the open
     * one was skipped after {@code maxRetries} answers it could not read ({@link SkippedQuestion}): that nothing was
     * recorded for it. English, Spanish and French have a built-in line when the file has none.
     */
    QUESTION_SKIPPED("questionSkipped", false),
    /**
     * Said to a call to the survey number (a respondent calling back): who calls and how to stop the calls and texts,
     * by the star key or in words, there and then ({@link InboundCallGreeting}). In the default survey's default
     * language; English, Spanish and French have a built-in line when the file has none.
     */
    INBOUND_CALL_GREETING("inboundCallGreeting", false, Heard.SAID_ONLY);

    /** Where a prompt reaches respondents: in texts and calls alike, or only said on a call. */
    public enum Heard {
        /** Texted on SMS and WhatsApp, said on a call. */
        TEXTED_OR_SAID,
        /** Only ever said on a call (a {@code <Say>}), never texted. */
        SAID_ONLY
    }

    private final String key;
    private final boolean required;
    private final Heard heard;

    Prompt(String key, boolean required) {
        this(key, required, Heard.TEXTED_OR_SAID);
    }

    Prompt(String key, boolean required, Heard heard) {
        this.key = key;
        this.required = required;
        this.heard = heard;
    }

    /**
     * Whether the prompt is only ever said on a call, never texted: the call steps alone use it (no input at a
     * {@code <Gather>}, words heard at a keypad question or heard unclearly, storage apologies, the keypad's finish
     * key). Such a prompt is held to a {@code <Say>}'s limits only ({@link TwilioSpeechLimits}), not to a text's
     * 1,600 characters.
     */
    public boolean saidOnly() {
        return heard == Heard.SAID_ONLY;
    }

    public String key() {
        return key;
    }

    public boolean required() {
        return required;
    }
}
