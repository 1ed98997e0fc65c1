package com.surveyrelay.survey;

import java.util.List;

/**
 * Turns a {@link Reply} into the {@link Decision} for the session's channel: TwiML for a call ({@link CallTwiml}),
 * texts for SMS and WhatsApp ({@link SmsReplyTexts}). It exists so that every step renders the same way, whichever
 * class decided it.
 */
final class ChannelReplies {

    private final CallTwiml callTwiml;

    ChannelReplies(CallTwiml callTwiml) {
        this.callTwiml = callTwiml;
    }

    /**
     * The decision on the session's channel: {@link #voiceDecision} for a call, {@link #smsDecision} otherwise.
     *
     * @return the session as given, its reply rendered, and the events as given
     */
    Decision decision(Survey survey, SurveySession session, Reply reply, List<SurveyEvent> events) {
        return session.surveyMedium() == Channel.VOICE
                ? voiceDecision(survey, session, reply, events)
                : smsDecision(survey, session, reply, events);
    }

    /** The decision answering a voice webhook: the reply as TwiML and no texts; whatever the session's channel. */
    Decision voiceDecision(Survey survey, SurveySession session, Reply reply, List<SurveyEvent> events) {
        return new Decision(session, callTwiml.render(survey, session, reply), List.of(), events);
    }

    /**
     * The decision answering a text: no TwiML, the reply as texts of at most 1,600 characters each
     * ({@link SmsReplyTexts#render}).
     */
    static Decision smsDecision(Survey survey, SurveySession session, Reply reply, List<SurveyEvent> events) {
        return new Decision(session, null, SmsReplyTexts.render(survey, session, reply), events);
    }
}
