package com.surveyrelay.config;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The paths Twilio posts a call's steps and its end to ({@code survey-relay.voice.*} in {@code application.yaml},
 * {@code VOICE_WEBHOOK_PATH} and {@code VOICE_STATUS_PATH}): the voice-call and call-status routes listen on them,
 * every call placed names them (its {@code Url}, {@code Gather} actions and {@code StatusCallback}, under
 * {@code PUBLIC_BASE_URL}), and the request body filter treats them as Twilio webhooks.
 *
 * @param webhookPath where each step of a call is posted, like {@code /voice/webhook}
 * @param statusPath where the call's status callback is posted, like {@code /voice/status}
 * @param incomingPath where a call to the survey number is posted ({@code VOICE_INCOMING_PATH}, the number's "A call
 *     comes in" webhook in the Twilio console), like {@code /voice/incoming}
 */
@ConfigurationProperties("survey-relay.voice")
public record VoicePaths(String webhookPath, String statusPath, String incomingPath) {

    /**
     * @throws IllegalArgumentException naming the variable and the property, for a path that is missing, does not
     *     start with {@code /}, holds a query, a fragment or a space, is the same as another, or is one another route
     *     listens on ({@link #OTHER_ROUTES})
     */
    public VoicePaths {
        check("VOICE_WEBHOOK_PATH", "webhook-path", webhookPath);
        check("VOICE_STATUS_PATH", "status-path", statusPath);
        check("VOICE_INCOMING_PATH", "incoming-path", incomingPath);
        if (webhookPath.equals(statusPath)) {
            throw new IllegalArgumentException("VOICE_WEBHOOK_PATH and VOICE_STATUS_PATH (survey-relay.voice."
                    + "webhook-path and status-path) must differ: a call's steps and its end go to two routes");
        }
        checkFree("VOICE_WEBHOOK_PATH", "webhook-path", webhookPath);
        checkFree("VOICE_STATUS_PATH", "status-path", statusPath);
        checkFree("VOICE_INCOMING_PATH", "incoming-path", incomingPath);
        if (incomingPath.equals(webhookPath) || incomingPath.equals(statusPath)) {
            throw new IllegalArgumentException("VOICE_INCOMING_PATH (survey-relay.voice.incoming-path) must differ "
                    + "from VOICE_WEBHOOK_PATH and VOICE_STATUS_PATH: calls to the survey number go to a route of "
                    + "their own");
        }
    }

    /**
     * The paths the service's other routes listen on ({@code routes/*.camel.yaml}; a test keeps the two alike), a
     * {@code {name}} segment standing for any one segment. A voice path set to one of them ({@code /sms/status})
     * stopped the start until 2026-12-07 with Camel's "Multiple consumers for the same endpoint" and a stack trace
     * naming the other route, not the variable (an operator's probe).
     */
    static final List<String> OTHER_ROUTES = java.util.stream.Stream.concat(Stream.of("/campaigns",
            "/campaigns/{campaignId}", "/campaigns/{campaignId}/cancel", "/campaigns/{campaignId}/results.csv",
            "/info", "/openapi.json", "/respondents/access", "/respondents/erasure", "/scheduled-starts/{scheduleId}",
            "/sms/status", "/sms/webhook", "/surveys", "/surveys/{surveyId}/results.csv",
            "/surveys/{surveyId}/results.jsonl", "/surveys/{surveyId}/sessions", "/surveys/{surveyId}/summary",
            "/surveys/{surveyId}/versions"), InitiationPaths.ALL.stream()).sorted().toList();

    private static void checkFree(String variable, String name, String path) {
        for (String taken : OTHER_ROUTES) {
            if (path.matches(taken.replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+"))) {
                throw new IllegalArgumentException(variable + " (survey-relay.voice." + name + ") must not be " + path
                        + ": the route of " + taken + " listens there");
            }
        }
    }

    /** Named by its variable too, as every other refused setting is ({@link SettingBounds#refused}). */
    private static void check(String variable, String name, String path) {
        if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
            throw SettingBounds.refused(variable, "survey-relay.voice." + name, "a path like /voice/webhook (a "
                    + "leading slash, no query)", path == null ? "missing" : "'" + path + "'");
        }
    }
}
