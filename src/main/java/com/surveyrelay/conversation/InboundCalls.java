package com.surveyrelay.conversation;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.VoicePaths;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.InboundCallGreeting;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.twilio.TwilioRequest;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls to the survey number ({@code VOICE_INCOMING_PATH}, {@code /voice/incoming}, the number's "A call comes in"
 * webhook): a respondent calling back the number that called or texted them hears who calls and may stop the calls and
 * texts there and then ({@link InboundCallGreeting}). Until 2026-12-07 nothing answered such a call.
 *
 * <p>The star key, or an opt-out phrase heard at the default survey's {@code minSpeechConfidence} (else 0.4), puts the
 * caller's number ({@code From}) on the suppression list, source {@code voice-key} or {@code voice-phrase}, keeping
 * the {@code CallSid} (a repeat of the request after an opt-in since changes nothing), and ends its open sessions
 * ({@code OPTED_OUT}, each with its event); the caller hears the default survey's {@code optOutConfirmation}, else the
 * English one. Opt-out words heard below the bar get the greeting again once, after {@code speechUnclear}, then the
 * survey's {@code notUnderstoodGoodbye} (how to stop the calls); anything else, or nothing, is hung up on. No survey
 * is started and no session is stored: the suppression list is the record, and a number with no open session
 * publishes no event (as for a text from a number never surveyed).
 */
@Component
public class InboundCalls {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);
    /** The greeting's {@code <Gather>} action: {@code ?step=reply}, and {@code &again=1} once it was said twice. */
    static final String REPLY = "reply";

    private final SurveyCatalog catalog;
    private final RespondentConsent consent;
    private final OptOutEverywhere optOutEverywhere;
    private final WebhookSteps webhookSteps;
    private final StatusCallbackRetries retries;
    private final URI reply;

    public InboundCalls(SurveyCatalog catalog, RespondentConsent consent, OptOutEverywhere optOutEverywhere,
            WebhookSteps webhookSteps, StatusCallbackRetries retries, SurveyRelayProperties settings,
            VoicePaths paths) {
        this.catalog = catalog;
        this.consent = consent;
        this.optOutEverywhere = optOutEverywhere;
        this.webhookSteps = webhookSteps;
        this.retries = retries;
        this.reply = settings.publicUrl(paths.incomingPath());
    }

    /**
     * A call to the survey number, or the caller's key or words after its greeting ({@code ?step=reply}).
     *
     * @param request the signed webhook request: {@code From} (the caller), {@code CallSid}; after the greeting
     *     {@code Digits}, {@code SpeechResult}, {@code Confidence}
     * @return the greeting's TwiML; after it, the opt-out's confirmation and a hang-up, the greeting again once for
     *     words heard below the bar, or a hang-up
     * @throws HttpProblem 400 {@code invalid_voice_webhook} for a {@code step} other than {@code reply}
     */
    public WebhookReply onIncoming(TwilioRequest request) {
        String step = request.queryParam("step");
        Optional<Survey> survey = catalog.defaultSurvey();
        if (step == null) {
            LOG.info("A call to the survey number: greeted");
            return new WebhookReply(InboundCallGreeting.twiml(survey, false, replyUrl(false)));
        }
        if (!REPLY.equals(step)) {
            throw new HttpProblem(400, "invalid_voice_webhook", "The webhook URL's step is not valid: leave it out "
                    + "for a call to the survey number.");
        }
        SurveyInput.VoiceInput input = new SurveyInput.VoiceInput(1, request.param("Digits"),
                request.param("SpeechResult"), CallWebhooks.confidence(request.param("Confidence")));
        if (!SurveyProcessor.optsOutOffSurvey(catalog.consent(), survey.orElse(null), input)) {
            boolean words = SurveyProcessor.isVoiceOptOut(catalog.consent(), null, input.speech());
            if (words && !"1".equals(request.queryParam("again"))) {
                LOG.info("A call to the survey number: opt-out words heard below the bar, greeted again");
                return new WebhookReply(InboundCallGreeting.twiml(survey, true, replyUrl(true)));
            }
            if (words) {
                LOG.info("A call to the survey number: opt-out words heard below the bar twice, told how to stop");
                return new WebhookReply(InboundCallGreeting.notUnderstood(survey));
            }
            LOG.info("A call to the survey number: no opt-out, hung up");
            return new WebhookReply(CallWebhooks.hangUp());
        }
        Optional<E164> caller = WithheldCallerId.caller(request.param("From"));
        if (caller.isEmpty()) {
            LOG.info("A call to the survey number from a hidden or invalid number asked to opt out: not recorded");
            return new WebhookReply(CallWebhooks.sayInEnglishThenHangUp(HIDDEN_NUMBER));
        }
        recordOptOut(caller.get(), input, CallWebhooks.isCallSid(request.param("CallSid"))
                ? request.param("CallSid") + "/inbound" : null);
        return new WebhookReply(CallWebhooks.confirmation(survey));
    }

    /**
     * Publishes the opt-out with the caller's last survey call; a repeat publishes nothing more (the session notes the
     * opt-out, optedOutAfterEnd, with its event).
     *
     * @throws RuntimeException when storage fails, for the opt-out to be tried again; any other failure is logged
     */
    private void publishWithLastCall(E164 caller) {
        try {
            optOutEverywhere.publishWithLastCall(caller, null).ifPresent(webhookSteps::hand);
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) != null) {
                throw e;
            }
            LOG.warn("Opt-out of a call to the survey number not published with the last survey call, stored all the "
                    + "same: {}", e instanceof HttpProblem problem ? problem.status() + " " + problem.code()
                    : e.toString());
        }
    }

    /**
     * What a caller whose number Twilio does not give ({@code From} "anonymous", no E.164, or a stand-in for a withheld
     * caller ID, {@link WithheldCallerId}) hears.
     */
    static final String HIDDEN_NUMBER = "Your number is hidden, so we cannot stop our calls to it from this call. "
            + "Call again without hiding it, or reply STOP to one of our texts. Goodbye.";

    /**
     * Puts the caller on the suppression list and ends their open sessions, one webhook of the number at a time; with
     * none open, publishes the opt-out with the number's last survey call, as a STOP texted by a number with no SMS
     * survey is ({@link OptOutEverywhere#publishWithLastCall}: until 2026-12-07 an opt-out on the survey number's line
     * of a number with no open session published nothing, and a CRM fed by the events never learned of it, a caller's
     * probe). A last call whose step fails otherwise than for storage (its survey retired) publishes nothing, and the
     * opt-out stands.
     * When storage fails it is tried again on this instance, as a caller's opt-out during a survey is (about an hour,
     * {@link StatusCallbackRetries}); the caller is told it is done meanwhile.
     */
    private void recordOptOut(E164 caller, SurveyInput.VoiceInput input, String sid) {
        String source = input.digits() != null && input.digits().contains(SurveyProcessor.OPT_OUT_KEY)
                ? RespondentRecords.Sources.VOICE_KEY : RespondentRecords.Sources.VOICE_PHRASE;
        Runnable optOut = () -> webhookSteps.oneAtATime(caller, () -> {
            consent.optOut(caller, source, sid);
            if (optOutEverywhere.endOpenSessions(caller, null) == 0) {
                publishWithLastCall(caller);
            }
            return null;
        });
        try {
            optOut.run();
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) == null) {
                throw e;
            }
            LOG.warn("Opt-out of a call to the survey number not stored ({}); retrying", e.toString());
            retries.retry("(call to the survey number)", StatusCallbackRetries.VOICE_OPT_OUT, optOut);
        }
    }

    private URI replyUrl(boolean again) {
        return URI.create(reply + "?step=" + REPLY + (again ? "&again=1" : ""));
    }
}
