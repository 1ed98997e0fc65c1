package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local default's S3 keeps AWS S3's promise for conditional writes: of concurrent conditional PUTs to one
 * key, exactly one succeeds. Every answer-once guarantee of the service rests on this.
 */
class LocalS3ConditionalWritesTest {

    private static final String BUCKET = "conditional-writes";
    private static final int WRITERS = 10;

    private static LocalS3 s3;
    private static S3Client client;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket(BUCKET));
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void stop() throws Exception {
        pool.shutdownNow();
        client.close();
        s3.close();
    }

    @RepeatedTest(5)
    void ofTenConcurrentCreatesOfOneKeyExactlyOneSucceeds() throws Exception {
        String key = "create-" + System.nanoTime();
        List<Integer> statuses = race(writer -> put(PutObjectRequest.builder().ifNoneMatch("*"), key, writer));
        assertThat(statuses).as("HTTP status of each create").containsOnlyOnce(200).containsOnly(200, 412);
    }

    @RepeatedTest(5)
    void ofTenConcurrentUpdatesAgainstOneEtagExactlyOneSucceeds() throws Exception {
        String key = "update-" + System.nanoTime();
        String etag = client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString("first")).eTag();
        List<Integer> statuses = race(writer -> put(PutObjectRequest.builder().ifMatch(etag), key, writer));
        assertThat(statuses).as("HTTP status of each update").containsOnlyOnce(200).containsOnly(200, 412);
        String winner = client.getObjectAsBytes(get -> get.bucket(BUCKET).key(key)).asUtf8String();
        assertThat(winner).as("the object is the one write that succeeded").startsWith("writer-");
    }

    private interface Writer {
        int write(int writer);
    }

    private static List<Integer> race(Writer writer) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            int id = i;
            Callable<Integer> task = () -> {
                go.await();
                return writer.write(id);
            };
            results.add(pool.submit(task));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        return statuses;
    }

    private static int put(PutObjectRequest.Builder request, String key, int writer) {
        try {
            return client.putObject(request.bucket(BUCKET).key(key).build(),
                    RequestBody.fromString("writer-" + writer)).sdkHttpResponse().statusCode();
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }
}
