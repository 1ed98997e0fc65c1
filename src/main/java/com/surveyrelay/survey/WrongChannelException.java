package com.surveyrelay.survey;

/**
 * An input for one channel sent to a session on another: a voice webhook or call status naming an SMS or WhatsApp
 * session. Twilio never sends one (a session's call URLs exist only for voice sessions), so it comes from a request
 * forged with the auth token or a session id copied by hand; the session is left as it was.
 */
public class WrongChannelException extends IllegalArgumentException {

    private final transient SurveySession session;

    /**
     * @param session the session the input named, as the step found it
     * @param inputChannel the channel the input came by
     */
    public WrongChannelException(SurveySession session, Channel inputChannel) {
        super("session " + session.sessionId() + " runs on " + session.surveyMedium().value() + ", not "
                + inputChannel.value());
        this.session = session;
    }

    /** The channel the session runs on. */
    public Channel sessionChannel() {
        return session.surveyMedium();
    }

    /** The session the input named, as the step found it (unchanged): its survey, version and channel. */
    public SurveySession session() {
        return session;
    }
}
