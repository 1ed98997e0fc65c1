package com.surveyrelay.survey;

/**
 * An input for one channel sent to a session on another: a voice webhook or call status naming an SMS or WhatsApp
 * session. Twilio never sends one (a session's call URLs exist only for voice sessions), so it comes from a request
 * forged with the auth token or a session id copied by hand; the session is left as it was.
 */
public class WrongChannelException extends IllegalArgumentException {

    private final Channel sessionChannel;

    /**
     * @param sessionId the session the input named
     * @param sessionChannel the channel that session runs on
     * @param inputChannel the channel the input came by
     */
    public WrongChannelException(String sessionId, Channel sessionChannel, Channel inputChannel) {
        super("session " + sessionId + " runs on " + sessionChannel.value() + ", not " + inputChannel.value());
        this.sessionChannel = sessionChannel;
    }

    /** The channel the session runs on. */
    public Channel sessionChannel() {
        return sessionChannel;
    }
}
