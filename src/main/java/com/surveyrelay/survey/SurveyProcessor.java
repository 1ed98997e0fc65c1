package com.surveyrelay.survey;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The survey state machine: given a session and one input, it decides what to record, what to say or text
 * next, and which events to publish. It does no I/O, so the same session and input always give the same
 * decision; storing the session, answering Twilio and publishing events are the caller's job.
 *
 * <p>Unlike the original template it re-asks a question (not the whole survey) after silence, tells the
 * respondent what a valid answer looks like, plays the "last question" intro at the last question, offers
 * every configured language, and bounds every retry.
 */
public final class SurveyProcessor {

    /** The key that opts a caller out at any question: star, which no answer uses. */
    public static final String OPT_OUT_KEY = "*";
    /** The end reason of a session whose survey version is gone and whose current version asks other questions. */
    public static final String SURVEY_CHANGED = "survey-changed";
    /** How much of each answer the closing SMS summary repeats. */
    static final int SUMMARY_ANSWER_CHARACTERS = 160;
    /** The {@code CallStatus} words of a call that is over: Twilio's final call statuses. */
    public static final Set<String> CALL_OVER = Set.of("completed", "busy", "no-answer", "failed", "canceled");

    private final Clock clock;
    private final VoiceWebhook voiceWebhook;
    private final CallTwiml callTwiml;

    /** A processor whose keypad questions take keys only ({@code spokenOptOutAtKeypad} false). */
    public SurveyProcessor(Clock clock, VoiceWebhook voiceWebhook) {
        this(clock, voiceWebhook, false);
    }

    /**
     * @param spokenOptOutAtKeypad whether a {@code dtmf} question's {@code <Gather>} also listens for speech, to hear
     *     a spoken opt-out there ({@code survey-relay.voice.spoken-opt-out.at-keypad-questions}, off by default);
     *     Twilio bills speech recognition for every such Gather
     */
    public SurveyProcessor(Clock clock, VoiceWebhook voiceWebhook, boolean spokenOptOutAtKeypad) {
        this.clock = clock;
        this.voiceWebhook = voiceWebhook;
        this.callTwiml = new CallTwiml(voiceWebhook, spokenOptOutAtKeypad);
    }

    /** Where this processor's TwiML sends every voice step; the call's first URL is its turn 0. */
    public VoiceWebhook voiceWebhook() {
        return voiceWebhook;
    }

    /**
     * What an input does to a session: the session after it, the replies and the events; nothing is stored here.
     *
     * @throws WrongChannelException for a voice input or call status on an SMS or WhatsApp session
     * @throws IllegalStateException for a start of a session already started
     * @throws IllegalArgumentException for a text to a session that is not on a messaging channel
     */
    public Decision process(Survey survey, SurveySession session, SurveyInput input) {
        if (input instanceof SurveyInput.Start) {
            return start(survey, session);
        }
        if (!session.surveyStatus().isFinal() && !fits(survey, session) && (input instanceof SurveyInput.VoiceInput
                || input instanceof SurveyInput.SmsReceived || input instanceof SurveyInput.Remind)) {
            return endUnfit(survey, session, input);
        }
        if (input instanceof SurveyInput.VoiceInput voice) {
            requireChannel(session, Channel.VOICE);
            return onVoice(survey, session, voice);
        }
        if (input instanceof SurveyInput.CallEnded ended) {
            requireChannel(session, Channel.VOICE);
            return onCallEnded(session, ended);
        }
        if (input instanceof SurveyInput.CallFoundOver over) {
            requireChannel(session, Channel.VOICE);
            return onCallFoundOver(session, over);
        }
        if (input instanceof SurveyInput.Ended ended) {
            return end(session, ended);
        }
        if (input instanceof SurveyInput.OptOutTexted) {
            return optOutTexted(session);
        }
        if (input instanceof SurveyInput.Remind remind) {
            return remind(survey, session, remind);
        }
        if (input instanceof SurveyInput.SmsReceived sms) {
            if (!session.surveyMedium().messaging()) {
                throw new IllegalArgumentException("session " + session.sessionId() + " runs on voice, not texts");
            }
            return onSms(survey, session, sms);
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    /**
     * Ends a session that cannot go on with this survey ({@link #fits}): the version it started on is gone (its copy
     * under {@code survey-versions/} removed) and the current one asks other questions, or lacks the session's
     * language; going on would ask the wrong question, or none (an IndexOutOfBoundsException, a 500 for every text and
     * the number held a day). An opt-out ends it {@code OPTED_OUT}, confirmed as ever (in the survey's default
     * language when the session's is gone); anything else ends it {@code ABANDONED}, reason {@value #SURVEY_CHANGED},
     * with nothing texted and the call hung up.
     */
    private Decision endUnfit(Survey survey, SurveySession session, SurveyInput input) {
        boolean optOut;
        boolean confirm;
        if (input instanceof SurveyInput.SmsReceived sms) {
            ConsentWords.Intent twilio = ConsentWords.fromTwilio(sms.optOutType() == null ? "" : sms.optOutType());
            optOut = twilio == ConsentWords.Intent.OPT_OUT
                    || survey.consent().classify(sms.body()) == ConsentWords.Intent.OPT_OUT;
            confirm = sms.channel() != Channel.SMS || !ConsentWords.twilioConfirms(sms.body(), sms.optOutType());
        } else if (input instanceof SurveyInput.VoiceInput voice) {
            optOut = isVoiceOptOut(survey.consent(), voice.digits(), voice.speech());
            confirm = false;
        } else {
            optOut = false;
            confirm = false;
        }
        Decision ended = end(session, new SurveyInput.Ended(optOut ? SurveyStatus.OPTED_OUT : SurveyStatus.ABANDONED,
                optOut ? "opt-out" : SURVEY_CHANGED));
        List<String> confirmation = optOut && confirm ? survey.language(survey.hasLanguage(session.languageSet())
                ? session.languageSet() : survey.defaultLanguage()).optionalText(Prompt.OPT_OUT_CONFIRMATION)
                .map(List::of).orElse(List.of()) : List.of();
        return new Decision(ended.session(), input instanceof SurveyInput.VoiceInput ? CallTwiml.hangUp() : null,
                confirmation, ended.events());
    }

    /**
     * Whether the session can go on with this survey: the same questions, by name and in order, and its language.
     * False only when the version it started on could not be found and the current one differs.
     */
    static boolean fits(Survey survey, SurveySession session) {
        List<QuestionResult> results = session.questions();
        if (results.size() != survey.questions().size()) {
            return false;
        }
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).questionName().equals(survey.questions().get(i).name())) {
                return false;
            }
        }
        return session.languageSet() == null || survey.hasLanguage(session.languageSet());
    }

    private Decision start(Survey survey, SurveySession session) {
        if (session.currentState() != SessionStep.NOT_STARTED || session.surveyStatus().isFinal()) {
            throw new IllegalStateException("session " + session.sessionId() + " has already started");
        }
        Instant now = clock.instant();
        if (session.surveyMedium() == Channel.VOICE) {
            SurveySession started = session.edit().at(now);
            return new Decision(started, null, List.of(), List.of(SurveyEvent.of(SurveyEventType.SURVEY_STARTED,
                    started)));
        }
        // A call dropped before it got any answer (in its welcome, say) starts over by text, welcome and all.
        int resumeAt = session.fallbackFrom() != null && session.fallbackFrom().continuesAnswers()
                && session.questions().stream().anyMatch(asked -> asked.answer() != null
                        || Boolean.TRUE.equals(asked.skipped()))
                ? survey.firstOpenOnPath(session.questions()) : -1;
        if (resumeAt >= 0) {
            return resume(survey, session, resumeAt, now);
        }
        SurveySession waiting = session.edit().step(SessionStep.LANGUAGE_OFFER).at(now);
        Reply welcome = Reply.offerLanguages(survey.language(waiting.languageSet()).text(Prompt.WELCOME));
        return smsDecision(survey, waiting, welcome, List.of(SurveyEvent.of(SurveyEventType.SURVEY_STARTED,
                waiting)));
    }

    /**
     * An SMS session continuing a dropped call: no welcome and no language offer (the call had both), but the
     * language's {@code continueByText} line and the first question left unanswered.
     */
    private Decision resume(Survey survey, SurveySession session, int index, Instant now) {
        SurveyLanguage language = survey.language(session.languageSet());
        SurveySession asking = session.edit().ask(index).nextTurn().at(now);
        List<String> lines = new ArrayList<>();
        language.optionalText(Prompt.CONTINUE_BY_TEXT).ifPresent(lines::add);
        lines.add(intro(survey, language, index));
        return smsDecision(survey, asking, Reply.ask(lines, survey.question(index)),
                List.of(SurveyEvent.of(SurveyEventType.SURVEY_STARTED, asking)));
    }

    private Decision end(SurveySession session, SurveyInput.Ended ended) {
        if (session.surveyStatus().isFinal()) {
            return new Decision(session, null, List.of(), List.of());
        }
        Instant now = clock.instant();
        SurveySession over = session.edit().end(ended.status(), ended.reason(), now).at(now);
        SurveyEvent event = ended.status() == SurveyStatus.OPTED_OUT
                ? SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT, over)
                : SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, over).withReason(ended.reason());
        return new Decision(over, null, List.of(), List.of(event));
    }

    /**
     * An opt-out texted by a number whose session this is not by text ({@link SurveyInput.OptOutTexted}): an open
     * session ends {@code OPTED_OUT}; a finished one publishes {@code SURVEY_OPTED_OUT} with its status unchanged (as
     * STOP after an SMS survey does), except one that ended opted out, whose event went out then. Nothing is rendered:
     * no call is waiting for TwiML from this step, and the session's language may be gone.
     */
    private Decision optOutTexted(SurveySession session) {
        if (!session.surveyStatus().isFinal()) {
            return end(session, new SurveyInput.Ended(SurveyStatus.OPTED_OUT, "opt-out"));
        }
        if (session.surveyStatus() == SurveyStatus.OPTED_OUT) {
            return new Decision(session, null, List.of(), List.of());
        }
        return new Decision(session, null, List.of(), List.of(SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT,
                session.edit().at(clock.instant()))));
    }

    // ---- voice ----

    private Decision onVoice(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        // An opt-out counts however late it comes, even after the call's end or the survey's: the number is opted
        // out either way, and the event tells the enterprise. On a survey that ended, once a turn: a retried request
        // (the same turn again) publishes nothing more, nor does a survey that ended opted out.
        boolean optingOut = isVoiceOptOut(survey.consent(), input.digits(), input.speech())
                && !unsureAtKeypad(survey, session, input);
        if (session.surveyStatus().isFinal()) {
            if (optingOut && input.turn() == session.turn()) {
                // Twilio delivers a request again when it did not get the first answer: the caller who opted out
                // hears the confirmation the first answer carried, and nothing is published again.
                return session.surveyStatus() == SurveyStatus.OPTED_OUT
                        ? voiceDecision(survey, session, Reply.end(optOutConfirmation(survey, session)), List.of())
                        : optOut(survey, session, clock.instant(), true);
            }
            return voiceDecision(survey, session, finishedReply(survey, session), List.of());
        }
        if (optingOut) {
            return optOut(survey, session, clock.instant(), true);
        }
        if (session.callEndedAt() != null) {
            return onLateAnswer(survey, session, input);
        }
        if (input.turn() != session.turn() && session.currentState() != SessionStep.NOT_STARTED) {
            // A retried or late request: say the current step again rather than act on it twice. (The welcome takes
            // no input, so a call not yet welcomed is welcomed whatever turn is asked: a storage retry that lost
            // the caller's input, or reached another instance, asks turn -1.)
            return voiceDecision(survey, session, currentStepReply(survey, session), List.of());
        }
        Instant now = clock.instant();
        SurveyLanguage language = survey.language(session.languageSet());
        switch (session.currentState()) {
            case NOT_STARTED:
                if (survey.offersFrom(session.languageSet()).isEmpty()) {
                    return begin(survey, session, session.languageSet(), language.text(Prompt.WELCOME), now);
                }
                return voiceDecision(survey, session.edit().step(SessionStep.LANGUAGE_OFFER).nextTurn().at(now),
                        Reply.offerLanguages(language.text(Prompt.WELCOME)), List.of());
            case LANGUAGE_OFFER:
                String chosen = chooseLanguageByVoice(survey, session.languageSet(), input)
                        .orElse(session.languageSet());
                return begin(survey, session, chosen, null, now);
            case QUESTION:
                if (input.silent()) {
                    return onSilence(survey, session, now);
                }
                boolean spoken = input.digits() == null || input.digits().isEmpty();
                if (spoken && survey.question(session.questionIndex()).type() == QuestionType.DTMF) {
                    // A keypad question listens for speech only to hear an opt-out (handled above).
                    return onWordsAtKeypad(survey, session, now);
                }
                String raw = spoken ? input.speech() : input.digits();
                return onAnswer(survey, session, raw, spoken ? input.confidence() : null, now);
            default:
                throw new IllegalStateException("session " + session.sessionId() + " is finished but not final");
        }
    }

    private Optional<String> chooseLanguageByVoice(Survey survey, String current, SurveyInput.VoiceInput input) {
        for (LanguageOffer offer : survey.offersFrom(current)) {
            if (input.digits() != null && input.digits().equals(offer.digit())) {
                return Optional.of(offer.language());
            }
            if (input.speech() != null && Replies.startsWithAny(Replies.normalise(input.speech()), offer.words())) {
                return Optional.of(offer.language());
            }
        }
        return Optional.empty();
    }

    private Decision onSilence(Survey survey, SurveySession session, Instant now) {
        return noAnswer(survey, session, survey.language(session.languageSet()).optionalText(Prompt.NO_INPUT)
                .map(List::of).orElse(List.of()), now);
    }

    /**
     * A question that got no answer: asked again after {@code lines}, counted as a silence, until
     * {@code maxRetries} silences end the call {@code ABANDONED} (reason {@code no-input}).
     */
    private Decision noAnswer(Survey survey, SurveySession session, List<String> lines, Instant now) {
        SurveyLanguage language = survey.language(session.languageSet());
        if (session.silences() >= survey.maxRetries()) {
            SurveySession abandoned = session.edit().end(SurveyStatus.ABANDONED, "no-input", now).at(now);
            String farewell = language.optionalText(Prompt.SURVEY_ABANDONED)
                    .orElse(language.text(Prompt.FINAL_GOODBYE));
            return voiceDecision(survey, abandoned, Reply.end(farewell), List.of(
                    SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, abandoned).withReason("no-input")));
        }
        SurveySession again = session.edit().silence().nextTurn().at(now);
        return voiceDecision(survey, again, Reply.ask(lines, survey.question(session.questionIndex())), List.of());
    }

    /**
     * A call's final status. {@code completed} while a question is open does not end the survey yet: Twilio
     * does not order status callbacks and {@code <Gather>} actions, so the answer to that question may still
     * arrive. The session records when the call ended and the caller closes it ({@link SurveyInput.Ended},
     * reason {@code hangup}) when no answer came within its grace period.
     */
    private Decision onCallEnded(SurveySession session, SurveyInput.CallEnded input) {
        String status = input.callStatus() == null ? "" : input.callStatus();
        if (session.surveyStatus().isFinal() || session.callEndedAt() != null || !CALL_OVER.contains(status)) {
            return new Decision(session, null, List.of(), List.of());
        }
        Instant now = clock.instant();
        if (status.equals("completed") && session.currentState() == SessionStep.QUESTION) {
            return new Decision(session.edit().callEnded(now).at(now), null, List.of(), List.of());
        }
        String reason = status.equals("completed") ? "hangup" : status;
        SurveySession abandoned = session.edit().end(SurveyStatus.ABANDONED, reason, now).at(now);
        return new Decision(abandoned, null, List.of(), List.of(
                SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, abandoned).withReason(reason)));
    }

    /**
     * A call's final status read from Twilio when its status callback never came ({@link SurveyInput.CallFoundOver}):
     * the session ends now, late answer or not, as a status callback ends a call with no question open.
     */
    private Decision onCallFoundOver(SurveySession session, SurveyInput.CallFoundOver input) {
        String status = input.callStatus() == null ? "" : input.callStatus();
        if (!CALL_OVER.contains(status)) {
            return new Decision(session, null, List.of(), List.of());
        }
        return end(session, new SurveyInput.Ended(SurveyStatus.ABANDONED, status.equals("completed") ? "hangup"
                : status));
    }

    /**
     * The answer to the open question, arriving after the call ended: it is recorded, and the survey completes
     * when it was the last question; otherwise nobody is left to ask the next one, so it ends as a hang-up.
     */
    private Decision onLateAnswer(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        if (input.turn() != session.turn() || input.silent() || session.currentState() != SessionStep.QUESTION) {
            return voiceDecision(survey, session, Reply.end(List.of()), List.of());
        }
        Instant now = clock.instant();
        boolean spoken = input.digits() == null || input.digits().isEmpty();
        Decision answered = onAnswer(survey, session, spoken ? input.speech() : input.digits(),
                spoken ? input.confidence() : null, now);
        if (answered.session().surveyStatus().isFinal()) {
            return answered;
        }
        SurveySession abandoned = answered.session().edit().end(SurveyStatus.ABANDONED, "hangup", now).at(now);
        List<SurveyEvent> events = new ArrayList<>(answered.events());
        events.add(SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, abandoned).withReason("hangup"));
        return voiceDecision(survey, abandoned, Reply.end(List.of()), events);
    }

    // ---- SMS ----

    /**
     * The one reminder of an SMS session: the language's {@code reminder} line, then the open step again (the
     * question, or the language offer). Nothing for a call, a finished session, one already reminded, or one changed
     * since the reminder was judged due ({@link SurveyInput.Remind#judgedOn}).
     */
    private Decision remind(Survey survey, SurveySession session, SurveyInput.Remind input) {
        if (!session.surveyMedium().messaging() || session.surveyStatus().isFinal() || session.remindedAt() != null
                || session.currentState() == SessionStep.NOT_STARTED || !session.updatedAt().equals(input.judgedOn())) {
            return new Decision(session, null, List.of(), List.of());
        }
        Instant now = clock.instant();
        Reply again = currentStepReply(survey, session);
        List<String> lines = new ArrayList<>();
        survey.language(session.languageSet()).optionalText(Prompt.REMINDER).ifPresent(lines::add);
        lines.addAll(again.lines());
        Reply reminder = again.offerLanguages() ? new Reply(lines, true, null, false) : Reply.ask(lines, again.question());
        return smsDecision(survey, session.edit().reminded(now).at(now), reminder, List.of());
    }

    private Decision onSms(Survey survey, SurveySession session, SurveyInput.SmsReceived input) {
        String reply = Replies.normalise(input.body());
        ConsentWords.Intent twilio = input.optOutType() == null ? ConsentWords.Intent.NONE
                : ConsentWords.fromTwilio(input.optOutType());
        ConsentWords.Intent intent = twilio != ConsentWords.Intent.NONE ? twilio
                : survey.consent().classify(input.body());
        Instant now = clock.instant();
        if (intent == ConsentWords.Intent.OPT_OUT) {
            // Twilio confirms its own keywords (and blocks anything we send after them); a phrase it did not
            // catch gets our confirmation, once.
            // No carrier keyword handling on WhatsApp: there the confirmation is always ours.
            boolean twilioConfirms = input.channel() == Channel.SMS
                    && ConsentWords.twilioConfirms(input.body(), input.optOutType());
            return optOut(survey, session, now, !twilioConfirms);
        }
        if (input.channel() != session.surveyMedium()) {
            // A WhatsApp message to a number whose survey runs by SMS, or the other way round: not an answer.
            return new Decision(session, null, List.of(), List.of());
        }
        Optional<String> help = intent != ConsentWords.Intent.HELP || input.channel() == Channel.SMS
                && ConsentWords.twilioAnswersHelp(input.body(), input.optOutType()) ? Optional.empty()
                : helpReply(survey, session);
        if (session.surveyStatus().isFinal()) {
            // A finished survey: HELP gets the help text alone (none when Twilio answers it); anything else to a
            // completed one is told so, and to one abandoned or opted out nothing (Twilio answers START itself).
            if (intent == ConsentWords.Intent.HELP) {
                return new Decision(session, null, help.map(List::of).orElse(List.of()), List.of());
            }
            return session.surveyStatus() == SurveyStatus.COMPLETED
                    ? smsDecision(survey, session, finishedReply(survey, session), List.of())
                    : new Decision(session, null, List.of(), List.of());
        }
        if (twilio == ConsentWords.Intent.OPT_IN && !answersOpenQuestion(survey, session, input.body())) {
            // Twilio recognised START (it re-subscribed the number and answered itself): not an answer. Its opt-in
            // keywords include YES, which does answer a typed question (yes/no); free words are never a keyword.
            return new Decision(session, null, List.of(), List.of());
        }
        if (intent == ConsentWords.Intent.HELP) {
            Reply again = currentStepReply(survey, session);
            return smsDecision(survey, session, help.map(again::after).orElse(again), List.of());
        }
        switch (session.currentState()) {
            case LANGUAGE_OFFER:
                return chooseLanguageBySms(survey, session.languageSet(), reply)
                        .map(tag -> begin(survey, session, tag, null, now))
                        .orElseGet(() -> smsDecision(survey, session.edit().at(now),
                                currentStepReply(survey, session), List.of()));
            case QUESTION:
                return onAnswer(survey, session, input.body(), null, now);
            default:
                throw new IllegalStateException("session " + session.sessionId() + " has not started");
        }
    }

    /** True when a keyword Twilio acted on is also a valid answer to the open typed question (YES to a yes/no). */
    private static boolean answersOpenQuestion(Survey survey, SurveySession session, String body) {
        if (session.currentState() != SessionStep.QUESTION) {
            return false;
        }
        Question question = survey.question(session.questionIndex());
        return !question.type().freeText()
                && AnswerReader.read(question, survey.language(session.languageSet()), body).isPresent();
    }

    private Optional<String> chooseLanguageBySms(Survey survey, String current, String reply) {
        if (Replies.startsWithAny(reply, survey.language(current).continueWords())) {
            return Optional.of(current);
        }
        for (LanguageOffer offer : survey.offersFrom(current)) {
            if (reply.equals(offer.digit()) || Replies.startsWithAny(reply, offer.words())) {
                return Optional.of(offer.language());
            }
        }
        // Someone reading English who replies ENGLISH means "go on", not "unknown".
        for (String tag : survey.languages().keySet()) {
            for (LanguageOffer offer : survey.offersFrom(tag)) {
                if (offer.language().equals(current) && Replies.startsWithAny(reply, offer.words())) {
                    return Optional.of(current);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Ends the survey as {@code OPTED_OUT}, texting or saying the language's {@code optOutConfirmation} when
     * {@code confirm} (and hanging up a call). A finished session publishes the opt-out anyway: a completed
     * respondent who opts out must not be asked again.
     */
    private Decision optOut(Survey survey, SurveySession session, Instant now, boolean confirm) {
        List<String> confirmation = confirm ? optOutConfirmation(survey, session) : List.of();
        if (session.surveyStatus().isFinal()) {
            // The survey keeps its disposition. A call's turn moves on, so the same request again is told apart (a
            // text's MessageSid does that).
            SurveySession noted = session.surveyMedium().messaging() ? session : session.edit().nextTurn().at(now);
            SurveyEvent event = SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT, session.edit().at(now));
            return session.surveyMedium().messaging()
                    ? smsDecision(survey, session, Reply.end(confirmation), List.of(event))
                    : voiceDecision(survey, noted, Reply.end(confirmation), List.of(event));
        }
        SurveySession optedOut = session.edit().end(SurveyStatus.OPTED_OUT, "opt-out", now).at(now);
        return decision(survey, optedOut, Reply.end(confirmation),
                List.of(SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT, optedOut)));
    }

    /** The session's language's {@code optOutConfirmation}, or nothing when its file has none. */
    private static List<String> optOutConfirmation(Survey survey, SurveySession session) {
        return survey.language(session.languageSet()).optionalText(Prompt.OPT_OUT_CONFIRMATION).map(List::of)
                .orElse(List.of());
    }

    /**
     * True when a voice input opts out: the {@value #OPT_OUT_KEY} key (at any question or the language offer)
     * anywhere in the keys pressed, so "7*" at a two-digit question opts out as "*" does (it was read as 7), or an
     * opt-out phrase heard where the call listens for speech.
     */
    public static boolean isVoiceOptOut(ConsentWords consent, String digits, String speech) {
        return (digits != null && digits.contains(OPT_OUT_KEY))
                || (speech != null && consent.classify(speech) == ConsentWords.Intent.OPT_OUT);
    }

    // ---- both channels ----

    private Decision begin(Survey survey, SurveySession session, String tag, String welcome, Instant now) {
        SurveyLanguage language = survey.language(tag);
        SurveySession asking = session.edit().language(tag).ask(0).nextTurn().at(now);
        List<String> lines = new ArrayList<>();
        if (welcome != null) {
            lines.add(welcome);
        }
        lines.add(language.text(Prompt.BEGIN_SURVEY));
        if (session.surveyMedium() == Channel.VOICE) {
            language.optionalText(Prompt.OPT_OUT_VOICE_OFFER).ifPresent(lines::add);
        }
        lines.add(intro(survey, language, 0));
        return decision(survey, asking, Reply.ask(lines, survey.question(0)), List.of());
    }

    private Decision onAnswer(Survey survey, SurveySession session, String raw, Double confidence, Instant now) {
        int index = session.questionIndex();
        Question question = survey.question(index);
        SurveyLanguage language = survey.language(session.languageSet());
        boolean unclear = confidence != null && confidence < survey.minSpeechConfidence();
        Optional<Object> value = unclear ? Optional.empty() : AnswerReader.read(question, language, raw);
        QuestionResult previous = session.questions().get(index);
        if (value.isEmpty()) {
            if (session.invalidAnswers() >= survey.maxRetries()) {
                QuestionResult skipped = previous.skippedAfter(raw, session.surveyMedium(), now);
                return advance(survey, session.edit().result(index, skipped), List.of(), now);
            }
            SurveySession again = session.edit().invalidAnswer().nextTurn().at(now);
            List<String> lines = new ArrayList<>();
            if (unclear) {
                language.optionalText(Prompt.SPEECH_UNCLEAR).ifPresent(lines::add);
            }
            if (!unclear || !question.type().freeText()) {
                // (After unclear words to a words question, "we didn't get an answer" would contradict it.)
                AnswerReader.expected(language, question).ifPresent(lines::add);
            }
            return decision(survey, again, Reply.ask(lines, question), List.of());
        }
        QuestionResult answered = previous.answered(value.get(), raw, confidence, session.surveyMedium(), now);
        SurveySession.Edit edit = session.edit().result(index, answered);
        List<SurveyEvent> events = List.of(
                SurveyEvent.of(SurveyEventType.ANSWER_RECORDED, edit.at(now)).withAnswer(answered));
        return advance(survey, edit, events, now);
    }

    /**
     * Words heard at a {@code dtmf} question, which takes its answer from the keypad and listens for speech only to
     * hear an opt-out ({@code survey-relay.voice.spoken-opt-out.at-keypad-questions}): not an answer and not kept (it
     * may be a word said to someone else, or noise on a bad line). They count as silence, which is what the same
     * noise was before the question listened for speech (the Gather timed out): the question is asked again with
     * {@code answerWithKeypad}, and after {@code maxRetries} the call ends {@code ABANDONED} as for a caller who
     * never answers. They do not count toward skipping the question, so noise does not change the results.
     */
    private Decision onWordsAtKeypad(Survey survey, SurveySession session, Instant now) {
        Question question = survey.question(session.questionIndex());
        return noAnswer(survey, session, AnswerReader.keypadExpected(survey.language(session.languageSet()), question)
                .map(List::of).orElse(List.of()), now);
    }

    /**
     * Whether words at a {@code dtmf} question (no keys) were heard below the survey's {@code minSpeechConfidence}
     * (the bar a spoken answer must reach to be kept) or with no {@code Confidence} at all: an opt-out is permanent,
     * and there the recogniser is biased toward the opt-out words by the Gather's hints, so noise heard as "stop" must
     * not count. The star key is not affected.
     */
    private static boolean unsureAtKeypad(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        boolean keys = input.digits() != null && !input.digits().isEmpty();
        return !keys && session.currentState() == SessionStep.QUESTION
                && survey.question(session.questionIndex()).type() == QuestionType.DTMF
                && (input.confidence() == null || input.confidence() < survey.minSpeechConfidence());
    }

    /** After a question was answered or skipped: the question its skip logic names next, or the end. */
    private Decision advance(Survey survey, SurveySession.Edit edit, List<SurveyEvent> events, Instant now) {
        SurveySession current = edit.at(now);
        int index = current.questionIndex();
        SurveyLanguage language = survey.language(current.languageSet());
        List<SurveyEvent> all = new ArrayList<>(events);
        int next = survey.next(index, current.questions().get(index).answer());
        if (next < 0) {
            SurveySession completed = edit.complete(now).at(now);
            all.add(SurveyEvent.of(SurveyEventType.SURVEY_COMPLETED, completed).withAnswers(completed.questions()));
            List<String> lines = new ArrayList<>();
            lines.add(language.text(Prompt.FINAL_GOODBYE));
            if (completed.surveyMedium().messaging()) {
                language.optionalText(Prompt.ANSWER_SUMMARY).ifPresent(heading ->
                        lines.add(summary(survey, heading, completed)));
            }
            return decision(survey, completed, Reply.end(lines), all);
        }
        SurveySession asking = edit.ask(next).nextTurn().at(now);
        return decision(survey, asking, Reply.ask(List.of(intro(survey, language, next)), survey.question(next)), all);
    }

    private static String intro(Survey survey, SurveyLanguage language, int index) {
        if (index == 0) {
            return language.text(Prompt.FIRST_QUESTION);
        }
        return language.text(survey.isLast(index) ? Prompt.LAST_QUESTION : Prompt.NEXT_QUESTION);
    }

    /**
     * The answers in the respondent's language (a choice by its label, yes or no in their words), each shortened to
     * {@value #SUMMARY_ANSWER_CHARACTERS} characters: a reminder, not a transcript, so that the goodbye and the
     * summary fit one text.
     */
    private static String summary(Survey survey, String heading, SurveySession session) {
        StringBuilder text = new StringBuilder(heading);
        SurveyLanguage language = survey.language(session.languageSet());
        int number = 1;
        for (int index = 0; index < session.questions().size(); index++) {
            QuestionResult result = session.questions().get(index);
            if (result.answeredAt() == null) {
                // Not on this respondent's path (skip logic): nothing to remind them of.
                continue;
            }
            String answer = result.answer() == null ? "-"
                    : AnswerReader.shown(survey.question(index), language, result.answer()).strip();
            if (answer.length() > SUMMARY_ANSWER_CHARACTERS) {
                answer = PlainText.prefix(answer, SUMMARY_ANSWER_CHARACTERS - 1).stripTrailing() + "…";
            }
            text.append('\n').append(number++).append(". ").append(answer);
        }
        return text.toString();
    }

    /** The session's language's {@code helpReply}, or the survey's default language's when the session has none. */
    private static Optional<String> helpReply(Survey survey, SurveySession session) {
        String tag = session.languageSet() != null && survey.hasLanguage(session.languageSet())
                ? session.languageSet() : survey.defaultLanguage();
        return survey.language(tag).optionalText(Prompt.HELP_REPLY);
    }

    /** What to say again when the respondent asks for HELP or a request is repeated. */
    private static Reply currentStepReply(Survey survey, SurveySession session) {
        SurveyLanguage language = survey.language(session.languageSet());
        switch (session.currentState()) {
            case LANGUAGE_OFFER:
                return Reply.offerLanguages(language.text(Prompt.WELCOME));
            case QUESTION:
                return Reply.ask(List.of(), survey.question(session.questionIndex()));
            case NOT_STARTED:
                return Reply.ask(List.of(), null);
            default:
                return finishedReply(survey, session);
        }
    }

    private static Reply finishedReply(Survey survey, SurveySession session) {
        if (session.surveyStatus() == SurveyStatus.COMPLETED) {
            return Reply.end(List.of(survey.language(session.languageSet()).text(Prompt.SURVEY_COMPLETED_ALREADY)));
        }
        return Reply.end(List.of());
    }

    // ---- rendering ----

    private Decision decision(Survey survey, SurveySession session, Reply reply, List<SurveyEvent> events) {
        return session.surveyMedium() == Channel.VOICE
                ? voiceDecision(survey, session, reply, events)
                : smsDecision(survey, session, reply, events);
    }

    private Decision voiceDecision(Survey survey, SurveySession session, Reply reply, List<SurveyEvent> events) {
        return new Decision(session, callTwiml.render(survey, session, reply), List.of(), events);
    }

    private static Decision smsDecision(Survey survey, SurveySession session, Reply reply, List<SurveyEvent> events) {
        return new Decision(session, null, SmsReplyTexts.render(survey, session, reply), events);
    }

    private static void requireChannel(SurveySession session, Channel channel) {
        if (session.surveyMedium() != channel) {
            throw new WrongChannelException(session.sessionId(), session.surveyMedium(), channel);
        }
    }
}
