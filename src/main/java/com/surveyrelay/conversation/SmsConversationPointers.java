package com.surveyrelay.conversation;

import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.SmsPointers;
import com.surveyrelay.survey.E164;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Which SMS session a number's next text belongs to (texts carry the sender's number, not our session id):
 * {@code sms-conversations/<digits>.json} in the bucket, changed only by conditional writes, so of two surveys
 * started to one number at once only one gets the number. A small per-instance cache ({@value #CACHED_NUMBERS}
 * numbers) keeps each pointer as this instance last read or wrote it, with its ETag: it spares a read per text and a
 * read per start. It is only a hint: a text checks it against the session it names, and a claim on a stale one fails
 * its conditional write.
 */
@Component
class SmsConversationPointers {

    private static final int CACHED_NUMBERS = 10_000;

    private final SmsPointers smsPointers;
    /** Least recently used out first: a new number's pointer must stay (see {@code SessionStore}'s copies). */
    private final Map<String, SmsConversation> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SmsConversation> eldest) {
                    return size() > CACHED_NUMBERS;
                }
            });

    SmsConversationPointers(SmsPointers smsPointers) {
        this.smsPointers = smsPointers;
    }

    /** Forgets the number's pointer once its data was erased: the bucket has none now. */
    @EventListener
    void forget(com.surveyrelay.privacy.RespondentErased erased) {
        cache.remove(erased.phone().value());
    }

    /** The session this instance last saw the number's texts go to; may be stale. */
    Optional<String> cached(E164 phone) {
        return known(phone).map(SmsConversation::sessionId);
    }

    /**
     * The number's pointer as this instance last read or wrote it, with the ETag a {@link #claim} must match; may be
     * stale when another instance took the number since.
     */
    Optional<SmsConversation> known(E164 phone) {
        return Optional.ofNullable(cache.get(phone.value()));
    }

    /** The number's current SMS session, as the bucket says. */
    Optional<SmsConversation> find(E164 phone) {
        Optional<SmsConversation> pointer = smsPointers.findSmsConversation(phone);
        pointer.ifPresentOrElse(found -> cache.put(phone.value(), found), () -> cache.remove(phone.value()));
        return pointer;
    }

    /**
     * Points the number at a new session, if the pointer is still as read.
     *
     * @param previous the pointer as read (from the bucket or from {@link #known}), or null when there was none
     * @param now when the pointer is written: it stands for the object's {@code Last-Modified} in this instance's copy
     * @return false when the pointer is no longer {@code previous}: another start took the number first, or this
     *         instance's copy was stale (it is dropped, so the next {@link #known} is empty)
     */
    boolean claim(E164 phone, String sessionId, SmsConversation previous, Instant now) {
        try {
            String etag = smsPointers.pointSmsConversation(phone, sessionId, previous);
            cache.put(phone.value(), new SmsConversation(sessionId, etag, now));
            return true;
        } catch (SessionConflictException e) {
            cache.remove(phone.value());
            return false;
        }
    }

    /**
     * Marks the number's pointer, as this instance's {@link #claim} for {@code sessionId} wrote it, as a session whose
     * first text Twilio never answered ({@link SmsConversation#firstTextUnknown}); nothing when this instance's copy
     * names another session.
     *
     * @return false when the pointer changed since the claim (nothing was written)
     * @throws RuntimeException when storage fails
     */
    boolean markFirstTextUnknown(E164 phone, String sessionId, Instant now) {
        SmsConversation mine = cache.get(phone.value());
        if (mine == null || !mine.sessionId().equals(sessionId)) {
            return false;
        }
        try {
            String etag = smsPointers.markFirstTextUnknown(phone, sessionId, mine.etag());
            cache.put(phone.value(), new SmsConversation(sessionId, etag, now, true));
            return true;
        } catch (SessionConflictException e) {
            cache.remove(phone.value());
            return false;
        }
    }

    /**
     * Undoes this instance's {@link #claim} of the number for {@code sessionId}, whose session was never stored: the
     * pointer names {@code before}'s session again (only if it is still as this instance wrote it), or, when the
     * number had none, is removed. No other start can have taken the number since: a pointer to a session not yet
     * stored refuses them for a minute.
     *
     * @throws RuntimeException when storage fails
     */
    void giveBack(E164 phone, String sessionId, Optional<SmsConversation> before) {
        SmsConversation mine = cache.get(phone.value());
        if (mine == null || !mine.sessionId().equals(sessionId)) {
            return;
        }
        cache.remove(phone.value());
        if (before.isEmpty()) {
            smsPointers.removeSmsConversation(phone);
            return;
        }
        try {
            smsPointers.pointSmsConversation(phone, before.get().sessionId(), mine);
        } catch (SessionConflictException e) {
            // Changed since: whoever changed it has the number now.
        }
    }
}
