package com.surveyrelay.conversation;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Prompt;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyLanguage;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a caller hears when a voice step cannot be stored (S3 answering 5xx, hanging past its timeout, resetting):
 * never Twilio's generic "application error" in English, but valid TwiML in the survey's language and voice.
 * <ol>
 *   <li>the first time, the language's {@code storageApology} ("one moment, please"), a {@value #PAUSE_SECONDS} s
 *   pause, and a {@code <Redirect>} to the same step with {@code retry=1}; the caller's input (the keys pressed,
 *   the words said) is kept in memory, so the retry applies it rather than counting a silence;
 *   <li>when the retry fails too, {@code storageGoodbye} and a hang-up, kept ({@link #keptHangUp}): the call's
 *   status callback, once storage takes it, ends the session {@code storage-unavailable}, not {@code hangup} (on
 *   another instance, which knows nothing of it, {@code hangup}); the sweep closes it ({@code expired}) if nothing
 *   else does.
 * </ol>
 * The language is the one this instance last saw the session in, else the survey's default: on a failure the
 * session itself cannot be read. A retry that reaches another instance finds no kept input and says the step again.
 *
 * <p>The caller's input stays kept ({@link #keptInput}) when the call ends before its retry takes it (the caller hangs
 * up during the apology) and when the retry fails too: the call's status callback, and its retries, apply it before
 * the call's end, so that an answer given during an outage is not lost with the line (until 2026-12-07 it was, and the
 * SMS fallback asked the question again).
 */
@Component
public class VoiceApologies {

    static final int PAUSE_SECONDS = 2;
    private static final int REMEMBERED = 10_000;

    private final SurveyCatalog catalog;
    private final SurveyProcessor processor;
    private final Map<String, Seen> sessions = lru();
    private final Map<String, KeptInput> inputs = lru();
    private final Map<String, SurveyInput.VoiceInput> optOuts = lru();
    /** The {@code CallSid} (or "" when the step named none) of each call hung up on here, by session id. */
    private final Map<String, String> hangUps = lru();

    public VoiceApologies(SurveyCatalog catalog, SurveyProcessor processor) {
        this.catalog = catalog;
        this.processor = processor;
    }

    private static <V> Map<String, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    /**
     * The input of a call step storage could not take, kept by session id until its retry or the call's end applies it.
     *
     * @param turn the step's turn, as its webhook URL gave it
     * @param input the keys or words the caller gave
     * @param callSid the {@code CallSid} of the call the step came on, so that only that call's step applies it
     */
    record KeptInput(int turn, SurveyInput.VoiceInput input, String callSid) {
    }

    /** The survey version and language a session was last seen in. */
    private record Seen(String surveyId, String version, String language) {
    }

    /** The session's survey and language as a step just stored it, for an apology later. */
    void remember(SurveySession session) {
        sessions.put(session.sessionId(), new Seen(session.surveyId(), session.surveyVersion(),
                session.languageSet()));
    }

    /**
     * The input a failed step was given, for its retry on this instance; removed as it is taken, so that the retry and
     * the call's end cannot both apply it. Empty when none is kept for that turn.
     */
    Optional<SurveyInput.VoiceInput> inputFor(String sessionId, int turn) {
        KeptInput kept = inputs.get(sessionId);
        return kept != null && kept.turn() == turn && inputs.remove(sessionId, kept) ? Optional.of(kept.input())
                : Optional.empty();
    }

    /** The input kept for the session's step that storage could not take, if one is; it stays until applied. */
    Optional<KeptInput> keptInput(String sessionId) {
        return Optional.ofNullable(inputs.get(sessionId));
    }

    /** Forgets {@code kept} once the call's end has applied it (not a newer input kept since). */
    void inputApplied(String sessionId, KeptInput kept) {
        inputs.remove(sessionId, kept);
    }

    /**
     * Keeps an opt-out whose step could not be stored, even on its retry, until {@link #optOutApplied}: the call's
     * status callback, and the retries, record it first. In memory, as the keys of a retried step are.
     */
    void keepOptOut(String sessionId, SurveyInput.VoiceInput input) {
        optOuts.put(sessionId, input);
    }

    /** The opt-out kept for the session, if one is; it stays kept until {@link #optOutApplied}. */
    Optional<SurveyInput.VoiceInput> keptOptOut(String sessionId) {
        return Optional.ofNullable(optOuts.get(sessionId));
    }

    /** Forgets the session's kept opt-out, once it is stored. */
    void optOutApplied(String sessionId) {
        optOuts.remove(sessionId);
    }

    /**
     * The call of the session that this instance hung up on because storage failed its step twice, if it did: its
     * {@code CallSid}, or "" when the step named none. The call's status callback ends the session
     * {@link com.surveyrelay.survey.SurveyProcessor#STORAGE_UNAVAILABLE} with it rather than {@code hangup}; kept until
     * {@link #hangUpApplied}.
     */
    Optional<String> keptHangUp(String sessionId) {
        return Optional.ofNullable(hangUps.get(sessionId));
    }

    /** Forgets the session's kept hang-up, once its end is stored (or the session had ended already). */
    void hangUpApplied(String sessionId) {
        hangUps.remove(sessionId);
    }

    /**
     * The TwiML for a step that could not be stored; keeps the caller's input ({@link #keptInput}), for the retry or
     * for the call's end.
     *
     * @param input the step's keys or words; the retry's when {@code retried} (a turn of -1 when it found none kept)
     * @param callSid the call's {@code CallSid}; null when the request had none
     * @param retried true when this was already the step's retry: then the call ends politely, and the hang-up is
     *     kept ({@link #keptHangUp}) so that the call's end is told as ours, not the caller's
     */
    String apologise(String sessionId, int turn, SurveyInput.VoiceInput input, String callSid, boolean retried) {
        Seen seen = sessions.get(sessionId);
        Optional<Survey> known = seen == null ? Optional.empty() : catalog.loaded(seen.surveyId(), seen.version());
        Survey survey = known.or(catalog::defaultSurvey).orElse(null);
        VoiceResponse.Builder twiml = new VoiceResponse.Builder();
        if (survey == null) {
            hangUps.put(sessionId, callSid == null ? "" : callSid);
            return twiml.hangup(new Hangup.Builder().build()).build().toXml();
        }
        String tag = seen == null ? survey.defaultLanguage() : seen.language();
        SurveyLanguage language = survey.hasLanguage(tag) ? survey.language(tag) : survey.language(
                survey.defaultLanguage());
        if (retried) {
            if (input.turn() == turn) {
                inputs.put(sessionId, new KeptInput(turn, input, callSid)); // for the call's end, which comes next
            }
            language.optionalText(Prompt.STORAGE_GOODBYE).ifPresent(text -> twiml.say(say(text, language)));
            hangUps.put(sessionId, callSid == null ? "" : callSid);
            return twiml.hangup(new Hangup.Builder().build()).build().toXml();
        }
        inputs.put(sessionId, new KeptInput(turn, input, callSid));
        language.optionalText(Prompt.STORAGE_APOLOGY).ifPresent(text -> twiml.say(say(text, language)));
        URI again = URI.create(processor.voiceWebhook().forTurn(sessionId, turn) + "&retry=1");
        return twiml.pause(new Pause.Builder().length(PAUSE_SECONDS).build())
                .redirect(new Redirect.Builder(again).method(HttpMethod.POST).build())
                .build().toXml();
    }

    /** The text said in the language's voice. */
    static Say say(String text, SurveyLanguage language) {
        return new Say.Builder(text).voice(language.voice()).language(language.sayLanguage()).build();
    }
}
