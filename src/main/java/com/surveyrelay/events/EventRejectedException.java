package com.surveyrelay.events;

/** EventBridge answered the PutEvents call but refused the entry. */
public final class EventRejectedException extends RuntimeException {

    public EventRejectedException(String errorCode, String errorMessage) {
        super("EventBridge refused the event: " + errorCode + " " + errorMessage);
    }
}
