package com.surveyrelay.twilio;

import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import com.twilio.base.Page;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * What Twilio holds of our calls and texts, for a survey whose webhook or creation answer never came: a call's status
 * now, the calls and texts to a number since a moment. Each is one read of Twilio's REST API, retried as
 * {@link TwilioRequests#repeatable} retries, and fails with the answers given there.
 */
@Component
public class TwilioLookups {

    /** The calls or texts a list page asks for: a number has one survey call or text at a time, so a few suffice. */
    static final int LISTED = 20;

    private final TwilioRequests requests;
    private final TwilioProperties twilio;

    public TwilioLookups(TwilioRequests requests, TwilioProperties twilio) {
        this.requests = requests;
        this.twilio = twilio;
    }

    /**
     * What Twilio says of a call now: its {@code Call} resource's {@code status}, in the words of a status
     * callback's {@code CallStatus} ({@code queued}, {@code ringing}, {@code in-progress}, {@code completed},
     * {@code busy}, {@code failed}, {@code no-answer}, {@code canceled}). A read left without an answer is simply not
     * known.
     *
     * @param callSid the sid {@link TwilioGateway#placeCall} returned
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value TwilioGateway#NOT_FOUND} when it answered 404 with Twilio error 20404 (a sid it
     *     does not know, or, under a wrong account SID, every URL of the account), {@code 502 twilio_error} when it
     *     refused otherwise or named no status
     */
    public String callStatus(String callSid) {
        Call.Status status = requests.repeatable("call status", "Twilio refused to say how the call is",
                () -> Call.fetcher(callSid).fetch(requests.client())).getStatus();
        if (status == null) {
            throw new HttpProblem(502, "twilio_error", "Twilio's answer named no status for the call.");
        }
        return status.toString();
    }

    /**
     * A call Twilio holds, as its list of calls names it: the call's sid and its {@code status} in the words of
     * {@link #callStatus}.
     */
    public record PlacedCall(String sid, String status) {
    }

    /**
     * The newest call from our number to {@code to} that Twilio created at or after {@code since}, read from one page
     * of Twilio's call list ({@code GET .../Calls.json?To=&From=}, {@value #LISTED} calls, newest first), for a call
     * whose creation Twilio never answered: the call may or may not exist, and its sid is not known.
     *
     * @param since when the call was about to be created, less a margin for the clocks (Twilio's {@code date_created}
     *     is to the second)
     * @return the call, or empty when Twilio holds none to the number since then: the call was never created
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502 twilio_error} when it refused
     */
    public Optional<PlacedCall> lastCallTo(E164 to, Instant since) {
        return callsCreatedSince(to, since).findFirst().map(DatedCall::call);
    }

    /**
     * The calls from our number to {@code to} that Twilio created at or after {@code since}, newest first, read as
     * {@link #lastCallTo} reads them (one page, {@value #LISTED} calls): for a call whose creation may have placed two.
     *
     * @throws HttpProblem as {@link #lastCallTo}
     */
    public List<PlacedCall> callsTo(E164 to, Instant since) {
        return callsCreatedSince(to, since).map(DatedCall::call).toList();
    }

    private record DatedCall(PlacedCall call, Instant created) {
    }

    private Stream<DatedCall> callsCreatedSince(E164 to, Instant since) {
        var reader = Call.reader().setTo(new PhoneNumber(to.value()))
                .setFrom(new PhoneNumber(twilio.phoneNumber())).setPageSize((long) LISTED);
        Page<Call> page = requests.repeatable("call list", "Twilio refused to list the calls to the number",
                () -> reader.firstPage(requests.client()));
        return page.getRecords().stream()
                .filter(call -> call.getDateCreated() != null && call.getStatus() != null
                        && !call.getDateCreated().toInstant().isBefore(since))
                .map(call -> new DatedCall(new PlacedCall(call.getSid(), call.getStatus().toString()),
                        call.getDateCreated().toInstant()))
                .sorted(Comparator.comparing(DatedCall::created).reversed());
    }

    /**
     * A text Twilio holds, as its list of messages names it: the message's sid, its {@code status} ({@code queued},
     * {@code sending}, {@code sent}, {@code delivered}, {@code undelivered}, {@code failed}, ...) and its {@code body}
     * (null when Twilio gives none, as with message redaction on).
     */
    public record SentText(String sid, String status, String body) {

        /** True unless Twilio says it could not send it ({@code failed}) or the carrier did not deliver it. */
        public boolean mayHaveArrived() {
            return !"failed".equals(status) && !"undelivered".equals(status);
        }

        /**
         * Whether this is the text we sent as {@code sent}, though Twilio may list its body changed: Smart Encoding's
         * GSM-7 replacements (curly quotes, long dashes, the ellipsis, odd spaces) and a Messaging Service's text
         * appended to it are allowed ({@link SmartEncoding#listedAs}). False when Twilio lists no body.
         */
        public boolean sentAs(String sent) {
            return SmartEncoding.listedAs(body, sent);
        }
    }

    /**
     * The sid of a text to {@code to} from our sender whose body is {@code body} exactly and that Twilio created at or
     * after {@code since}, from the same page of Twilio's message list as {@link #textsTo}: a text whose creation Twilio
     * answered 5xx, found accepted all the same. Asked once, without the retries and error counts of
     * {@link TwilioRequests}: it runs between two attempts of the text, inside the webhook's budget, and Twilio failing
     * it is already counted by the text's own attempts.
     *
     * @return the newest such text's sid; empty when Twilio lists none
     * @throws com.twilio.exception.ApiException or {@link com.twilio.exception.ApiConnectionException} when Twilio
     *     fails or does not answer
     */
    Optional<String> textSince(E164 to, String body, Instant since) {
        return messagesTo(to, false).stream()
                .filter(message -> message.getDateCreated() != null
                        && !message.getDateCreated().toInstant().isBefore(since) && body.equals(message.getBody()))
                .map(Message::getSid)
                .findFirst();
    }

    /**
     * The texts to {@code to} from our sender that Twilio created at or after {@code since}, from one page of Twilio's
     * message list ({@code GET .../Messages.json?To=&From=}, newest first, {@value #LISTED} messages): for a first
     * text whose creation Twilio never answered. Filtered here by {@code date_created}, not by Twilio's
     * {@code DateSent>}: a text still {@code queued} (a Messaging Service's queue, a sender's rate) has no
     * {@code date_sent} and that filter would leave it out, so the number would be freed and texted twice. A text
     * without a creation date counts. {@code From} is our number; with a Messaging Service Twilio picks the sender from
     * its pool, so the list is not filtered by sender (any text to the number counts).
     *
     * @param since when the text was about to be sent, less a margin for the clocks
     * @return the texts, newest first; empty when Twilio holds none since then
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value TwilioGateway#NOT_FOUND} or {@code twilio_error} when it refused
     */
    public List<SentText> textsTo(E164 to, Instant since) {
        return messagesTo(to, true).stream()
                .filter(message -> message.getDateCreated() == null
                        || !message.getDateCreated().toInstant().isBefore(since))
                .map(message -> new SentText(message.getSid(), String.valueOf(message.getStatus()),
                        message.getBody()))
                .toList();
    }

    /**
     * When Twilio created the text {@code messageSid} ({@code GET .../Messages/<sid>.json}, its {@code date_created},
     * whole seconds): a status callback carries no date, and a failed text is told from an older survey's by it.
     *
     * @return the creation time; empty when Twilio's answer names none
     * @throws HttpProblem {@code 502 twilio_unreachable} or {@code twilio_outcome_unknown} when Twilio did not
     *     answer, {@code 502} {@value TwilioGateway#NOT_FOUND} for a sid it does not know, {@code 502 twilio_error}
     *     when it refused otherwise
     */
    public Optional<Instant> textCreated(String messageSid) {
        Message message = requests.repeatable("message", "Twilio refused to say when the text was created",
                () -> Message.fetcher(messageSid).fetch(requests.client()));
        return Optional.ofNullable(message.getDateCreated()).map(created -> created.toInstant());
    }

    /**
     * One page of Twilio's message list to {@code to} from our sender (any of a Messaging Service's), newest first.
     *
     * @param withRetries as {@link TwilioRequests#repeatable} asks it (its retries, counts and answers), or once
     */
    private List<Message> messagesTo(E164 to, boolean withRetries) {
        var reader = Message.reader().setTo(new PhoneNumber(to.value())).setPageSize((long) LISTED);
        if (twilio.messagingServiceSid() == null || twilio.messagingServiceSid().isBlank()) {
            reader.setFrom(new PhoneNumber(twilio.phoneNumber()));
        }
        Page<Message> page = withRetries ? requests.repeatable("message list",
                "Twilio refused to list the texts to the number", () -> reader.firstPage(requests.client()))
                : reader.firstPage(requests.client());
        return page.getRecords();
    }
}
