package com.surveyrelay.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.MachineDetection;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends texts, places calls and hangs them up through Twilio's REST API, inside the time a webhook or a start may
 * take: each request goes through {@link TwilioRequests} (its time limits and retries), and a failure is answered as
 * {@link TwilioErrors} says.
 *
 * <ul>
 *   <li><b>Outcome unknown:</b> a request that left but got no answer (a read timeout, a reset) is never retried,
 *   since Twilio may have acted on it: {@code 502 twilio_outcome_unknown}. The caller keeps the survey open and
 *   its idempotency key, so nothing is sent twice.
 *   <li><b>Refusals:</b> an opted-out number (21610) is {@code 422 recipient_opted_out}, an invalid one
 *   {@code 422 invalid_recipient}; other refusals {@code 502 twilio_error}; no connection at all after the
 *   retries {@code 502 twilio_unreachable} (nothing went out).
 * </ul>
 *
 * <p>Every text names {@value #MESSAGE_STATUS_PATH} under {@code PUBLIC_BASE_URL} as its {@code StatusCallback}, as
 * every call names its status path: without it Twilio reports nothing of a text sent from a plain number (a Messaging
 * Service would use its own status callback URL, which the per-message one overrides), and a text Twilio accepted and
 * the carrier then refused (30003 to 30008, 21610) went unnoticed. {@code TEXT_STATUS_CALLBACK=false} leaves it out,
 * for an operator whose Messaging Service's own status callback URL is to keep the reports.
 *
 * <p>What Twilio holds of a call or text (its status, the calls to a number) is asked by {@link TwilioLookups}.
 */
@Component
public class TwilioGateway {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioGateway.class);
    /**
     * The code of a read Twilio answered 404 with error 20404: it knows no such resource, or (a wrong account SID) none
     * of the account's.
     */
    public static final String NOT_FOUND = "twilio_not_found";
    /** The code of a request that never reached Twilio. */
    public static final String TWILIO_UNREACHABLE = "twilio_unreachable";
    /** The code of a request that left without an answer: it may have gone out. */
    public static final String OUTCOME_UNKNOWN = "twilio_outcome_unknown";

    /**
     * Where Twilio posts each text's status ({@code routes/message-status.camel.yaml} listens on it), under
     * {@code PUBLIC_BASE_URL}.
     */
    public static final String MESSAGE_STATUS_PATH = "/sms/status";

    /** How far before the first attempt Twilio's creation date of the text may lie (its clock and ours differ). */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(30);

    /** Writes a template's {@code ContentVariables}, a JSON object of strings. */
    private static final ObjectMapper VARIABLES = new ObjectMapper();

    private final TwilioRequests requests;
    private final TwilioProperties twilio;
    private final URI messageStatusUrl;
    private final MachineDetection machineDetection;
    private final TwilioLookups lookups;

    /**
     * The texts' {@code StatusCallback} is {@value #MESSAGE_STATUS_PATH} under {@code PUBLIC_BASE_URL}, unless
     * {@code TEXT_STATUS_CALLBACK=false}: then texts name none, and a Messaging Service's own status callback URL (set
     * in Twilio's console; a per-message one overrides it) gets the reports.
     *
     * @param machineDetection whether each call is placed with {@code MachineDetection=Enable}
     *     ({@code VOICE_MACHINE_DETECTION}), so that its first webhook carries Twilio's {@code AnsweredBy}
     */
    @Autowired
    public TwilioGateway(TwilioRequests requests, TwilioProperties twilio, SurveyRelayProperties settings,
            @Value("${survey-relay.text-status-callback:true}") boolean textStatusCallback,
            MachineDetection machineDetection) {
        this(requests, twilio, textStatusCallback ? settings.publicUrl(MESSAGE_STATUS_PATH) : null, machineDetection);
    }

    /**
     * A gateway whose calls are placed without answering-machine detection, for tests that build it by hand.
     *
     * @param messageStatusUrl the absolute URL every text names as its {@code StatusCallback}; null for none
     */
    public TwilioGateway(TwilioRequests requests, TwilioProperties twilio, URI messageStatusUrl) {
        this(requests, twilio, messageStatusUrl, MachineDetection.OFF);
    }

    /**
     * @param messageStatusUrl the absolute URL every text names as its {@code StatusCallback}; null for none
     * @param machineDetection whether each call is placed with {@code MachineDetection=Enable}
     */
    public TwilioGateway(TwilioRequests requests, TwilioProperties twilio, URI messageStatusUrl,
            MachineDetection machineDetection) {
        this.requests = requests;
        this.twilio = twilio;
        this.messageStatusUrl = messageStatusUrl;
        this.machineDetection = machineDetection;
        this.lookups = new TwilioLookups(requests, twilio);
    }

    /**
     * Sends a text from the Messaging Service when one is configured, else from our number, its status reported to
     * {@value #MESSAGE_STATUS_PATH}.
     *
     * @param body the text, at most 1,600 characters (Twilio error 21617 beyond)
     * @return the message's SID ({@code SM} and 32 hex digits)
     * @throws HttpProblem as {@link TwilioErrors#answer} says: {@code 422} for a refused recipient, {@code 502} for
     *     Twilio failing, unreachable or not answering
     */
    public String sendSms(E164 to, String body) {
        try {
            var creator = twilio.messagingServiceSid() != null && !twilio.messagingServiceSid().isBlank()
                    ? Message.creator(new PhoneNumber(to.value()), twilio.messagingServiceSid(), body)
                    : Message.creator(new PhoneNumber(to.value()), new PhoneNumber(twilio.phoneNumber()), body);
            creator.setStatusCallback(messageStatusUrl);
            Instant firstAttempt = Instant.now();
            AtomicBoolean answeredError = new AtomicBoolean();
            return requests.acting(() -> {
                if (answeredError.get()) {
                    Optional<String> accepted = acceptedAlready(to, body, firstAttempt);
                    if (accepted.isPresent()) {
                        return accepted.get();
                    }
                }
                try {
                    return creator.create(requests.client()).getSid();
                } catch (ApiException e) {
                    // The only failure of a creation that left and is sent again (TwilioRequests.acting): a 5xx at once.
                    if (e.getStatusCode() != null && e.getStatusCode() >= 500) {
                        answeredError.set(true);
                    }
                    throw e;
                }
            });
        } catch (ApiConnectionException | ApiException e) {
            throw TwilioErrors.answer("text", to, e);
        }
    }

    /**
     * Before a text Twilio answered 5xx is sent again: the sid of the same text to the number, when Twilio lists one
     * created since the first attempt (less {@link #CLOCK_MARGIN}), so a 5xx Twilio gave after it accepted the text
     * does not text the respondent twice (as a call placed twice is told by {@link CallCreation#retriedAfterError});
     * empty when there is none, or the list cannot be read (the text is then sent again, as before, with a warning
     * naming the masked number: an operator asked why a respondent got a text twice finds the reason).
     */
    private Optional<String> acceptedAlready(E164 to, String body, Instant firstAttempt) {
        try {
            return lookups.textSince(to, body, firstAttempt.minus(CLOCK_MARGIN));
        } catch (RuntimeException e) {
            // The exception's class only: Twilio's message may quote the number in full.
            LOG.warn("Could not list the texts to {} since {} ({}); sending the text again, which the respondent may "
                    + "get twice", to, firstAttempt, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Sends a text on a messaging channel: {@link #sendSms} for SMS, a free-form WhatsApp message from
     * {@code TWILIO_WHATSAPP_NUMBER} for WhatsApp, which Twilio delivers only within 24 hours of the respondent's
     * last message (else error 63016).
     *
     * @return the message's SID
     * @throws HttpProblem as {@link #sendSms}, and {@code 422 whatsapp_not_configured} without a WhatsApp sender
     */
    public String send(Channel channel, E164 to, String body) {
        if (channel != Channel.WHATSAPP) {
            return sendSms(to, body);
        }
        requireWhatsApp();
        return sendMessage("WhatsApp message", to, () -> Message.creator(new PhoneNumber(channel.address(to)),
                new PhoneNumber(Channel.WHATSAPP.address(new E164(twilio.whatsappNumber()))), body));
    }

    /**
     * Opens a WhatsApp conversation with the approved template {@code TWILIO_WHATSAPP_CONTENT_SID}, its variable
     * {@code 1} set to {@code text}: WhatsApp refuses a business-initiated message that is not a template.
     *
     * @return the message's SID
     * @throws HttpProblem as {@link #send}
     */
    public String sendWhatsAppTemplate(E164 to, String text) {
        requireWhatsApp();
        String variables;
        try {
            variables = VARIABLES.writeValueAsString(Map.of("1", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always JSON", e);
        }
        return sendMessage("WhatsApp template", to, () -> Message.creator(
                new PhoneNumber(Channel.WHATSAPP.address(to)),
                new PhoneNumber(Channel.WHATSAPP.address(new E164(twilio.whatsappNumber()))), (String) null)
                .setContentSid(twilio.whatsappContentSid()).setContentVariables(variables));
    }

    /**
     * Refuses a WhatsApp survey before anything is stored or sent when the service has no WhatsApp sender.
     *
     * @throws HttpProblem {@code 422 whatsapp_not_configured}
     */
    public void requireWhatsApp() {
        if (!twilio.whatsappConfigured()) {
            throw new HttpProblem(422, "whatsapp_not_configured", "This service has no WhatsApp sender: set "
                    + "TWILIO_WHATSAPP_NUMBER and TWILIO_WHATSAPP_CONTENT_SID.");
        }
    }

    private String sendMessage(String what, E164 to, Supplier<MessageCreator> creator) {
        try {
            MessageCreator message = creator.get().setStatusCallback(messageStatusUrl);
            return requests.acting(() -> message.create(requests.client())).getSid();
        } catch (ApiConnectionException | ApiException e) {
            throw TwilioErrors.answer(what, to, e);
        }
    }

    /**
     * A call Twilio created, as {@link #placeCall} placed it.
     *
     * @param sid the call's sid, from Twilio's answer to the creation
     * @param retriedAfterError true when an earlier attempt of the same creation was answered with a 5xx and sent
     *     again: Twilio may have placed that attempt's call too, with the same URLs, and its sid is not known
     */
    public record CallCreation(String sid, boolean retriedAfterError) {
    }

    /**
     * Places a call that fetches its first TwiML from {@code url} and reports its end to {@code statusCallback}; with
     * {@code VOICE_MACHINE_DETECTION} on, with {@code MachineDetection=Enable}, so that first request carries
     * {@code AnsweredBy} ({@code human}, {@code machine_start}, {@code fax}, {@code unknown}, ...).
     *
     * @return the call's sid, and whether an attempt before the one Twilio accepted was answered 5xx (see
     *     {@link CallCreation})
     * @throws HttpProblem {@code 502 twilio_unreachable} when Twilio could not be reached, {@code 502
     *     twilio_outcome_unknown} when it did not answer, and Twilio's refusal otherwise ({@code twilio_error}, an
     *     invalid or opted-out number)
     */
    public CallCreation placeCall(E164 to, URI url, URI statusCallback) {
        AtomicBoolean answeredError = new AtomicBoolean();
        try {
            var creator = Call.creator(new PhoneNumber(to.value()), new PhoneNumber(twilio.phoneNumber()), url)
                    .setMethod(HttpMethod.POST)
                    .setStatusCallback(statusCallback)
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .setStatusCallbackEvent(List.of("completed"));
            if (machineDetection.enabled()) {
                creator.setMachineDetection("Enable");
            }
            Call call = requests.acting(() -> {
                try {
                    return creator.create(requests.client());
                } catch (ApiException e) {
                    // The only failure of a creation that left and is sent again (TwilioRequests.acting): a 5xx at once.
                    if (e.getStatusCode() != null && e.getStatusCode() >= 500) {
                        answeredError.set(true);
                    }
                    throw e;
                }
            });
            return new CallCreation(call.getSid(), answeredError.get());
        } catch (ApiConnectionException | ApiException e) {
            throw TwilioErrors.answer("call", to, e);
        }
    }

    /**
     * Hangs up a call now: {@code POST .../Calls/<callSid>.json} with {@code Status=completed}, which ends a call in
     * progress (a ringing or queued one is {@code canceled} by Twilio). Asked twice it changes nothing more, so it is
     * retried as a read is ({@link TwilioRequests#repeatable}).
     *
     * @param callSid the call's sid ({@code CA} and 32 hex digits)
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value #NOT_FOUND} for a sid Twilio does not know (404, Twilio error 20404),
     *     {@code 502 twilio_error} when it refused otherwise
     */
    public void hangUp(String callSid) {
        requests.repeatable("hang-up", "Twilio refused to hang up the call",
                () -> Call.updater(callSid).setStatus(Call.UpdateStatus.COMPLETED).update(requests.client()));
    }
}
