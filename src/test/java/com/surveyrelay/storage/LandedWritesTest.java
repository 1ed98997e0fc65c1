package com.surveyrelay.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.local.LocalS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What S3's 404 to a conditional write means to {@link LandedWrites#put}, against the local S3. */
class LandedWritesTest {

    private static final byte[] CHANGED = "{\"answer\":\"changed\"}".getBytes(UTF_8);

    private static LocalS3 s3;
    private static S3Client client;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket("landed"));
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        s3.close();
    }

    /** The ETag of a new object at {@code key}, which is then deleted: a reader's ETag of an erased document. */
    private static String deletedAfterReading(String key) {
        String eTag = client.putObject(put -> put.bucket("landed").key(key), RequestBody.fromString("{}")).eTag();
        client.deleteObject(delete -> delete.bucket("landed").key(key));
        return eTag;
    }

    @Test
    void anObjectDeletedSinceItWasReadIsARefusalForAWriterThatSaysSo() {
        String eTag = deletedAfterReading("erased/refuses");
        PutObjectRequest change = PutObjectRequest.builder().bucket("landed").key("erased/refuses").ifMatch(eTag)
                .build();
        assertThat(LandedWrites.put(client, change, CHANGED, LandedWrites.Deleted.REFUSES)).isEmpty();
    }

    @Test
    void anObjectDeletedSinceItWasReadIsThrownToAWriterThatTakesItForAFailure() {
        String eTag = deletedAfterReading("erased/throws");
        PutObjectRequest change = PutObjectRequest.builder().bucket("landed").key("erased/throws").ifMatch(eTag)
                .build();
        assertThatThrownBy(() -> LandedWrites.put(client, change, CHANGED, LandedWrites.Deleted.THROWS))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    /**
     * A bucket that does not exist (deleted, or misnamed in the settings) fails every write alike: it is thrown, even
     * to a writer for which a deleted object is a refusal. Until 2026-12-06 such a writer took it for another
     * writer's change: a session step's write answered as lost to a concurrent step, an erasure, not as storage
     * failing.
     */
    @Test
    void aBucketThatDoesNotExistIsThrownEvenToAWriterForWhichADeletedObjectIsARefusal() {
        String eTag = deletedAfterReading("erased/bucket");
        PutObjectRequest change = PutObjectRequest.builder().bucket("no-such-bucket").key("erased/bucket").ifMatch(eTag)
                .build();
        assertThatThrownBy(() -> LandedWrites.put(client, change, CHANGED, LandedWrites.Deleted.REFUSES))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                });
    }
}
