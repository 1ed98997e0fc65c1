package com.surveyrelay.privacy;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bucket of its own on an in-memory S3-protocol server, for the privacy tests that run the stores against real
 * conditional writes, with the service settings that name it (sessions and results in the same bucket).
 *
 * @param s3 the server, closed by {@link #close()}
 * @param client a client of it
 * @param settings the service's settings, both buckets this one
 */
record PrivacyBucket(LocalS3 s3, S3Client client, SurveyRelayProperties settings) implements AutoCloseable {

    /** Starts a server and creates {@code bucket} on it. */
    static PrivacyBucket create(String bucket) throws Exception {
        LocalS3 s3 = LocalS3.inMemory();
        S3Client client = s3.client();
        client.createBucket(create -> create.bucket(bucket));
        return new PrivacyBucket(s3, client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), bucket, bucket, "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    /** The survey shipped in {@code config-files/}. */
    static Survey shippedSurvey() {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        s3.close();
    }
}
