package com.surveyrelay.survey;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Hangup;
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
 *
 * <p>This class holds the steps through the questions (start, language, answer, a language named at a question, next
 * question, completion); each other reason a session changes has its own class, which this one creates: the opt-out
 * ({@link OptOut}), a call's final status ({@link FinalCallStatus}), an end given from outside
 * ({@link FinalDisposition}), a survey version that changed ({@link SurveyVersionChange}), silence on a call
 * ({@link NoInput}), words at a keypad question ({@link KeypadQuestionSpeech}), a text with a picture and no words
 * ({@link MediaOnlyText}), the SMS reminder ({@link SmsReminder})
 * and the answer to a text after expiry ({@link ClosedSurveyNotice}); {@link ChannelReplies} renders every reply.
 */
public final class SurveyProcessor {

    /** The key that opts a caller out at any question: star, which no answer uses. */
    public static final String OPT_OUT_KEY = OptOut.KEY;
    /** The end reason of a session whose survey version is gone and whose current version asks other questions. */
    public static final String SURVEY_CHANGED = SurveyVersionChange.SURVEY_CHANGED;
    /** The {@code CallStatus} words of a call that is over: Twilio's final call statuses. */
    public static final Set<String> CALL_OVER = FinalCallStatus.CALL_OVER;
    /** The word, and end reason, of a call Twilio no longer knows (404, error 20404), found over as those are. */
    public static final String CALL_NOT_FOUND = FinalCallStatus.CALL_NOT_FOUND;
    /** The end reason of a call answered by a voicemail or fax ({@link SurveyInput.MachineAnswered}). */
    public static final String MACHINE = "machine";
    /**
     * Twilio's {@code AnsweredBy} values, with {@code MachineDetection=Enable}, of a call answered by no person: a
     * voicemail greeting (detected at its start, or after its beep, silence or something else) or a fax machine.
     * {@code human} and {@code unknown} are not among them: such a call goes on as any other.
     */
    public static final Set<String> MACHINE_ANSWERS = Set.of("machine_start", "machine_end_beep",
            "machine_end_silence", "machine_end_other", "fax");
    /** The end reason of a session nobody answered in time: a late text to it is told once that it closed. */
    public static final String EXPIRED = ClosedSurveyNotice.EXPIRED;
    /**
     * The end reason of a call the service hung up on because storage failed the same step twice (S3 down: the caller
     * heard {@code storageGoodbye}); until 2026-12-07 such a call ended {@code hangup}, as if the caller had hung up.
     * A dropped call's SMS fallback continues it, as it does a {@code hangup}.
     */
    public static final String STORAGE_UNAVAILABLE = "storage-unavailable";
    /** The end reason of a session whose respondent declined it at the welcome ({@link WelcomeDecline}). */
    public static final String DECLINED = WelcomeDecline.DECLINED;
    /** The end reason of a session ended by its respondent's erasure (GDPR article 17). */
    public static final String ERASED = "erased";
    /** The default of {@code SMS_CLOSED_NOTICE_WINDOW}: a late text up to a week after expiry is answered once. */
    public static final java.time.Duration DEFAULT_CLOSED_NOTICE_WINDOW = java.time.Duration.ofDays(7);

    private final Clock clock;
    private final VoiceWebhook voiceWebhook;
    private final ChannelReplies replies;
    private final FinalDisposition disposition;
    private final OptOut optOut;
    private final NoInput noInput;
    private final KeypadQuestionSpeech keypadSpeech;
    private final FinalCallStatus callStatus;
    private final SurveyVersionChange versionChange;
    private final SmsReminder reminder;
    private final ClosedSurveyNotice closedNotice;

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
        this(clock, voiceWebhook, spokenOptOutAtKeypad, DEFAULT_CLOSED_NOTICE_WINDOW);
    }

    /**
     * @param spokenOptOutAtKeypad as {@link #SurveyProcessor(Clock, VoiceWebhook, boolean)}
     * @param closedNoticeWindow how long after an SMS or WhatsApp survey expired a late text is still answered, once,
     *     that it closed ({@link ClosedSurveyNotice}, {@code SMS_CLOSED_NOTICE_WINDOW}); zero for never
     */
    public SurveyProcessor(Clock clock, VoiceWebhook voiceWebhook, boolean spokenOptOutAtKeypad,
            java.time.Duration closedNoticeWindow) {
        this.clock = clock;
        this.voiceWebhook = voiceWebhook;
        this.replies = new ChannelReplies(new CallTwiml(voiceWebhook, spokenOptOutAtKeypad));
        this.disposition = new FinalDisposition(clock);
        this.noInput = new NoInput(replies);
        this.optOut = new OptOut(replies, noInput);
        this.keypadSpeech = new KeypadQuestionSpeech(noInput);
        this.callStatus = new FinalCallStatus(clock, disposition);
        this.versionChange = new SurveyVersionChange(disposition);
        this.reminder = new SmsReminder(clock);
        this.closedNotice = new ClosedSurveyNotice(clock, closedNoticeWindow);
    }

    /** Where this processor's TwiML sends every voice step; the call's first URL is its turn 0. */
    public VoiceWebhook voiceWebhook() {
        return voiceWebhook;
    }

    /**
     * True when a voice input opts out: the {@value #OPT_OUT_KEY} key anywhere in the keys pressed, or an opt-out
     * phrase heard where the call listens for speech ({@link OptOut#isVoiceOptOut}).
     *
     * @param digits Twilio's {@code Digits}, or null
     * @param speech Twilio's {@code SpeechResult}, or null
     */
    public static boolean isVoiceOptOut(ConsentWords consent, String digits, String speech) {
        return OptOut.isVoiceOptOut(consent, digits, speech);
    }

    /**
     * Whether a voice input to {@code session} ends it opted out, and so puts its number on the suppression list: the
     * {@value #OPT_OUT_KEY} key, or an opt-out phrase heard at the survey's {@code minSpeechConfidence} (and, at a
     * keypad question, with a {@code Confidence}), at any step of the call ({@link OptOut#clearOnCall}). Words below
     * the bar are asked again and opt nothing out.
     *
     * @param survey the survey the session's step is decided with (its version's, else the current one)
     */
    public static boolean optsOutOnCall(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        return OptOut.clearOnCall(survey, session, input);
    }

    /**
     * Whether a voice input on a call with no survey session of its own (a voice webhook naming an SMS or WhatsApp
     * session, or none) puts its number on the suppression list: the {@value #OPT_OUT_KEY} key, or an opt-out phrase
     * heard at {@code survey}'s {@code minSpeechConfidence}, else at the default 0.4 ({@link OptOut#clearOffSurvey}).
     *
     * @param survey the named session's survey; null when none is known
     */
    public static boolean optsOutOffSurvey(ConsentWords consent, Survey survey, SurveyInput.VoiceInput input) {
        return OptOut.clearOffSurvey(consent, survey, input);
    }

    /** Whether the session can go on with this survey ({@link SurveyVersionChange#fits}). */
    static boolean fits(Survey survey, SurveySession session) {
        return SurveyVersionChange.fits(survey, session);
    }

    /**
     * A session ended from outside its conversation, as an {@link SurveyInput.Ended} input ends it (the same status,
     * reason and event), for a caller that has no survey to hand: ending needs none. Nothing is stored here.
     *
     * @return the session ended now, with its one event; a session already final as it is, with no event
     */
    public Decision end(SurveySession session, SurveyInput.Ended ended) {
        return disposition.end(session, ended);
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
            return versionChange.end(survey, session, input);
        }
        if (input instanceof SurveyInput.VoiceInput voice) {
            requireChannel(session, Channel.VOICE);
            return onVoice(survey, session, voice);
        }
        if (input instanceof SurveyInput.CallEnded ended) {
            requireChannel(session, Channel.VOICE);
            return callStatus.onCallEnded(session, ended);
        }
        if (input instanceof SurveyInput.MachineAnswered) {
            requireChannel(session, Channel.VOICE);
            return onMachineAnswered(session);
        }
        if (input instanceof SurveyInput.CallFoundOver over) {
            requireChannel(session, Channel.VOICE);
            return callStatus.onCallFoundOver(session, over);
        }
        if (input instanceof SurveyInput.Ended ended) {
            return disposition.end(session, ended);
        }
        if (input instanceof SurveyInput.OptOutTexted) {
            return disposition.optOutTexted(session);
        }
        if (input instanceof SurveyInput.Remind remind) {
            return reminder.remind(survey, session, remind);
        }
        if (input instanceof SurveyInput.ReminderNotSent notSent) {
            return SmsReminder.notSent(session, notSent);
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
     * A call a machine answered: a hang-up, and the open session ended {@code ABANDONED}, reason {@value #MACHINE},
     * with its event ({@link FinalDisposition#end}); a finished one (a repeat of the request) publishes nothing again.
     * Nothing is said, as a voicemail would record it. A session that has recorded an answer was answered by a person,
     * whatever a later verdict says (a status callback's {@code AnsweredBy}): it is left as it is, for the call's
     * status to end it as any call's. Until 2026-12-07 it ended {@code machine} with its answers, and the SMS fallback
     * texted the whole welcome again (a caller's probe).
     */
    private Decision onMachineAnswered(SurveySession session) {
        VoiceResponse hangUp = new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build();
        if (!session.surveyStatus().isFinal()
                && session.questions().stream().anyMatch(question -> question.answer() != null)) {
            return new Decision(session, hangUp, List.of(), List.of());
        }
        Decision ended = disposition.end(session, new SurveyInput.Ended(SurveyStatus.ABANDONED, MACHINE));
        return new Decision(ended.session(), hangUp, ended.messages(), ended.events());
    }

    /**
     * The texts a texted session's start sent, as its {@link SurveyInput.Start} made them: the welcome with the
     * language offer, or a fallback's first question left open, each at most 1,600 characters ({@link SmsTexts}).
     * Made again from the session's survey version, language and answers, which only a reply or a reminder changes;
     * so it holds for a session that has taken neither. Nothing is stored.
     *
     * @param survey the session's survey at its version
     * @param session an open session on a messaging channel that has taken no text and sent no reminder
     * @return the texts in the order sent; empty for a call
     */
    public List<String> firstTexts(Survey survey, SurveySession session) {
        if (session.surveyMedium() == Channel.VOICE) {
            return List.of();
        }
        return start(survey, session.edit().step(SessionStep.NOT_STARTED).at(session.surveyStarted())).messages();
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
        return ChannelReplies.smsDecision(survey, waiting, welcome,
                List.of(SurveyEvent.of(SurveyEventType.SURVEY_STARTED, waiting)));
    }

    /**
     * An SMS session continuing a dropped call: no welcome and no language offer (the call had both), but the
     * language's {@code continueByText} line, how to stop the texts ({@link TextOptOutOffer}: this is the survey's
     * first text) and the first question left unanswered.
     */
    private Decision resume(Survey survey, SurveySession session, int index, Instant now) {
        SurveyLanguage language = survey.language(session.languageSet());
        SurveySession asking = session.edit().ask(index).nextTurn().at(now);
        List<String> opening = new ArrayList<>();
        language.optionalText(Prompt.CONTINUE_BY_TEXT).ifPresent(opening::add);
        TextOptOutOffer.line(language).ifPresent(opening::add);
        List<String> lines = new ArrayList<>();
        if (!opening.isEmpty()) {
            lines.add(String.join("\n", opening));
        }
        if (index == 0) {
            // "First question."; no "Thanks. Next question." (or "Thanks. One last question.") right after "We were
            // cut off", which thanked the respondent for nothing (until 2026-12-07, a caller's probe).
            lines.add(intro(survey, language, index));
        }
        return ChannelReplies.smsDecision(survey, asking, Reply.ask(lines, survey.question(index)),
                List.of(SurveyEvent.of(SurveyEventType.SURVEY_STARTED, asking)));
    }

    // ---- voice ----

    private Decision onVoice(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        // An opt-out counts however late it comes, even after the call's end or the survey's: the number is opted
        // out either way, and the event tells the enterprise. On a survey that ended, once a turn: a retried request
        // (the same turn again) publishes nothing more, nor does a survey that ended opted out.
        boolean optingOut = OptOut.clearOnCall(survey, session, input);
        if (session.surveyStatus().isFinal()) {
            if (optingOut && input.turn() == session.turn()) {
                // Twilio delivers a request again when it did not get the first answer: the caller who opted out
                // hears the confirmation the first answer carried, and nothing is published again.
                return session.surveyStatus() == SurveyStatus.OPTED_OUT
                        ? replies.voiceDecision(survey, session, Reply.end(OptOut.confirmation(survey, session)),
                                List.of())
                        : optOut.end(survey, session, clock.instant(), true);
            }
            return replies.voiceDecision(survey, session, RepeatedStep.finished(survey, session), List.of());
        }
        if (optingOut) {
            return optOut.end(survey, session, clock.instant(), true, input.speech());
        }
        if (session.callEndedAt() != null) {
            return onLateAnswer(survey, session, input);
        }
        if (input.turn() != session.turn() && session.currentState() != SessionStep.NOT_STARTED) {
            // A retried or late request: say the current step again rather than act on it twice. (The welcome takes
            // no input, so a call not yet welcomed is welcomed whatever turn is asked: a storage retry that lost
            // the caller's input, or reached another instance, asks turn -1.)
            return replies.voiceDecision(survey, session, RepeatedStep.current(survey, session), List.of());
        }
        Instant now = clock.instant();
        SurveyLanguage language = survey.language(session.languageSet());
        switch (session.currentState()) {
            case NOT_STARTED:
                if (survey.offersFrom(session.languageSet()).isEmpty()) {
                    return begin(survey, session, session.languageSet(), language.text(Prompt.WELCOME), now);
                }
                return replies.voiceDecision(survey, session.edit().step(SessionStep.LANGUAGE_OFFER).nextTurn().at(now),
                        Reply.offerLanguages(language.text(Prompt.WELCOME)), List.of());
            case LANGUAGE_OFFER:
                if (OptOut.isVoiceOptOut(survey.consent(), input.digits(), input.speech())) {
                    // Opt-out words heard below the bar (a clear opt-out ended the survey above): no survey begins on
                    // a maybe-opt-out, as no answer is taken from one.
                    return optOut.unclearAtOffer(survey, session, now);
                }
                Optional<String> chosen = LanguageChoice.byVoice(survey, session.languageSet(), input);
                if (chosen.isEmpty() && session.invalidAnswers() == 0 && survey.clearlyHeard(input.confidence())
                        && RepeatRequest.asksExplicitly(input.speech(), language)) {
                    // "Who is this?", "Can you repeat that?": the welcome once more, then the survey begins as before
                    // (until 2026-12-07 the first question came at once, a caller's probe). A filler alone ("Hmm",
                    // "Hello?", "Um, okay") begins it, as before.
                    return replies.voiceDecision(survey, session.edit().invalidAnswer().nextTurn().at(now),
                            Reply.offerLanguages(language.text(Prompt.WELCOME)), List.of());
                }
                // Words that end the survey a step later decline the call's welcome too ("I quit", "I'm done"), as a
                // text's do: "Great, let's get started" answered them until 2026-12-07 (a caller's probe).
                if (chosen.isEmpty() && declinesWelcome(survey, input)) {
                    // Told goodbye in the language the decline was said in, with its voice.
                    SurveySession theirs = inDeclinersLanguage(survey, session, input, now);
                    return noInput.hangUp(survey, theirs, WelcomeDecline.DECLINED,
                            WelcomeDecline.goodbye(survey.language(theirs.languageSet())), now);
                }
                return begin(survey, session, chosen.orElse(session.languageSet()), null, now);
            case QUESTION:
                if (input.silent()) {
                    return noInput.onSilence(survey, session, now);
                }
                boolean spoken = input.digits() == null || input.digits().isEmpty();
                if (spoken && survey.clearlyHeard(input.confidence())
                        && leavesMidSurvey(survey, session, input.speech())) {
                    // A caller who says they want out ("I'm done", "I have to go", "ya no quiero seguir") is thanked
                    // and let go, break-off, as a texter is: until 2026-12-07 the call asked again, then skipped to
                    // the next question (a caller's probe).
                    return noInput.hangUp(survey, session, MidSurveyLeave.BREAK_OFF,
                            WelcomeDecline.goodbye(survey.language(session.languageSet())), now);
                }
                if (spoken && survey.question(session.questionIndex()).type() == QuestionType.DTMF) {
                    // A keypad question listens for speech only to hear an opt-out (handled above). Opt-out words
                    // it did not take for one are noted, as at a spoken question (a reviewer's probe, 2026-12-07).
                    Decision heard = keypadSpeech.onWords(survey, session, now);
                    return OptOut.isVoiceOptOut(survey.consent(), null, input.speech())
                            && !heard.session().surveyStatus().isFinal()
                            ? new Decision(heard.session().edit().unclearOptOut(now).at(now), heard.voiceResponse(),
                                    heard.messages(), heard.events())
                            : heard;
                }
                if (!spoken && survey.question(session.questionIndex()).type().freeText()) {
                    // A words question takes keys only so that the star opts out (handled above): other keys are no
                    // answer, and count as a silence, with the line asking for words.
                    return noInput.notAnAnswer(survey, session, language.optionalText(Prompt.ANSWER_MISSING)
                            .map(List::of).orElse(List.of()), now);
                }
                Optional<String> named = LanguageChoice.atQuestionByVoice(survey, session, input);
                if (named.isPresent()) {
                    return switchLanguage(survey, session, named.get(), now);
                }
                if (spoken && asksToHearItAgain(survey, session, language, input.speech())) {
                    // The question again, counted as a silence (so a line that only ever asks this still ends), never
                    // an answer nor a wrong one.
                    return noInput.notAnAnswer(survey, session, List.of(), now);
                }
                String raw = spoken ? input.speech() : input.digits();
                return onAnswer(survey, session, raw, spoken, spoken ? input.confidence() : null, now);
            default:
                throw new IllegalStateException("session " + session.sessionId() + " is finished but not final");
        }
    }

    /**
     * "What?", "Can you repeat that?", "Hello? You're breaking up" ({@link RepeatRequest}) at the open question: no
     * answer, unless the question reads the words as its answer (an option worded "repeat" or "wait").
     */
    private static boolean asksToHearItAgain(Survey survey, SurveySession session, SurveyLanguage language,
            String speech) {
        return asksToHearItAgain(survey, session, language, speech, true);
    }

    /**
     * As {@link #asksToHearItAgain(Survey, SurveySession, SurveyLanguage, String)}, said or texted: by text only an
     * explicit request counts ({@link RepeatRequest#asksExplicitly}: a texted "Sorry" is an answer), and at a words
     * question not understanding alone ("I didn't understand") may be the answer, and is one.
     */
    private static boolean asksToHearItAgain(Survey survey, SurveySession session, SurveyLanguage language,
            String words, boolean spoken) {
        Question question = survey.question(session.questionIndex());
        boolean asks = spoken ? RepeatRequest.asks(words, language) : RepeatRequest.asksExplicitly(words, language);
        if (!asks) {
            return false;
        }
        return question.type().freeText() ? !RepeatRequest.onlyNotUnderstanding(words)
                : AnswerReader.read(question, language, words, spoken).isEmpty();
    }

    /** The keys pressed as the open question reads them: {@code 7*5} is 7.5 where it takes decimals. */
    private static String keys(Survey survey, SurveySession session, String digits) {
        return KeypadDecimal.at(survey, session, digits) ? KeypadDecimal.asNumber(digits) : digits;
    }

    /**
     * The answer to the open question, arriving after the call ended: it is recorded, and the survey completes
     * when it was the last question; otherwise nobody is left to ask the next one, so it ends as a hang-up.
     */
    private Decision onLateAnswer(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        if (session.currentState() == SessionStep.LANGUAGE_OFFER) {
            return onLateWelcomeAnswer(survey, session, input);
        }
        boolean spoken = input.digits() == null || input.digits().isEmpty();
        if (input.turn() != session.turn() || input.silent() || session.currentState() != SessionStep.QUESTION
                || spoken && survey.question(session.questionIndex()).type() == QuestionType.DTMF
                || !spoken && survey.question(session.questionIndex()).type().freeText()
                || spoken && asksToHearItAgain(survey, session, survey.language(session.languageSet()),
                        input.speech())) {
            // Words at a keypad question, and keys at a words question, are never its answer, late or not: on the
            // call they count as a silence. Until 2026-12-07 late words were read as the answer ("for" stored as 4,
            // by a caller's probe). Nor is a request to hear the question again, the words a bad line's last ("Hello?
            // You're breaking up" was stored until 2026-12-07, a caller's probe).
            return replies.voiceDecision(survey, session, Reply.end(List.of()), List.of());
        }
        Instant now = clock.instant();
        Decision answered = onAnswer(survey, session, spoken ? input.speech() : input.digits(), spoken,
                spoken ? input.confidence() : null, now);
        if (answered.session().surveyStatus().isFinal()) {
            return answered;
        }
        SurveySession abandoned = answered.session().edit().end(SurveyStatus.ABANDONED, "hangup", now).at(now);
        List<SurveyEvent> events = new ArrayList<>(answered.events());
        events.add(SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, abandoned).withReason("hangup"));
        return replies.voiceDecision(survey, abandoned, Reply.end(List.of()), events);
    }

    /**
     * The caller's answer to the welcome's language offer that came after the call's {@code completed} (Twilio does not
     * order status callbacks and {@code <Gather>} actions), within {@code CALL_END_GRACE}: the call ends as a hang-up
     * in the language chosen ("2", "español"), so that its SMS fallback texts the welcome in it; a decline ("no
     * thanks") ends it {@code declined}, and opt-out words heard unclearly note so, neither followed by a text. A clear
     * opt-out (the star) was taken before, as at any step. Until 2026-12-07 the welcome ended at {@code completed}, and
     * its fallback text went out before the star, the decline or the language came (a caller's probe).
     *
     * @return the session ended {@code ABANDONED} with its event; unchanged, to wait out the grace, for a retried
     *     turn's request or a silence
     */
    private Decision onLateWelcomeAnswer(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        if (input.turn() != session.turn() || input.silent()) {
            return replies.voiceDecision(survey, session, Reply.end(List.of()), List.of());
        }
        Instant now = clock.instant();
        if (OptOut.isVoiceOptOut(survey.consent(), input.digits(), input.speech())) {
            return noInput.hangUp(survey, session.edit().unclearOptOut(now).at(now), "hangup", List.of(), now);
        }
        Optional<String> chosen = LanguageChoice.byVoice(survey, session.languageSet(), input);
        if (chosen.isEmpty() && declinesWelcome(survey, input)) {
            return noInput.hangUp(survey, inDeclinersLanguage(survey, session, input, now), WelcomeDecline.DECLINED,
                    List.of(), now);
        }
        SurveySession theirs = chosen.filter(tag -> !tag.equals(session.languageSet()))
                .map(tag -> session.edit().language(tag).at(now)).orElse(session);
        return noInput.hangUp(survey, theirs, "hangup", List.of(), now);
    }

    /**
     * Whether a caller's words decline the call's welcome: a decline ({@link WelcomeDecline}), or, clearly heard,
     * words that end the survey a step later ("I quit", {@link MidSurveyLeave#declinesWelcome}).
     */
    private static boolean declinesWelcome(Survey survey, SurveyInput.VoiceInput input) {
        return WelcomeDecline.declines(survey, input)
                || survey.clearlyHeard(input.confidence()) && MidSurveyLeave.declinesWelcome(input.speech());
    }

    /** The session in the language the decline was said in ({@link WelcomeDecline#languageOf}). */
    private static SurveySession inDeclinersLanguage(Survey survey, SurveySession session,
            SurveyInput.VoiceInput input, Instant now) {
        String tag = WelcomeDecline.languageOf(survey, session, input.speech());
        return tag.equals(session.languageSet()) ? session : session.edit().language(tag).at(now);
    }

    // ---- SMS ----

    private Decision onSms(Survey survey, SurveySession session, SurveyInput.SmsReceived input) {
        String reply = Replies.normalise(input.body());
        ConsentWords.Intent twilio = input.twilioIntent();
        ConsentWords.Intent intent = input.intent(survey.consent());
        Instant now = clock.instant();
        if (intent == ConsentWords.Intent.OPT_OUT) {
            // Twilio confirms its own keywords (and blocks anything we send after them); a phrase it did not
            // catch gets our confirmation, once.
            // No carrier keyword handling on WhatsApp: there the confirmation is always ours.
            return optOut.end(survey, session, now, !input.twilioAnswers(), input.body());
        }
        if (input.channel() != session.surveyMedium()) {
            // A WhatsApp message to a number whose survey runs by SMS, or the other way round: not an answer.
            return new Decision(session, null, List.of(), List.of());
        }
        Optional<String> help = intent != ConsentWords.Intent.HELP || input.twilioAnswersHelp() ? Optional.empty()
                : input.fromOptedOut() ? MessagingKeywords.optedOutHelpReply(survey, session.languageSet())
                : MessagingKeywords.helpReply(survey, session, input.body());
        if (session.surveyStatus().isFinal()) {
            // A finished survey: HELP gets the help text alone (none when Twilio answers it); anything else to a
            // completed one is told so, once, but for an SMS START Twilio confirms itself (a second text saying the survey
            // was answered would follow its re-subscribe message); to one abandoned or opted out nothing (Twilio
            // answers START itself), except that a first late answer to one that expired is told, once, that it
            // closed.
            if (intent == ConsentWords.Intent.HELP) {
                return new Decision(session, null, help.map(List::of).orElse(List.of()), List.of());
            }
            boolean twilioConfirmsOptIn = intent == ConsentWords.Intent.OPT_IN && input.channel() == Channel.SMS
                    && (twilio == ConsentWords.Intent.OPT_IN || TwilioKeywords.answered(input.body(), null));
            if (session.surveyStatus() == SurveyStatus.COMPLETED && !twilioConfirmsOptIn) {
                // Once: an auto-responder ("I'm driving") answered every "already answered" with another text, and
                // the two would text each other for ever (break-it probe, 2026-12-05).
                if (session.closedNoticeAt() != null) {
                    return new Decision(session, null, List.of(), List.of());
                }
                SurveySession noted = session.edit().closedNotice(now).at(now);
                return ChannelReplies.smsDecision(survey, noted, RepeatedStep.finished(survey, noted), List.of());
            }
            return intent == ConsentWords.Intent.NONE ? closedNotice.onLateText(survey, session)
                    : new Decision(session, null, List.of(), List.of());
        }
        boolean twilioOptIn = twilio == ConsentWords.Intent.OPT_IN || intent == ConsentWords.Intent.OPT_IN
                && input.channel() == Channel.SMS && TwilioKeywords.answered(input.body(), null)
                && session.currentState() == SessionStep.QUESTION;
        if (twilioOptIn && !MessagingKeywords.answersOpenQuestion(survey, session, input.body())) {
            // Twilio recognised START (it re-subscribed the number and answered itself): not an answer. Its opt-in
            // keywords include YES, which does answer a typed question (yes/no); free words are never a keyword. A
            // bare START or UNSTOP is Twilio's keyword with or without its OptOutType (as at a finished survey above):
            // until 2026-12-06, without it, it was a wrong answer to a choice (a retry spent, after Twilio's own
            // reply) and the answer to a free-text question (a survey author's probe). At the welcome it still gets
            // the welcome again: a respondent texting START there wants the survey to begin.
            return new Decision(session, null, List.of(), List.of());
        }
        if (intent == ConsentWords.Intent.HELP && input.fromOptedOut()) {
            // No question follows the opted-out line to a number on the suppression list (CTIA Messaging Principles).
            return new Decision(session, null, help.map(List::of).orElse(List.of()), List.of());
        }
        if (intent == ConsentWords.Intent.HELP) {
            Reply again = RepeatedStep.current(survey, session);
            return ChannelReplies.smsDecision(survey, session, help.map(again::after).orElse(again), List.of());
        }
        if (intent == ConsentWords.Intent.OPT_IN && session.currentState() == SessionStep.QUESTION
                && !MessagingKeywords.answersOpenQuestion(survey, session, input.body())) {
            // "Start please", "comenzar": an opt-in from a number in a survey asks for nothing, and Twilio answers none
            // of these. The question again, no retry spent: until 2026-12-06 a wrong answer, or a free-text
            // question's answer (a probe of the bare START's change).
            return ChannelReplies.smsDecision(survey, session, RepeatedStep.current(survey, session), List.of());
        }
        boolean openStep = session.currentState() == SessionStep.LANGUAGE_OFFER
                || session.currentState() == SessionStep.QUESTION;
        if (input.mediaOnly() && openStep) {
            // A picture or a voice note and no words: no answer, and no wrong one either.
            return MediaOnlyText.onMedia(survey, session, now);
        }
        switch (session.currentState()) {
            case LANGUAGE_OFFER:
                // A reply the welcome cannot read is counted, so the results tell a respondent who replied and left
                // (a drop-off) from one who never replied (no response).
                return LanguageChoice.bySms(survey, session.languageSet(), input.body())
                        .map(tag -> begin(survey, session, tag, null, now))
                        .orElseGet(() -> WelcomeDecline.declinesText(input.body())
                                || MidSurveyLeave.declinesWelcome(input.body())
                                ? declined(survey, session, input.body(), now)
                                : intent == ConsentWords.Intent.OPT_IN ? startAgain(survey, session)
                                : welcomeAgain(survey, session, now));
            case QUESTION:
                return LanguageChoice.atQuestion(survey, session, input.body())
                        .map(tag -> switchLanguage(survey, session, tag, now))
                        .orElseGet(() -> asksToHearItAgain(survey, session, survey.language(session.languageSet()),
                                input.body(), false) ? textedAgain(survey, session, input.body(), now)
                                : leavesMidSurvey(survey, session, input.body()) ? leftMidSurvey(survey, session, now)
                                : onAnswer(survey, session, input.body(), false, null, now));
            default:
                throw new IllegalStateException("session " + session.sessionId() + " has not started");
        }
    }

    /**
     * "Who is this?", "Can you repeat that?", "I don't understand" texted at a question it does not answer
     * ({@link RepeatRequest#asksExplicitly}): the help text ({@code helpReply}, which says who asks) and the question
     * again, a retry spent, as any reply that is no answer (so a reply sent again and again is not asked again for
     * ever: a reviewer's probe), but no "that answer doesn't fit". Until 2026-12-07 such a text was stored as the
     * answer to a words question (a caller's probe). Past {@code maxRetries} it is read as an answer.
     */
    private Decision textedAgain(Survey survey, SurveySession session, String body, Instant now) {
        if (session.invalidAnswers() >= survey.maxRetries()) {
            return onAnswer(survey, session, body, false, null, now);
        }
        Reply again = RepeatedStep.current(survey, session);
        return ChannelReplies.smsDecision(survey, session.edit().invalidAnswer().at(now),
                MessagingKeywords.helpReply(survey, session, body).map(again::after).orElse(again), List.of());
    }

    /**
     * START, UNSTOP or another opt-in word texted to the welcome: the welcome again, as the respondent wants the survey
     * to begin, but no reply the welcome could not read. Until 2026-12-07 it was counted as one, so a respondent who
     * texted only START counted as a drop-off at the welcome, not as no response, and used up one of the welcome's
     * repeats (an analyst's probe); Twilio answers START itself, as HELP, which never counted.
     */
    private static Decision startAgain(Survey survey, SurveySession session) {
        return ChannelReplies.smsDecision(survey, session, RepeatedStep.current(survey, session), List.of());
    }

    /**
     * A reply the welcome cannot read: counted, and answered with the welcome again, {@code maxRetries} times at most.
     * After that such replies get nothing (the welcome's words still begin the survey, an opt-out or HELP still
     * counts): an auto-responder ("I'm driving", an out-of-office) answers every text it gets, and the welcome it
     * got again, some 250 characters, two or three segments each time, went back and forth with it for ever.
     */
    private static Decision welcomeAgain(Survey survey, SurveySession session, Instant now) {
        SurveySession counted = session.edit().invalidAnswer().at(now);
        // At least once, as a picture's reply (MediaOnlyText): with maxRetries 0 a respondent's first "Who is this?"
        // got no reply at all, where a caller heard the welcome again (a survey author's probe, 2026-12-07).
        if (session.invalidAnswers() >= Math.max(1, survey.maxRetries())) {
            return new Decision(counted, null, List.of(), List.of());
        }
        return ChannelReplies.smsDecision(survey, counted, RepeatedStep.current(survey, session), List.of());
    }

    /**
     * A texted welcome declined ("No thanks", {@link WelcomeDecline#declinesText}): the language's
     * {@code declinedGoodbye} texted once, and the session ended {@code ABANDONED}, reason
     * {@value WelcomeDecline#DECLINED}, with its event: no welcome again, no reminder. Not an opt-out. The goodbye is
     * in the language the decline was written in ({@link WelcomeDecline#languageOf}), the session's then.
     */
    private static Decision declined(Survey survey, SurveySession session, String body, Instant now) {
        String tag = WelcomeDecline.languageOf(survey, session, body);
        SurveySession.Edit edit = tag.equals(session.languageSet()) ? session.edit() : session.edit().language(tag);
        SurveySession ended = edit.end(SurveyStatus.ABANDONED, WelcomeDecline.DECLINED, now).at(now);
        return ChannelReplies.smsDecision(survey, ended, Reply.end(WelcomeDecline.goodbye(survey.language(tag))),
                List.of(SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, ended).withReason(WelcomeDecline.DECLINED)));
    }

    /** Whether a text at the open question leaves the survey ({@link MidSurveyLeave}). */
    private static boolean leavesMidSurvey(Survey survey, SurveySession session, String body) {
        Question question = survey.question(session.questionIndex());
        return MidSurveyLeave.leaves(question, body,
                () -> AnswerReader.read(question, survey.language(session.languageSet()), body, false));
    }

    /**
     * A texted survey left at a question ({@link MidSurveyLeave}): ended {@code ABANDONED}, reason {@value
     * MidSurveyLeave#BREAK_OFF}, with its event, and the session language's {@code declinedGoodbye} texted once; the
     * open question stays unanswered, where the respondent left (and where the results count them).
     */
    private static Decision leftMidSurvey(Survey survey, SurveySession session, Instant now) {
        SurveySession ended = session.edit().end(SurveyStatus.ABANDONED, MidSurveyLeave.BREAK_OFF, now).at(now);
        return ChannelReplies.smsDecision(survey, ended,
                Reply.end(WelcomeDecline.goodbye(survey.language(session.languageSet()))),
                List.of(SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, ended).withReason(MidSurveyLeave.BREAK_OFF)));
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
        return replies.decision(survey, asking, Reply.ask(lines, survey.question(0)), List.of());
    }

    /**
     * A typed question given another offered language's words instead of an answer ({@link
     * LanguageChoice#atQuestion}): the session goes on in that language, switched as the language offer switches it
     * (its {@code languageSet} alone, no event), and the same question is asked again in it. The reply is no invalid
     * answer: it neither counts toward {@code maxRetries} nor is stored.
     */
    private Decision switchLanguage(Survey survey, SurveySession session, String tag, Instant now) {
        SurveySession switched = session.edit().language(tag).nextTurn().at(now);
        if (switched.surveyMedium() == Channel.VOICE && switched.currentState() == SessionStep.QUESTION) {
            // The star offer was said in the call's first language only: a caller who asked for another never heard
            // how to stop the calls in theirs (until 2026-12-07, a caller's probe).
            List<String> offer = survey.language(tag).optionalText(Prompt.OPT_OUT_VOICE_OFFER).map(List::of)
                    .orElse(List.of());
            return replies.decision(survey, switched, Reply.ask(offer, survey.question(switched.questionIndex())),
                    List.of());
        }
        return replies.decision(survey, switched, RepeatedStep.current(survey, switched), List.of());
    }

    /**
     * An answer to the open question: recorded when the question reads it, else asked again with what a valid answer
     * looks like, until {@code maxRetries} wrong answers skip the question. A spoken one must also be heard clearly
     * ({@link Survey#clearlyHeard}: a {@code SpeechResult} without a {@code Confidence} is taken). Unclear words that
     * are an opt-out phrase (one below the bar, {@link OptOut#heardClearly}) are asked again with the language's
     * {@code optOutVoiceOffer} (press star) after {@code speechUnclear}. A request to skip the question
     * ({@link SkipRequest}: "skip", "next question") the question does not read as its answer skips it at once.
     *
     * @param spoken whether {@code raw} is Twilio's {@code SpeechResult} (else keys or a text)
     * @param confidence Twilio's {@code Confidence} of spoken words, or null
     */
    private Decision onAnswer(Survey survey, SurveySession session, String raw, boolean spoken, Double confidence,
            Instant now) {
        int index = session.questionIndex();
        Question question = survey.question(index);
        SurveyLanguage language = survey.language(session.languageSet());
        boolean unclear = spoken && !survey.clearlyHeard(confidence);
        // The keys are kept as pressed ("7*5"), and read as the number they type (until 2026-12-07 kept as "7.5").
        StoredInput kept = StoredInput.of(raw, session.surveyMedium());
        String read = !spoken && session.surveyMedium() == Channel.VOICE ? keys(survey, session, kept.text())
                : kept.text();
        // Keys with a star that type no number ("37*", "7*5*") are asked again where the star is the point, keyed or
        // texted: read as digits, "37*" was stored as 37 (a survey author's and a breaker's probes, 2026-12-07).
        boolean unreadKeys = !spoken && KeypadDecimal.keyedAsANumber(survey, session, kept.text())
                && !KeypadDecimal.at(survey, session, kept.text());
        Optional<Object> value = unclear || unreadKeys ? Optional.empty()
                : AnswerReader.read(question, language, read, spoken);
        QuestionResult previous = session.questions().get(index);
        // "No sé", "no comment" read as "no" at a yes-or-no question (a reviewer's probe, 2026-12-07): not knowing
        // skips it too.
        boolean skipping = !unclear && ((value.isEmpty() || question.type().freeText()) && SkipRequest.asks(raw)
                || (value.isEmpty() || question.type() == QuestionType.YES_NO) && !question.type().freeText()
                && SkipRequest.declinesToAnswer(raw));
        if (value.isEmpty() || skipping) {
            if (skipping || session.invalidAnswers() >= survey.maxRetries()) {
                // Words heard below the bar are never recorded, as the caller is told ("nothing was recorded"): until
                // 2026-12-07 the last of them was kept as the skipped question's rawInput, and exported.
                QuestionResult skipped = previous.skippedAfter(unclear ? StoredInput.NOTHING : kept,
                        session.surveyMedium(), now);
                return advance(survey, session.edit().result(index, skipped), List.of(), now, true);
            }
            boolean unclearOptOut = unclear && OptOut.isVoiceOptOut(survey.consent(), null, raw);
            SurveySession.Edit edit = session.edit().invalidAnswer().nextTurn();
            SurveySession again = (unclearOptOut ? edit.unclearOptOut(now) : edit).at(now);
            List<String> lines = new ArrayList<>();
            if (unclearOptOut) {
                // An opt-out heard unclearly is no opt-out (it is permanent): the caller is told how to make sure.
                lines.addAll(OptOut.unclearLines(language));
            } else if (unclear) {
                language.optionalText(Prompt.SPEECH_UNCLEAR).ifPresent(lines::add);
            }
            if (!unclear || question.type() == QuestionType.YES_NO || question.type() == QuestionType.CHOICE) {
                // After unclear words, the form of an answer only where it names the answers (yes or no, the
                // options): to a words question "we didn't get an answer" would contradict it, and to a number "that
                // answer doesn't fit" blamed a "five" heard unclearly (until 2026-12-07, a caller's probe); the
                // question, said again, gives its range.
                AnswerReader.expected(language, question, session.surveyMedium().messaging()).ifPresent(lines::add);
            }
            return replies.decision(survey, again, Reply.ask(lines, question), List.of());
        }
        QuestionResult answered = previous.answered(value.get(), kept, confidence, session.surveyMedium(), now);
        SurveySession.Edit edit = session.edit().result(index, answered);
        List<SurveyEvent> events = List.of(
                SurveyEvent.of(SurveyEventType.ANSWER_RECORDED, edit.at(now)).withAnswer(answered));
        return advance(survey, edit, events, now);
    }

    /** After a question was answered or skipped: the question its skip logic names next, or the end. */
    private Decision advance(Survey survey, SurveySession.Edit edit, List<SurveyEvent> events, Instant now) {
        return advance(survey, edit, events, now, false);
    }

    /**
     * As {@link #advance(Survey, SurveySession.Edit, List, Instant)}; after a question skipped past
     * {@code maxRetries} ({@code skipped}), the next is introduced by {@link SkippedQuestion}'s line.
     */
    private Decision advance(Survey survey, SurveySession.Edit edit, List<SurveyEvent> events, Instant now,
            boolean skipped) {
        SurveySession current = edit.at(now);
        int index = current.questionIndex();
        SurveyLanguage language = survey.language(current.languageSet());
        List<SurveyEvent> all = new ArrayList<>(events);
        int next = survey.next(index, current.questions());
        if (next < 0) {
            SurveySession completed = edit.complete(now).at(now);
            all.add(SurveyEvent.of(SurveyEventType.SURVEY_COMPLETED, completed).withAnswers(completed.questions()));
            List<String> lines = new ArrayList<>();
            lines.add(language.text(Prompt.FINAL_GOODBYE));
            if (completed.surveyMedium().messaging()) {
                language.optionalText(Prompt.ANSWER_SUMMARY).ifPresent(heading ->
                        lines.add(AnswerSummary.summary(survey, heading, completed)));
            }
            return replies.decision(survey, completed, Reply.end(lines), all);
        }
        SurveySession asking = edit.ask(next).nextTurn().at(now);
        String intro = intro(survey, language, next);
        return replies.decision(survey, asking,
                Reply.ask(List.of(skipped ? SkippedQuestion.line(language, intro) : intro), survey.question(next)),
                all);
    }

    private static String intro(Survey survey, SurveyLanguage language, int index) {
        if (index == 0) {
            return language.text(Prompt.FIRST_QUESTION);
        }
        return language.text(survey.isLast(index) ? Prompt.LAST_QUESTION : Prompt.NEXT_QUESTION);
    }

    private static void requireChannel(SurveySession session, Channel channel) {
        if (session.surveyMedium() != channel) {
            throw new WrongChannelException(session, channel);
        }
    }
}
