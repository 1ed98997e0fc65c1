package com.surveyrelay.events;

import java.util.Set;

/**
 * EventBridge answered the PutEvents call (HTTP 200) but refused some of its entries ({@code FailedEntryCount}
 * above 0, each refused entry with an {@code ErrorCode} such as {@code InternalFailure} or
 * {@code ThrottlingException}); the others were accepted.
 */
public final class EventRejectedException extends RuntimeException {

    private final Set<Integer> refused;

    /**
     * @param refused the positions (from 0) of the refused entries in the request
     */
    public EventRejectedException(Set<Integer> refused, String errorCode, String errorMessage) {
        super("EventBridge refused " + refused.size() + " event(s): " + errorCode + " " + errorMessage);
        this.refused = Set.copyOf(refused);
    }

    /** The positions (from 0) of the refused entries in the request; every other entry was accepted. */
    public Set<Integer> refused() {
        return refused;
    }
}
