package com.surveyrelay.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the store allows: {@code concurrency} threads, each reading its own object and writing it back only if
 * unchanged ({@code GET}, then {@code PUT} with {@code If-Match} of the ETag read), as a session step does at
 * the least, for a while. The object is the size of a session document mid-survey.
 */
final class StorageFloor {

    /** A session document mid-survey is about this big (pretty-printed JSON with two answers and an inbox). */
    static final int DOCUMENT_BYTES = 2_500;

    private final S3Client s3;
    private final String bucket;

    StorageFloor(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * GET + conditional PUT pairs per second over {@code duration}, each thread on its own key.
     *
     * @throws IllegalStateException when a pair failed (the figure would not be a floor)
     */
    double pairsPerSecond(int concurrency, Duration duration) throws Exception {
        byte[] document = "x".repeat(DOCUMENT_BYTES).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            s3.putObject(put -> put.bucket(bucket).key(key(index)), RequestBody.fromBytes(document));
        }
        AtomicLong pairs = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                String key = key(i);
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        String etag = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).response().eTag();
                        s3.putObject(put -> put.bucket(bucket).key(key).ifMatch(etag).contentType("application/json"),
                                RequestBody.fromBytes(document));
                        pairs.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return pairs.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static String key(int index) {
        return "benchmark-storage-floor/" + index + ".json";
    }
}
