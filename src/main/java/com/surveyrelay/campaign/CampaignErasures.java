package com.surveyrelay.campaign;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.survey.E164;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The numbers erased while a campaign naming them was unfinished (GDPR article 17, through
 * {@code POST /respondents/erasure}): the campaign's rows to such a number start nothing more, on whichever instance
 * runs the campaign, and are recorded {@code skipped, respondent_erased}. A probe (2026-12-05) erased a number whose
 * row was still pending in a campaign at 0.2 rows a second; 18 s later the row texted it and published "Survey
 * Started".
 *
 * <p>Kept as one empty object a number and campaign, {@code campaign-erasures/<campaignId>/<64 hex digits>}, named by
 * the HMAC-SHA256 the consent records use ({@link RespondentRecords#key}, under {@code RESPONDENT_HASH_KEY}), so it
 * holds no number. Each row asks with one S3 {@code HEAD} before its start. A row that read no marker an instant before
 * the erasure wrote it is started; its survey is then one the erasure counts as started meanwhile, or ends.
 */
@Component("campaignErasures")
public class CampaignErasures {

    /** Where the markers are kept, one folder a campaign. */
    public static final String PREFIX = "campaign-erasures/";

    private final S3Client s3;
    private final String bucket;
    private final RespondentRecords names;

    /** Hands the {@code runner} its check ({@link CampaignRunner#checkErasuresWith}). */
    public CampaignErasures(S3Client s3, SurveyRelayProperties settings, ConsentProperties consent,
            CampaignRunner runner) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.names = new RespondentRecords(s3, settings, consent.hashKey());
        runner.checkErasuresWith(this::erased);
    }

    /**
     * Records that {@code phone}'s data was erased while campaign {@code campaignId} was unfinished. Writing it twice
     * changes nothing.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void record(String campaignId, E164 phone) {
        s3.putObject(put -> put.bucket(bucket).key(key(campaignId, phone)).contentType("application/octet-stream"),
                RequestBody.empty());
    }

    /**
     * Whether {@code phone}'s data was erased while campaign {@code campaignId} ran: one {@code HEAD}.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (the row is then tried again, as a
     *     start failing on our side is)
     */
    boolean erased(String campaignId, E164 phone) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(key(campaignId, phone)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private String key(String campaignId, E164 phone) {
        String record = names.key(phone);
        return PREFIX + campaignId + "/" + record.substring(RespondentRecords.PREFIX.length(),
                record.length() - ".json".length());
    }
}
