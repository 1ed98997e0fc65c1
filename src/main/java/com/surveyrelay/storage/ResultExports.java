package com.surveyrelay.storage;

import com.surveyrelay.survey.SurveySession;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/**
 * Names a finished session's copy in the results sink:
 * {@code finished-sessions/<surveyId>/<yyyy-MM-dd>/<STATUS>.<channel>.<language>.<sessionId>.json}, one folder a
 * survey and a day (of {@code surveyStarted}, UTC), which is how analytics tools (Athena, Glue, Spark) want to
 * partition them. The file name leads with what a reader filters on, so a listing of one day's folder is
 * filtered by status, channel and language without reading an object, and one status (or status and channel)
 * is a narrower prefix of its own. The live documents stay per phone under {@code survey-results/}.
 *
 * <p>Status names are the {@link com.surveyrelay.survey.SurveyStatus} constants, channels the stored
 * {@code surveyMedium} values, languages the session's {@code languageSet} tag, session ids server-made: none
 * holds a dot or a slash, so the name splits back into its four parts unambiguously.
 */
@Component("resultExports")
public class ResultExports {

    /** The folder of the results sink; the one place the name is spelled. */
    public static final String FOLDER = "finished-sessions/";
    /**
     * The folder the sink wrote to before the file names carried status, channel and language; read only by the
     * one-off migration ({@code routes/results-migration.camel.yaml}).
     */
    public static final String LEGACY_FOLDER = "completed-surveys/";
    /** Ends every object name in the sink. */
    public static final String SUFFIX = ".json";

    /** The key of a finished session's copy; the session must carry {@code surveyStarted}. */
    public String key(SurveySession session) {
        LocalDate day = session.surveyStarted().atZone(ZoneOffset.UTC).toLocalDate();
        return dayPrefix(session.surveyId(), day) + session.surveyStatus().name() + "."
                + session.surveyMedium().value() + "." + session.languageSet() + "." + session.sessionId() + SUFFIX;
    }

    /** The folder of one survey's sessions started on one day (UTC), ending in {@code /}. */
    public static String dayPrefix(String surveyId, LocalDate day) {
        return FOLDER + surveyId + "/" + day + "/";
    }
}
