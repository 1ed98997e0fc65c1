package com.surveyrelay.conversation;

import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.privacy.RespondentErased;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.web.ErrorResponses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The ends of starts that sent nothing (Twilio refused the first text or call, or was not reached) which storage
 * failed to store for longer than their retries ({@link StatusCallbackRetries#REFUSED_START_END}, about a minute),
 * kept in this instance's memory until storage takes them: at each outbox sweep ({@code outbox-sweep} route, every
 * {@code OUTBOX_SWEEP_INTERVAL}), and at once when a start on this instance wants the number the session holds. The
 * end stored is the one the start would have stored ({@code ABANDONED} or {@code OPTED_OUT}, reason
 * {@code not-delivered:<code>}, {@link SurveyInput.Ended#startRefused}), so the start is counted once, as
 * {@code refused}, and the number is free once storage is back. Until 2026-12-06 such a session stayed {@code STARTED}
 * and held the number for {@code SMS_CONVERSATION_TIMEOUT} (24 h), was counted {@code started}, and ended
 * {@code expired}.
 *
 * <p>Only memory: a start on another instance is refused {@code 409 survey_in_progress} until this instance's next
 * sweep stores the end; and an instance killed (kill -9, a crash) or stopped first loses its pending ends, whose
 * sessions then stay {@code STARTED} until the sweep (any instance's) ends them {@code expired} once idle for
 * {@code SMS_CONVERSATION_TIMEOUT} (a call's after four hours), counted {@code abandoned} with no start counted. At
 * most {@value #KEPT} ends are kept; beyond, a start's end given up is handled as before 2026-12-06 (counted
 * {@code started}, left for the sweep).
 */
@Component
public class RefusedStartEnds {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedStartEnds.class);
    static final int KEPT = 10_000;

    private final SessionSteps steps;
    private final OutboxRelay relay;
    private final Map<SessionRef, SurveyInput.Ended> pending = Collections.synchronizedMap(new LinkedHashMap<>());

    RefusedStartEnds(SessionSteps steps, OutboxRelay relay) {
        this.steps = steps;
        this.relay = relay;
    }

    /**
     * Keeps a refused start's end that storage would not take.
     *
     * @param end the start's end, with {@link SurveyInput.Ended#startRefused} set
     * @return false when {@value #KEPT} ends are kept already: nothing is kept
     */
    boolean keep(SessionRef ref, SurveyInput.Ended end) {
        synchronized (pending) {
            if (pending.size() >= KEPT && !pending.containsKey(ref)) {
                return false;
            }
            pending.put(ref, end);
            return true;
        }
    }

    /**
     * Stores the kept end of {@code ref}'s session, if there is one; storage failing, it stays kept (another failure
     * drops it, and the session is left for the sweep's {@code expired}).
     *
     * @return true when the session had a kept end and it is stored now (or the session had ended meanwhile)
     */
    boolean endNow(SessionRef ref) {
        SurveyInput.Ended end = pending.get(ref);
        if (end == null) {
            return false;
        }
        try {
            steps.apply(ref, end).map(SessionSteps.Step::stored).ifPresent(relay::wake);
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) != null) {
                LOG.warn("Storage still fails to end session {}, a start that sent nothing: {}", ref.sessionId(),
                        e.getClass().getSimpleName());
                return false;
            }
            pending.remove(ref);
            LOG.warn("Could not end session {}, a start that sent nothing; the sweep ends it when it expires: {}",
                    ref.sessionId(), e.toString());
            return false;
        }
        pending.remove(ref);
        LOG.info("Session {}, a start that sent nothing, ended {} once storage was back", ref.sessionId(),
                end.reason());
        return true;
    }

    /**
     * Tries the kept ends, oldest first: run by the {@code outbox-sweep} route before the sweep looks at open
     * sessions. Stops at the first that storage still fails (it and those after it stay kept for the next sweep), so
     * that a sweep during an outage waits out one failing write, not one for each of up to {@value #KEPT} ends. Never
     * throws.
     *
     * @return how many ends are still kept
     */
    public int endKept() {
        List<SessionRef> refs;
        synchronized (pending) {
            refs = new ArrayList<>(pending.keySet());
        }
        for (SessionRef ref : refs) {
            if (!endNow(ref) && pending.containsKey(ref)) {
                break;
            }
        }
        return pending.size();
    }

    /** Drops the kept ends of a number whose data was erased: its sessions are gone. */
    @EventListener
    void forget(RespondentErased erased) {
        synchronized (pending) {
            pending.keySet().removeIf(ref -> ref.phone().equals(erased.phone()));
        }
    }
}
