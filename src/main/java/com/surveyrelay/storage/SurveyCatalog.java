package com.surveyrelay.storage;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.ConfigFile;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigException;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.web.HttpProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The survey definition and prompts, read from the bucket once and then kept in memory: a webhook never
 * waits for S3 to learn what to say (the original read five objects per step). The {@code survey-catalog}
 * route calls {@link #refresh()} on a timer; it lists the configuration objects' ETags and reloads only
 * when one changed. A new version that fails the lint is refused with a logged error and the last good
 * survey stays in use.
 */
@Component("surveyCatalog")
public class SurveyCatalog implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyCatalog.class);

    private final S3Client s3;
    private final String bucket;
    private final SurveyConfigLoader loader = new SurveyConfigLoader();
    private final AtomicReference<Survey> current = new AtomicReference<>();
    /** The ETags of the version last tried, good or refused, so a refused version is reported once. */
    private volatile Map<String, String> lastSeen = Map.of();
    private volatile String lastRefusal;

    public SurveyCatalog(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
    }

    @Override
    public void afterPropertiesSet() {
        refresh();
    }

    /** Reloads the survey if any configuration object changed; safe to call at any rate. */
    public synchronized void refresh() {
        Map<String, String> etags;
        try {
            etags = configurationEtags();
        } catch (SdkException e) {
            LOG.warn("Cannot list the survey configuration in bucket {}: {}", bucket, e.getMessage());
            return;
        }
        if (etags.equals(lastSeen)) {
            return;
        }
        try {
            List<ConfigFile> files = new ArrayList<>();
            for (String key : etags.keySet()) {
                files.add(new ConfigFile(key, s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray()));
            }
            Survey survey = loader.load(files);
            current.set(survey);
            lastRefusal = null;
            LOG.info("Survey {} loaded from bucket {}: {} questions in {}", survey.surveyId(), bucket,
                    survey.questions().size(), survey.languages().keySet().stream().sorted().toList());
        } catch (SurveyConfigException e) {
            lastRefusal = e.getMessage();
            LOG.error("New survey configuration in bucket {} refused, {} stays in use. {}", bucket,
                    Optional.ofNullable(current.get()).map(Survey::surveyId).orElse("no survey"), e.getMessage());
        } catch (SdkException e) {
            LOG.warn("Cannot read the survey configuration in bucket {}: {}", bucket, e.getMessage());
            return;
        }
        lastSeen = etags;
    }

    private Map<String, String> configurationEtags() {
        Map<String, String> etags = new TreeMap<>();
        try {
            etags.put(SurveyConfigLoader.SURVEY_CONFIG,
                    s3.headObject(head -> head.bucket(bucket).key(SurveyConfigLoader.SURVEY_CONFIG)).eTag());
        } catch (NoSuchKeyException e) {
            // Reported by the loader as a missing file.
        }
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket)
                .prefix(SurveyConfigLoader.PROMPTS_FOLDER)).contents()) {
            if (!object.key().endsWith("/")) {
                etags.put(object.key(), object.eTag());
            }
        }
        return etags;
    }

    /** Why the newest configuration in the bucket was refused, while the previous one stays in use. */
    public Optional<String> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    /**
     * The survey to run.
     *
     * @param surveyId the survey asked for, or null for the configured one
     */
    public Survey survey(String surveyId) {
        Survey survey = current.get();
        if (survey == null) {
            throw new HttpProblem(503, "survey_unavailable", "No valid survey configuration has been loaded yet.");
        }
        if (surveyId != null && !surveyId.equals(survey.surveyId())) {
            throw new HttpProblem(404, "unknown_survey", "There is no survey with that surveyId.");
        }
        return survey;
    }
}
