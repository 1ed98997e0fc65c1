package com.surveyrelay.storage;

import com.surveyrelay.survey.SurveyConfigLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Whether a survey the catalog has not listed yet is in the bucket all the same: uploaded since the catalog's last
 * look (every {@code SURVEY_CATALOG_REFRESH}, 30 s). Until 2026-12-07 a start naming it in that time answered
 * {@code 404 unknown_survey}, and a campaign row dropped right after the upload failed for good (a newcomer's probe);
 * the catalog now answers {@code 503 survey_unavailable}, which a row retries, and looks at the bucket at once.
 *
 * <p>Cost: one {@code HeadObject} of {@code surveys/<surveyId>/survey-config.json} per start naming an unknown
 * surveyId (starts are authenticated and rate-limited); one found is remembered {@value #ASK_EVERY_SECONDS} s, at most
 * {@value #REMEMBERED} ids. S3 failing counts as not there: the start answers as before.
 */
final class UnlistedSurveys {

    static final int ASK_EVERY_SECONDS = 5;
    private static final int REMEMBERED = 1000;

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    /** Each surveyId asked about, with when and what the bucket answered. */
    private final Map<String, Answer> asked = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > REMEMBERED;
        }
    };

    private record Answer(Instant at, boolean there) {
    }

    UnlistedSurveys(S3Client s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** True when {@code surveys/<surveyId>/survey-config.json} is in the bucket (a yes as of at most 5 s ago). */
    synchronized boolean uploaded(String surveyId) {
        Instant now = clock.instant();
        Answer known = asked.get(surveyId);
        // Only a survey found is remembered: a "not there" remembered for 5 s answered 404 to a start right after
        // the upload, and a campaign row failed for good (a breaker's probe of this look, 2026-12-07).
        if (known != null && known.there() && now.isBefore(known.at().plus(Duration.ofSeconds(ASK_EVERY_SECONDS)))) {
            return true;
        }
        boolean there;
        try {
            s3.headObject(head -> head.bucket(bucket).key(SurveyCatalog.SURVEYS_FOLDER + surveyId + "/"
                    + SurveyConfigLoader.SURVEY_CONFIG));
            there = true;
        } catch (NoSuchKeyException e) {
            there = false;
        } catch (SdkException e) {
            there = false; // S3 failing: the start answers as it did before this look
        }
        asked.put(surveyId, new Answer(now, there));
        return there;
    }
}
