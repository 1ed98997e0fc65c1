package com.surveyrelay.config;

import com.surveyrelay.survey.Channel;
import java.util.Map;
import java.util.Set;

/**
 * The paths an enterprise starts a survey at over HTTP, one per channel, as the initiation routes listen on them
 * ({@code routes/sms-initiation.camel.yaml}, {@code voice-initiation}, {@code whatsapp-initiation}). Named once: the
 * request filter tells them from Twilio's webhooks, a bus message for the wrong channel is told which to use, and a
 * voice path may not take one ({@link VoicePaths}, whose test compares them with the route files).
 */
public final class InitiationPaths {

    /** The initiation path of each channel. */
    public static final Map<Channel, String> BY_CHANNEL = Map.of(Channel.SMS, "/sms/initiate-sms", Channel.VOICE,
            "/voice/initiate-call", Channel.WHATSAPP, "/whatsapp/initiate-whatsapp");
    /** Every initiation path. */
    public static final Set<String> ALL = Set.copyOf(BY_CHANNEL.values());

    private InitiationPaths() {
    }
}
