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
 *   <li>when the retry fails too, {@code storageGoodbye} and a hang-up; the session stays open and the sweep
 *   closes it ({@code expired}) if nothing else does.
 * </ol>
 * The language is the one this instance last saw the session in, else the survey's default: on a failure the
 * session itself cannot be read. A retry that reaches another instance finds no kept input and says the step again.
 */
@Component
public class VoiceApologies {

    static final int PAUSE_SECONDS = 2;
    private static final int REMEMBERED = 10_000;

    private final SurveyCatalog catalog;
    private final SurveyProcessor processor;
    private final Map<String, Seen> sessions = lru();
    private final Map<String, SurveyInput.VoiceInput> inputs = lru();
    private final Map<String, SurveyInput.VoiceInput> optOuts = lru();

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

    /** The survey version and language a session was last seen in. */
    private record Seen(String surveyId, String version, String language) {
    }

    /** The session's survey and language as a step just stored it, for an apology later. */
    void remember(SurveySession session) {
        sessions.put(session.sessionId(), new Seen(session.surveyId(), session.surveyVersion(),
                session.languageSet()));
    }

    /** The input a failed step was given, for its retry on this instance; removed as it is taken. */
    Optional<SurveyInput.VoiceInput> inputFor(String sessionId, int turn) {
        return Optional.ofNullable(inputs.remove(sessionId + "/" + turn));
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
     * The TwiML for a step that could not be stored.
     *
     * @param retried true when this was already the step's retry: then the call ends politely
     */
    String apologise(String sessionId, int turn, SurveyInput.VoiceInput input, boolean retried) {
        Seen seen = sessions.get(sessionId);
        Optional<Survey> known = seen == null ? Optional.empty() : catalog.loaded(seen.surveyId(), seen.version());
        Survey survey = known.or(catalog::defaultSurvey).orElse(null);
        VoiceResponse.Builder twiml = new VoiceResponse.Builder();
        if (survey == null) {
            return twiml.hangup(new Hangup.Builder().build()).build().toXml();
        }
        String tag = seen == null ? survey.defaultLanguage() : seen.language();
        SurveyLanguage language = survey.hasLanguage(tag) ? survey.language(tag) : survey.language(
                survey.defaultLanguage());
        if (retried) {
            language.optionalText(Prompt.STORAGE_GOODBYE).ifPresent(text -> twiml.say(say(text, language)));
            return twiml.hangup(new Hangup.Builder().build()).build().toXml();
        }
        inputs.put(sessionId + "/" + turn, input);
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
