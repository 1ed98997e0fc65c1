package com.surveyrelay.storage;

import com.surveyrelay.survey.SurveySession;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/**
 * Names a finished session's copy in the results sink: {@code completed-surveys/<surveyId>/<yyyy-MM-dd>/
 * <sessionId>.json}, one folder a survey and a day, which is how analytics tools (Athena, Glue, Spark)
 * want to partition them. The live documents stay per phone under {@code survey-results/}.
 */
@Component("resultExports")
public class ResultExports {

    public static final String PREFIX = "completed-surveys/";

    public String key(SurveySession session) {
        return PREFIX + session.surveyId() + "/" + session.surveyStarted().atZone(ZoneOffset.UTC).toLocalDate()
                + "/" + session.sessionId() + ".json";
    }
}
