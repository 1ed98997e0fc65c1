package com.surveyrelay.results;

import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.survey.SurveyStatus;
import java.util.Optional;

/**
 * The parts of a results-sink object name, {@code <STATUS>.<channel>.<language>.<sessionId>.json}, as
 * {@link ResultExports#key} writes it: what a listing is filtered on without reading the object.
 *
 * @param status the session's final status
 * @param channel the stored channel ({@code surveyMedium}): {@code sms}, {@code voice} or {@code whatsapp}
 * @param language the session's language tag, e.g. {@code es-MX}
 * @param sessionId the session's id
 */
record FinishedName(SurveyStatus status, String channel, String language, String sessionId) {

    /** The parts of a name (the key's last segment), or empty for a name the sink did not write. */
    static Optional<FinishedName> parse(String name) {
        if (!name.endsWith(ResultExports.SUFFIX)) {
            return Optional.empty();
        }
        String[] parts = name.substring(0, name.length() - ResultExports.SUFFIX.length()).split("\\.", 4);
        if (parts.length != 4 || parts[3].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FinishedName(SurveyStatus.valueOf(parts[0]), parts[1], parts[2], parts[3]));
        } catch (IllegalArgumentException notAStatus) {
            return Optional.empty();
        }
    }
}
