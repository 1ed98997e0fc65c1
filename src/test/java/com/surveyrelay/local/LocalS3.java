package com.surveyrelay.local;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.ConfigFile;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A real S3-protocol server on loopback (S3Proxy over jclouds): on disk for the local default, so results
 * survive a restart and are plain files to look at, or in memory for tests. Conditional writes are atomic
 * per key, as on AWS S3 (see {@link AtomicConditionalWrites}).
 */
public final class LocalS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStoreContext store;
    private final URI endpoint;
    private final Faults faults = new Faults();
    private final FaultyS3 faulty = new FaultyS3(faults);
    private final CountedS3 counted = new CountedS3();

    private LocalS3(BlobStoreContext store, int port) throws Exception {
        this.store = store;
        this.proxy = S3Proxy.builder()
                .blobStore(store.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        makeConditionalWritesAtomic(proxy);
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        this.endpoint = URI.create("http://localhost:" + proxy.getPort());
    }

    /**
     * Puts {@link AtomicConditionalWrites} in front of S3Proxy's handler. S3Proxy offers no hook for it, so
     * this reaches its Jetty server by reflection; the version is pinned in the pom, and a change that breaks
     * this fails every service test at start-up rather than quietly losing the guarantee.
     */
    private void makeConditionalWritesAtomic(S3Proxy proxy) throws ReflectiveOperationException {
        Field field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        AtomicConditionalWrites atomic = new AtomicConditionalWrites();
        atomic.setHandler(server.getHandler());
        counted.setHandler(atomic);
        faulty.setHandler(counted);
        server.setHandler(faulty);
    }

    /** Objects are files under {@code directory}/{bucket}/{key}. */
    public static LocalS3 onDisk(Path directory, int port) throws Exception {
        Files.createDirectories(directory);
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        return new LocalS3(ContextBuilder.newBuilder("filesystem-nio2")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(overrides)
                .build(BlobStoreContext.class), port);
    }

    public static LocalS3 inMemory() throws Exception {
        return new LocalS3(ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build(BlobStoreContext.class), 0);
    }

    /**
     * Where S3 clients reach this server: {@code http://localhost:<port>}, not {@code 127.0.0.1} (S3Proxy listens on
     * 127.0.0.1, the address Java resolves {@code localhost} to first). The AWS SDK's Apache client (2.41) makes each
     * request's URL a {@code URI} through {@code SdkUri}, which takes a URL whose first and eleventh characters after
     * the scheme are digits for an account-id endpoint ({@code 127.0.0.1:<port>} is one) and looks it up in a static
     * cache of 150 entries that takes a lock on every miss. A new S3 key is a miss, and a session's keys are new to
     * it, so under load nearly every request took that lock (issue 13's JFR recording: 138 waits of over 20 ms). An
     * AWS endpoint ({@code https://<bucket>.s3.<region>.amazonaws.com}, a bucket name starting with a letter) never
     * goes through the cache, nor does {@code localhost}.
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Stores an object straight into the blob store behind S3Proxy, without an HTTP request, a signature or the fault
     * switch: for tests that need many thousands of objects in place before they look at how the service reads them.
     */
    public void putDirect(String bucket, String key, String json) {
        org.jclouds.blobstore.BlobStore blobs = store.getBlobStore();
        blobs.putBlob(bucket, blobs.blobBuilder(key).payload(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .contentType("application/json").build());
    }

    /** A client as the service builds it, for seeding and for tests that look at the bucket. */
    public S3Client client() {
        return client(List.of());
    }

    /**
     * As {@link #client()}, with {@code interceptors} called around each request, and before each of its attempts
     * ({@code beforeTransmission}): for a test that acts between the SDK's attempts of one write.
     */
    public S3Client client(List<ExecutionInterceptor> interceptors) {
        return S3Client.builder()
                .overrideConfiguration(override -> override.executionInterceptors(interceptors))
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /**
     * Creates {@code bucket} unless it is there.
     *
     * @throws software.amazon.awssdk.services.s3.model.S3Exception for a name S3 takes for no bucket
     *     ({@code Bad_Bucket})
     */
    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            if (s3.listBuckets().buckets().stream().noneMatch(existing -> existing.name().equals(bucket))) {
                s3.createBucket(create -> create.bucket(bucket));
            }
        }
    }

    /**
     * Creates the bucket if needed and uploads each survey of {@code configFiles} (the default survey at its root,
     * and every {@code surveys/<surveyId>/} folder) whose {@code survey-config.json} the bucket does not hold yet,
     * so a fresh local default runs the shipped surveys, a survey shipped later is added, and an edited survey is
     * never overwritten.
     *
     * @return true when it seeded at least one survey
     */
    public boolean seed(String bucket, Path configFiles) throws IOException {
        createBucket(bucket);
        try (S3Client s3 = client()) {
            List<String> folders = new ArrayList<>(List.of(""));
            Path surveys = configFiles.resolve(SurveyCatalog.SURVEYS_FOLDER);
            if (Files.isDirectory(surveys)) {
                try (Stream<Path> listing = Files.list(surveys)) {
                    listing.filter(Files::isDirectory).sorted()
                            .forEach(folder -> folders.add(SurveyCatalog.SURVEYS_FOLDER + folder.getFileName() + "/"));
                }
            }
            boolean seeded = false;
            for (String folder : folders) {
                try {
                    s3.headObject(head -> head.bucket(bucket).key(folder + SurveyConfigLoader.SURVEY_CONFIG));
                } catch (NoSuchKeyException e) {
                    for (ConfigFile file : SurveyConfigLoader.readDirectory(configFiles.resolve(folder))) {
                        s3.putObject(put -> put.bucket(bucket).key(folder + file.name()),
                                RequestBody.fromBytes(file.content()));
                    }
                    seeded = true;
                }
            }
            return seeded;
        }
    }

    /** The requests served so far, by HTTP method ({@code GET}, {@code PUT}, {@code DELETE}, {@code HEAD}). */
    public Map<String, Long> requestCounts() {
        return counted.counts();
    }

    /** Requests served so far, by method and the key's first folder, e.g. {@code "PUT survey-results"}. */
    public Map<String, Long> requestCountsByPrefix() {
        return counted.countsByPrefix();
    }

    /**
     * Carries out the next {@code requests} PUTs whose path ({@code /<bucket>/<key>}) holds {@code pathPart}, then
     * drops the connection before their answers: a write that landed although its client saw it fail.
     */
    public void loseAnswers(String pathPart, int requests) {
        faulty.loseAnswers(pathPart, requests);
    }

    /** The {@code x-amz-request-id} of every answer the fault switch makes (503, 403, 409), as S3 names each. */
    public static final String FAULT_REQUEST_ID = "LOCALFAULT000001";

    /**
     * Answers the next {@code requests} conditional PUTs ({@code If-Match} or {@code If-None-Match}) whose path holds
     * {@code pathPart} with {@code 409 ConditionalRequestConflict} and stores nothing: what AWS S3 answers while another
     * conditional write to the object is being applied. {@code ("", 0)} turns it off.
     */
    public void conflictConditionalPuts(String pathPart, int requests) {
        faulty.conflictConditionalPuts(pathPart, requests);
    }

    /** This server's fault switch: 503s, hangs or resets for the service under test (see {@link Faults}). */
    public Faults faults() {
        return faults;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        store.close();
    }
}
