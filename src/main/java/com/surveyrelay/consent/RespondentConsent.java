package com.surveyrelay.consent;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.RespondentRecords.Respondent;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.ConsentWords;
import com.surveyrelay.survey.TwilioKeywords;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The respondent's say over being contacted, across surveys and channels: the suppression list every start checks
 * before anything is sent, the opt-outs and opt-ins that change it, and the frequency cap.
 *
 * <p>An opt-out is recorded before the webhook that carried it answers, and before the session step, so it is never
 * lost behind a step already stored. If storage fails, the opt-out is recorded later by whatever delivers the input
 * again: a call's step is retried by its apology's redirect, a text is kept on the {@code SMS_RETRY_QUEUE_URL} queue
 * ({@link com.surveyrelay.conversation.KeptTexts}); without that queue a text is answered 503, and Twilio does not
 * retry an inbound text (its own STOP handling still blocks the number at Twilio).
 */
@Component
@EnableConfigurationProperties(ConsentProperties.class)
public class RespondentConsent {

    private static final Logger LOG = LoggerFactory.getLogger(RespondentConsent.class);

    private final RespondentRecords records;
    private final ConsentProperties settings;
    private final Clock clock;

    public RespondentConsent(S3Client s3, SurveyRelayProperties service, ConsentProperties settings, Clock clock) {
        this.records = new RespondentRecords(s3, service, settings.hashKey());
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Refuses a start to a number that may not be asked now; returns quietly otherwise.
     *
     * @throws HttpProblem {@code 422 recipient_opted_out} when the number opted out (by text, voice or Twilio's
     *     error 21610) and has not opted back in; {@code 422 contacted_recently} when it was asked within
     *     {@code FREQUENCY_CAP}, with the time it may be asked again
     */
    public void checkMayAsk(E164 to) {
        mayAsk(checkNotOptedOut(to), clock.instant());
    }

    /**
     * As {@link #checkMayAsk(E164)}, for a start that will be sent at {@code at} (one deferred by quiet hours): the
     * frequency cap is held against that time, not the request's, as the start is checked again when it fires.
     *
     * @throws HttpProblem as {@link #checkMayAsk(E164)} does, {@code contacted_recently} when the cap still holds
     *     at {@code at}
     */
    public void checkMayAsk(E164 to, Instant at) {
        checkMayAsk(to, at, false);
    }

    /**
     * As {@link #checkMayAsk(E164, Instant)}, for a deferred start that texts the number when {@code byText} (SMS):
     * refused now, too, while Twilio's refusal of a text to it as no mobile number is remembered at {@code at}, as it
     * would be when it fires ({@link #checkTakesTexts}); it was deferred ({@code 202}) and refused only then.
     *
     * @throws HttpProblem as {@link #checkMayAsk(E164, Instant)} does; {@code 422 invalid_recipient} for a number
     *     remembered as no mobile number at {@code at}
     */
    public void checkMayAsk(E164 to, Instant at, boolean byText) {
        Respondent record = checkNotOptedOut(to);
        if (byText) {
            checkTakesTexts(record, at);
        }
        mayAsk(record, at);
    }

    /**
     * Like {@link #checkMayAsk}, and takes the contact when the frequency cap is on: of several starts to one number
     * at the same moment, on any channel and instance, only one passes.
     *
     * @return a handle to give the contact back when the start then reached nobody
     * @throws HttpProblem as {@link #checkMayAsk} does
     */
    public Contact claimContact(E164 to) {
        return claimContact(to, false);
    }

    /**
     * As {@link #claimContact(E164)}, for a start that texts the number when {@code byText} (SMS): refused, too, while
     * Twilio's refusal of a text to it as no mobile number is remembered ({@code NOT_MOBILE_MEMORY}), from the same
     * read of the number's record.
     *
     * @throws HttpProblem as {@link #checkMayAsk} does; {@code 422 invalid_recipient} for a number remembered as no
     *     mobile number
     */
    public Contact claimContact(E164 to, boolean byText) {
        Instant now = clock.instant();
        if (settings.frequencyCap().isZero()) {
            Respondent record = checkNotOptedOut(to);
            if (byText) {
                checkTakesTexts(record, now);
            }
            return new Contact(to, null, null);
        }
        Respondent before = records.claimContact(to, now, record -> {
            if (record.optedOut()) {
                throw optedOut();
            }
            if (byText) {
                checkTakesTexts(record, now);
            }
            mayAsk(record, now);
        });
        return new Contact(to, now, before.lastAskedAt());
    }

    /**
     * Refuses a text to a number Twilio refused a text to as no mobile number within {@code NOT_MOBILE_MEMORY}
     * ({@link ConsentProperties#notMobileMemory}, default 30 days).
     *
     * @param record the number's record, as read for this start
     * @param now when the start is made
     * @throws HttpProblem {@code 422 invalid_recipient}, naming the refusal's date and when texts are tried again
     */
    public void checkTakesTexts(Respondent record, Instant now) {
        checkTakesTexts(record, now, settings.notMobileMemory());
    }

    /**
     * As {@link #checkTakesTexts(Respondent, Instant)}, remembering a refusal for {@code memory}: Twilio is asked
     * again from {@code notMobileAt + memory} on, as the number may have been ported to a mobile line. Zero remembers
     * nothing.
     *
     * @param memory how long a refusal is remembered; zero or more
     * @throws HttpProblem {@code 422 invalid_recipient}, naming the refusal's date and when texts are tried again
     */
    public static void checkTakesTexts(Respondent record, Instant now, Duration memory) {
        Instant refused = record.notMobileAt();
        if (refused == null) {
            return;
        }
        Instant until = refused.plus(memory);
        if (until.isAfter(now)) {
            throw new HttpProblem(422, "invalid_recipient", "Twilio refused a text to this number at " + refused
                    + " as no mobile number (a landline, say; Twilio error 21614), so no text is sent to it until "
                    + until + ". A voice survey (POST /voice/initiate-call) may reach it.");
        }
    }

    /**
     * Remembers that Twilio refused a text to {@code to} as no mobile number (error 21614), now, so that SMS starts to
     * it are refused for {@code NOT_MOBILE_MEMORY} without asking Twilio; with that setting zero, nothing is written.
     * S3 failures propagate.
     */
    public void rememberNotMobile(E164 to) {
        if (settings.notMobileMemory().isZero()) {
            return;
        }
        records.notMobile(to, clock.instant());
        LOG.info("{} takes no texts (Twilio error 21614): SMS starts to it are refused for {}", to,
                settings.notMobileMemory());
    }

    /**
     * Forgets the number's last contact for its erasure when it never opted out or in (the frequency cap is the
     * operator's rule, no reason to keep a trace of the number once it asked to be erased: a compliance officer's
     * probe, 2026-12-07); a number with a consent history keeps its record whole. S3 failures propagate.
     *
     * @return whether a record of consent is kept: the number opted out or in at some time
     */
    public boolean forgetUnlessConsentKept(E164 to) {
        records.forgetNotMobile(to);
        return records.forgetContactWithoutConsentHistory(to).hasConsentHistory();
    }

    /** A contact taken by {@link #claimContact}; null times when the cap is off. */
    public record Contact(E164 to, Instant takenAt, Instant previous) {
    }

    /** Gives back a contact that reached nobody (the start was refused or never left), for the frequency cap. */
    public void release(Contact contact) {
        if (contact.takenAt() != null) {
            records.releaseContact(contact.to(), contact.takenAt(), contact.previous());
        }
    }

    /**
     * How long before its session began a start takes its contact ({@link #claimContact} comes first, then the session
     * is made): a contact taken in that time is the session's.
     */
    static final Duration CONTACT_BEFORE_SESSION = Duration.ofSeconds(30);

    /**
     * Gives back, for the frequency cap, the contact of a session found after the fact to have reached nobody: its
     * first text reported undelivered by Twilio (30003 to 30008, 63003, 63016, 63024), so the respondent got nothing.
     * The number's last contact is given back when it was taken from {@link #CONTACT_BEFORE_SESSION} before
     * {@code sessionStarted} to that instant; a later contact (another start since) is left alone. Does nothing when
     * the cap is off.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void releaseContactOf(E164 to, Instant sessionStarted) {
        if (!settings.frequencyCap().isZero()) {
            records.releaseContactTakenBetween(to, sessionStarted.minus(CONTACT_BEFORE_SESSION), sessionStarted);
        }
    }

    private void mayAsk(Respondent respondent, Instant at) {
        Duration cap = settings.frequencyCap();
        if (!cap.isZero() && respondent.lastAskedAt() != null) {
            Instant allowed = respondent.lastAskedAt().plus(cap);
            if (allowed.isAfter(at)) {
                throw new HttpProblem(422, "contacted_recently", "The recipient was asked for a survey at "
                        + respondent.lastAskedAt() + "; the frequency cap allows another from " + allowed + ".");
            }
        }
    }

    /**
     * Refuses a number on the suppression list; for a contact that continues one already made (channel
     * fallback), to which the frequency cap does not apply.
     *
     * @return the number's record
     * @throws HttpProblem {@code 422 recipient_opted_out}
     */
    public Respondent checkNotOptedOut(E164 to) {
        Respondent respondent = records.find(to);
        if (respondent.optedOut()) {
            throw optedOut();
        }
        return respondent;
    }

    private static HttpProblem optedOut() {
        return new HttpProblem(422, "recipient_opted_out",
                "The recipient opted out of surveys; nothing is sent until they opt back in (START).");
    }

    /**
     * What a text meant for the respondent's consent.
     *
     * @param intent what the text means
     * @param optedBackIn true when it was an opt-in that took the number off the suppression list just now
     * @param optedOutBefore true when it was an opt-out from a number another text or call had opted out already
     *     (not this text, nor an earlier delivery of it): its confirmation went then, and is not sent again
     * @param smsStillStopped true when it was a WhatsApp opt-in that ended an opt-out Twilio enforces on SMS
     *     ({@link #TWILIO_ENFORCED_ON_SMS}): Twilio refuses texts to the number (error 21610) until it texts START to
     *     the SMS sender, so the respondent is told so ({@code survey.SmsStillStopped})
     */
    public record TextConsent(ConsentWords.Intent intent, boolean optedBackIn, boolean optedOutBefore,
            boolean smsStillStopped) {

        /** What a text meant, with no SMS opt-out left in force. */
        public TextConsent(ConsentWords.Intent intent, boolean optedBackIn, boolean optedOutBefore) {
            this(intent, optedBackIn, optedOutBefore, false);
        }
    }

    /**
     * The opt-out sources Twilio itself enforces on SMS until the number texts START to the same sender (Advanced
     * Opt-Out): a STOP keyword texted (as we read it, or as Twilio's {@code OptOutType} says) and a send Twilio refused
     * with error 21610. A phrase ("please stop texting me") or a WhatsApp stop is ours alone to honour.
     */
    static final Set<String> TWILIO_ENFORCED_ON_SMS = Set.of(RespondentRecords.Sources.SMS_KEYWORD,
            RespondentRecords.Sources.TWILIO_OPT_OUT_TYPE, RespondentRecords.Sources.TWILIO_21610);

    /**
     * Records an opt-out, or an opt-in, that a text expresses (by the survey's {@link ConsentWords}, or Twilio's
     * {@code OptOutType}); does nothing for any other text. The recorded source (of the opt-out, and of either in the
     * record's history) names how it came: {@code twilio-opt-out-type} when Twilio's {@code OptOutType} said it, else
     * {@code sms-keyword} or {@code sms-phrase}, {@code whatsapp-keyword} or {@code whatsapp-phrase}.
     *
     * @param text the text, SMS or WhatsApp, with Twilio's {@code OptOutType} if any
     * @param messageSid the text's {@code MessageSid}, kept with the change so that a repeat of the text changes
     *     nothing ({@link RespondentRecords.ConsentChange#sid}); null when it has none of Twilio's shape
     * @return what the text means, and whether it opted the number back in
     */
    public TextConsent onText(E164 from, SurveyInput.SmsReceived text, ConsentWords words, String messageSid) {
        ConsentWords.Intent twilio = text.twilioIntent();
        ConsentWords.Intent intent = text.intent(words);
        boolean whatsApp = text.channel() == Channel.WHATSAPP;
        boolean keyword = TwilioKeywords.answered(text.body(), null);
        String source = twilio != ConsentWords.Intent.NONE ? RespondentRecords.Sources.TWILIO_OPT_OUT_TYPE
                : whatsApp ? (keyword ? RespondentRecords.Sources.WHATSAPP_KEYWORD
                        : RespondentRecords.Sources.WHATSAPP_PHRASE)
                : keyword ? RespondentRecords.Sources.SMS_KEYWORD : RespondentRecords.Sources.SMS_PHRASE;
        if (intent == ConsentWords.Intent.OPT_OUT) {
            Instant now = clock.instant();
            Respondent after = records.optOut(from, source, now, messageSid);
            LOG.info("{} opted out ({})", from, source);
            boolean before = !now.equals(after.optedOutAt()) && (messageSid == null || after.history().changes()
                    .stream().noneMatch(change -> messageSid.equals(change.sid())
                            && RespondentRecords.ConsentChange.OPTED_OUT.equals(change.change())));
            return new TextConsent(intent, false, before);
        } else if (intent == ConsentWords.Intent.OPT_IN) {
            Instant now = clock.instant();
            // One read: optIn leaves a number that never opted out untouched, and a repeat of its text too.
            Respondent after = records.optIn(from, source, now, messageSid);
            if (now.equals(after.optedInAt())) {
                LOG.info("{} opted back in", from);
                return new TextConsent(intent, true, false,
                        whatsApp && TWILIO_ENFORCED_ON_SMS.contains(after.endedOptOutSource()));
            }
        }
        return new TextConsent(intent, false, false);
    }

    /**
     * The number's record of consent and contact as stored now, for a respondent's access request; every field null
     * when it has none.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Respondent record(E164 phone) {
        return records.find(phone);
    }

    /** True when the number is on the suppression list now. */
    public boolean isOptedOut(E164 phone) {
        return records.find(phone).optedOut();
    }

    /** Records an opt-out by {@code source} (one of {@link RespondentRecords.Sources}) that no webhook names. */
    public void optOut(E164 phone, String source) {
        optOut(phone, source, null);
    }

    /**
     * Records an opt-out by {@code source} (one of {@link RespondentRecords.Sources}) that the Twilio webhook
     * {@code sid} made ({@link RespondentRecords.ConsentChange#sid}): a repeat of it changes nothing, even after an
     * opt-in since.
     */
    public void optOut(E164 phone, String source, String sid) {
        records.optOut(phone, source, clock.instant(), sid);
        LOG.info("{} opted out ({})", phone, source);
    }
}
