package com.surveyrelay.conversation;

import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.survey.E164;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which SMS session a number's next text belongs to (texts carry the sender's number, not our session id):
 * {@code sms-conversations/<digits>.json} in the bucket, changed only by conditional writes, so of two surveys
 * started to one number at once only one gets the number. A small per-instance cache spares a read per text;
 * it is only a hint, checked against the session it names.
 */
@Component
class SmsConversationPointers {

    private static final int CACHED_NUMBERS = 10_000;

    private final SessionStore store;
    private final Map<String, String> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > CACHED_NUMBERS;
                }
            });

    SmsConversationPointers(SessionStore store) {
        this.store = store;
    }

    /** The session this instance last saw the number's texts go to; may be stale. */
    Optional<String> cached(E164 phone) {
        return Optional.ofNullable(cache.get(phone.value()));
    }

    /** The number's current SMS session, as the bucket says. */
    Optional<SmsConversation> find(E164 phone) {
        Optional<SmsConversation> pointer = store.findSmsConversation(phone);
        pointer.ifPresent(found -> cache.put(phone.value(), found.sessionId()));
        return pointer;
    }

    /**
     * Points the number at a new session, if the pointer is still as read.
     *
     * @param previous the pointer as read, or null when there was none
     * @return false when another start took the number first
     */
    boolean claim(E164 phone, String sessionId, SmsConversation previous) {
        try {
            store.pointSmsConversation(phone, sessionId, previous);
            cache.put(phone.value(), sessionId);
            return true;
        } catch (SessionConflictException e) {
            return false;
        }
    }
}
