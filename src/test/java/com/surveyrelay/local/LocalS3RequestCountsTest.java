package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local S3 counts what it serves by method and the key's first folder, and a listing by its prefix's first
 * folder: the benchmark tells an outbox sweep's listing of the open-session markers from the catalog's.
 */
class LocalS3RequestCountsTest {

    private static final String BUCKET = "request-counts";

    private static LocalS3 s3;
    private static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        s3.close();
    }

    @Test
    void requestsAreCountedByTheKeysFirstFolderAndListingsByTheirPrefixs() {
        client.putObject(put -> put.bucket(BUCKET).key("open-sessions/15550100/a"), RequestBody.fromString("{}"));
        client.getObjectAsBytes(get -> get.bucket(BUCKET).key("open-sessions/15550100/a"));
        client.listObjectsV2(list -> list.bucket(BUCKET).prefix("open-sessions/"));
        client.listObjectsV2(list -> list.bucket(BUCKET).prefix("open-sessions/15550100/"));
        client.listObjectsV2(list -> list.bucket(BUCKET).prefix("surveys/"));
        client.listObjectsV2(list -> list.bucket(BUCKET));

        assertThat(s3.requestCountsByPrefix()).containsEntry("PUT open-sessions", 1L)
                .containsEntry("GET open-sessions", 1L).containsEntry("GET (list open-sessions)", 2L)
                .containsEntry("GET (list surveys)", 1L).containsEntry("GET (bucket)", 1L);
    }
}
