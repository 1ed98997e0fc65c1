package com.surveyrelay.conversation;

import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.metrics.DeliveryFailures;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.twilio.MessagingTwiml;
import com.surveyrelay.twilio.TwilioRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Twilio's message status callbacks (the {@code message-status} route's bean, {@code POST /sms/status}): what became
 * of a text this service sent. Until 2026-12-08 {@link MessageWebhooks}, which answers inbound texts, served them too
 * (a code reviewer's finding).
 */
@Component("messageStatusWebhooks")
public class MessageStatusWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(MessageStatusWebhooks.class);
    private static final String EMPTY_MESSAGING_RESPONSE = MessagingTwiml.of(List.of());
    /** Twilio error 21610: the recipient is unsubscribed from our sender or Messaging Service (replied STOP). */
    private static final String UNSUBSCRIBED_RECIPIENT = "21610";
    /** Twilio error codes: five digits today (30003, 21610); six leaves room. */
    private static final Pattern TWILIO_ERROR_CODE = Pattern.compile("[0-9]{1,6}");

    private final WebhookSteps webhookSteps;
    private final RespondentConsent consent;
    private final StatusCallbackRetries statusRetries;
    private final OptOutEverywhere optOutEverywhere;
    private final DeliveryFailures deliveryFailures;
    private final UndeliveredFirstText undeliveredFirstText;

    public MessageStatusWebhooks(WebhookSteps webhookSteps, RespondentConsent consent,
            StatusCallbackRetries statusRetries, OptOutEverywhere optOutEverywhere, DeliveryFailures deliveryFailures,
            UndeliveredFirstText undeliveredFirstText) {
        this.webhookSteps = webhookSteps;
        this.consent = consent;
        this.statusRetries = statusRetries;
        this.optOutEverywhere = optOutEverywhere;
        this.deliveryFailures = deliveryFailures;
        this.undeliveredFirstText = undeliveredFirstText;
    }

    /**
     * Message status callbacks: Twilio reports delivery; a report that the text went well costs no storage request,
     * a failure is logged and counted ({@link DeliveryFailures}), one with error 21610 (the recipient unsubscribed)
     * also opts its {@code To} out ({@link #recordTwilioReportedOptOut}), and one saying the handset will not get it
     * (30003 to 30008, WhatsApp's 63016...) ends the number's texted survey when it was that survey's first text
     * ({@link UndeliveredFirstText}: reads and a Twilio fetch on that failure path only). The log line names the
     * {@code MessageSid} and {@code ErrorCode} only when they have Twilio's shapes (a 34-character SID, a number of at
     * most six digits): anything else a signed request carries could forge log lines or leak what it holds.
     *
     * @param request the signed callback ({@code MessageStatus}, {@code MessageSid}, {@code ErrorCode}, {@code To})
     * @return an empty TwiML document; nothing else is stored, and nothing is thrown (storing a 21610 opt-out that
     *     fails is tried again later)
     */
    public WebhookReply onMessageStatus(TwilioRequest request) {
        String status = request.param("MessageStatus");
        if ("failed".equals(status) || "undelivered".equals(status)) {
            String sid = MessageWebhooks.messageSidOf(request);
            String errorCode = request.param("ErrorCode");
            String validCode = errorCode != null && TWILIO_ERROR_CODE.matcher(errorCode).matches() ? errorCode : null;
            LOG.warn("Message {} was {} (Twilio error {})", sid != null ? sid : "(no valid MessageSid)", status,
                    validCode != null ? validCode : "(none valid)");
            String to = request.param("To");
            deliveryFailures.count(to != null && to.startsWith("whatsapp:") ? "whatsapp" : "sms", status, validCode);
            if (UNSUBSCRIBED_RECIPIENT.equals(errorCode)) {
                Channel.numberOf(to).ifPresent(number -> recordTwilioReportedOptOut(number, sid));
            } else if (UndeliveredFirstText.notDelivered(validCode) && sid != null) {
                Channel.numberOf(to).ifPresent(number ->
                        undeliveredFirstText.endIfFirstText(number, Channel.ofAddress(to), sid, validCode));
            }
        }
        return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
    }

    /**
     * A text Twilio accepted and then failed with error 21610 (the recipient replied STOP to our sender, or to the
     * Messaging Service's: a Messaging Service checks its opt-out list after the send was accepted, and reports it
     * here): as when the send itself is refused with it ({@link SurveyOpener}), the number goes on the suppression
     * list, source {@code twilio-21610}, and its open sessions end opted out, on every channel. Storage failing, the
     * same is tried again for about an hour ({@link StatusCallbackRetries#TWILIO_REPORTED_OPT_OUT}); the webhook is
     * answered either way, as Twilio does not send a status callback again. A repeat of the callback, after the number
     * opted back in, changes nothing: the opt-out keeps the message's sid ({@code messageSid}, null when it has none).
     */
    private void recordTwilioReportedOptOut(E164 to, String messageSid) {
        Runnable optOut = () -> webhookSteps.oneAtATime(to, () -> {
            consent.optOut(to, RespondentRecords.Sources.TWILIO_21610, messageSid);
            optOutEverywhere.endOpenSessions(to, null);
            return null;
        });
        try {
            optOut.run();
            LOG.info("Twilio reported {} unsubscribed (error 21610): on the suppression list, its open surveys "
                    + "ended", to.masked());
        } catch (RuntimeException e) {
            LOG.warn("Twilio reported {} unsubscribed (error 21610), but storing it failed ({}); trying again",
                    to.masked(), e.toString());
            statusRetries.retry("(status callback)", StatusCallbackRetries.TWILIO_REPORTED_OPT_OUT, optOut);
        }
    }
}
