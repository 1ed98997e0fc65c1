package com.surveyrelay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.surveyrelay.benchmark.Load.BusCounts;
import com.surveyrelay.benchmark.ServiceMeters.GcPauses;
import com.surveyrelay.benchmark.ServiceMeters.OutboxBacklog;
import com.surveyrelay.benchmark.StoreCounts.S3Cost;
import com.surveyrelay.local.LocalServices;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The production-like benchmark: the packaged jar in its own JVM (full JIT, production settings) against the local
 * default's embedded S3 (S3Proxy on the filesystem), EventBridge endpoint and Twilio emulator, which run in this
 * JVM and count what the service asks of them. Virtual respondents take complete SMS surveys back to back (8, 50
 * and 200 at a time); virtual callers take complete voice surveys, pausing as a caller does between steps. Before
 * each SMS run the storage floor is measured at the same concurrency: raw GET + conditional PUT pairs on the same
 * store ({@link StorageFloor}). Every answer is audited against storage and the bus ({@link AnswerAudit}).
 *
 * <p>Run it with {@code mvn -B -ntp -Pbenchmark verify} (the README's "Performance" section); settings are system
 * properties: {@code benchmark.seconds} (20), {@code benchmark.warmup-seconds} (90), {@code benchmark.runs} (3),
 * {@code benchmark.sms-concurrency} (8,50,200; empty: the calls alone), {@code benchmark.voice-calls} (50),
 * {@code benchmark.voice-pause-ms} (1000), {@code benchmark.launches} (3: time to ready is their median),
 * {@code benchmark.jvm-flags}; {@code benchmark.startup-only=true} stops after the start-up figures. Each printed
 * figure is the median of the runs; the warm-up is not shown.
 */
@Tag("benchmark")
class ProductionBenchmark {

    private static final String PUBLIC_BASE_URL = "https://relay.example.com";
    private static final String API_KEY = "benchmark-api-key";
    /** The shipped survey's SMS texts: go on, then its four answers. */
    static final List<String> SMS_TEXTS = List.of("continue", "4", "the app", "5", "nothing");
    /** The answers those texts give, by question name. */
    static final Map<String, String> ANSWERS = answers();
    static final String DEFAULT_JVM_FLAGS = "-Xms64m -Xmx144m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -Xss512k "
            + "-XX:TrimNativeHeapInterval=5000 -XX:ReservedCodeCacheSize=40m";

    private final int seconds = Integer.getInteger("benchmark.seconds", 20);
    private final int warmUpSeconds = Integer.getInteger("benchmark.warmup-seconds", 90);
    private final int runs = Integer.getInteger("benchmark.runs", 3);
    private final List<Integer> smsConcurrency = Arrays.stream(System.getProperty("benchmark.sms-concurrency",
            "8,50,200").split(",")).map(String::strip).filter(text -> !text.isEmpty()).map(Integer::valueOf)
            .toList(); // empty: calls only
    private final int voiceCalls = Integer.getInteger("benchmark.voice-calls", 50);
    private final int voicePauseMillis = Integer.getInteger("benchmark.voice-pause-ms", 1000);
    private final List<String> jvmFlags = List.of(System.getProperty("benchmark.jvm-flags", DEFAULT_JVM_FLAGS)
            .strip().split("\\s+"));
    private final int launches = Integer.getInteger("benchmark.launches", 3);
    private final boolean startupOnly = Boolean.getBoolean("benchmark.startup-only");
    private final AtomicLong numbers = new AtomicLong(5_551_000_000L);

    private LocalServices services;
    private ServiceProcess service;
    private S3Client s3;
    private double productionReady;

    private static Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("questionServiceRate", "4");
        answers.put("questionProduct", "the app");
        answers.put("questionAgentRate", "5");
        answers.put("questionFeedback", "nothing");
        return answers;
    }

    @Test
    void printsTheFigures() throws Exception {
        assumeTrue(System.getProperty("aot.management-port", "").isBlank(),
                "the jar was built with -Daot.management-port; the benchmark measures the default build");
        Path jar = Path.of(System.getProperty("benchmark.jar", "target/survey-relay-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar: run mvn -Pbenchmark verify, which packages it first").exists();
        Path data = Files.createTempDirectory("survey-relay-benchmark");
        int port = ServiceProcess.freePort();
        LocalServices.useLocalCredentials();
        services = LocalServices.onDisk(data, Path.of("config-files"), 0, 0, 0);
        s3 = services.s3().client();
        services.connect(URI.create(PUBLIC_BASE_URL), URI.create("http://localhost:" + port));
        Map<String, String> properties = new LinkedHashMap<>(
                services.serviceProperties(URI.create(PUBLIC_BASE_URL), API_KEY));
        properties.put("server.port", Integer.toString(port));
        // Production settings; only the initiation rate limit is raised, or the API key's limit would be measured.
        properties.put("survey-relay.initiation.rate-limit", "1000000");
        Map<String, String> environment = ServiceProcess.localEnvironment();
        printHeader(jar);
        Path log = Path.of("target", "benchmark", "service.log");
        Files.deleteIfExists(log);
        Thread.sleep(2_000); // the local servers' own start-up settles first
        try {
            double plainReady = medianReadySeconds(jar, jvmFlags, properties, environment, port, log);
            System.out.printf("ready: %.2f s from java -jar (the packaged jar as built) to readiness UP, median of %d "
                    + "launches%n", plainReady, launches);
            ServiceProcess.Launch launch = ServiceProcess.trainClassDataSharing(jar, Path.of("target", "benchmark",
                    "app"), jvmFlags, properties, environment, port, log);
            productionReady = medianReadySeconds(launch.jar(), launch.jvmFlags(), properties, environment, port, log);
            System.out.printf("ready: %.2f s from java -jar with the extracted jar, its class data sharing archive and "
                    + "Spring's ahead-of-time initialisation (the production launch), median of %d launches%n",
                    productionReady, launches);
            if (!startupOnly) {
                runScenarios(launch, properties, environment, port, log);
            }
        } finally {
            services.close();
        }
    }

    private void runScenarios(ServiceProcess.Launch launch, Map<String, String> properties,
            Map<String, String> environment, int port, Path log) throws Exception {
        try (ServiceProcess started = ServiceProcess.start(launch.jar(), launch.jvmFlags(), properties, environment,
                port, log)) {
            service = started;
            System.out.printf("service from now on: java %s -jar %s (service log: %s)%n",
                    String.join(" ", launch.jvmFlags()), launch.jar(), log);
            Thread.sleep(3_000); // a measured pause, not a condition: the idle figures come after start-up work
            System.out.printf("idle: resident %d MiB, heap in use %d MiB%n", started.residentMiB(),
                    started.heapUsedMiB());
            System.out.printf("warm-up (not shown): %d s of storage floor at 50 threads (the local S3 warms up too), "
                    + "%d s of SMS surveys at 50 respondents, %d s of voice surveys at %d calls%n", warmUpSeconds / 2,
                    warmUpSeconds, warmUpSeconds, voiceCalls);
            new StorageFloor(s3, LocalServices.BUCKET).pairsPerSecond(50, Duration.ofSeconds(warmUpSeconds / 2));
            smsRun(50, warmUpSeconds, new RouteLatencies());
            // At the scenario's own calls and as long as the SMS warm-up: with half of it at 20 calls, the voice runs'
            // p99 still fell run after run (58, 38, 28 ms) as the JIT compiled the calls' code.
            voiceRun(voiceCalls, warmUpSeconds, new RouteLatencies());

            List<Scenario> scenarios = new ArrayList<>();
            for (int concurrency : smsConcurrency) {
                List<RunResult> results = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    double floor = new StorageFloor(s3, LocalServices.BUCKET).pairsPerSecond(concurrency,
                            Duration.ofSeconds(Math.max(5, seconds / 2)));
                    RunResult result = smsRun(concurrency, seconds, new RouteLatencies()).withFloor(floor)
                            .withS3(s3PerAnsweredQuestion(concurrency));
                    System.out.println("  " + result.oneLine());
                    results.add(result);
                }
                scenarios.add(new Scenario("SMS, " + concurrency + " respondents", results));
            }
            List<RunResult> voice = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                RunResult result = voiceRun(voiceCalls, seconds, new RouteLatencies())
                        .withS3(voiceS3PerAnsweredQuestion(voiceCalls));
                System.out.println("  " + result.oneLine());
                voice.add(result);
            }
            scenarios.add(new Scenario("voice, " + voiceCalls + " calls", voice));
            ServiceProcess.CodeCache code = started.codeCache();
            System.out.println();
            if (code != null) {
                System.out.printf("code cache after the runs: %.1f MiB in use, at most %.1f MiB, of %.0f MiB; full %d "
                        + "times, the JIT stopped for it %d times%n", code.usedMiB(), code.maxUsedMiB(),
                        code.sizeMiB(), code.timesFull(), code.compilerStopped());
            }
            scenarios.forEach(Scenario::print);
            Scenario.printTable(scenarios, productionReady);
            for (Scenario scenario : scenarios) {
                for (RunResult result : scenario.runs()) {
                    assertThat(result.findings().lost()).as(scenario.name() + ": answers lost").isZero();
                    assertThat(result.findings().duplicated()).as(scenario.name() + ": answers duplicated").isZero();
                }
            }
            if (code != null) {
                assertThat(code.compilerStopped()).as("times the JIT stopped compiling for a full code cache")
                        .isZero();
            }
        }
    }

    /** Starts and stops the service {@code launches} times; answers the median time to ready in seconds. */
    private double medianReadySeconds(Path jar, List<String> flags, Map<String, String> properties,
            Map<String, String> environment, int port, Path log) throws IOException, InterruptedException {
        List<Double> seconds = new ArrayList<>();
        for (int launch = 0; launch < launches; launch++) {
            try (ServiceProcess process = ServiceProcess.start(jar, flags, properties, environment, port, log)) {
                seconds.add(process.timeToReady().toMillis() / 1000.0);
            }
        }
        System.out.printf("  launches (s): %s%n", seconds);
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    // ---- scenarios ----

    /** Respondents take complete SMS surveys back to back for {@code seconds}; the last ones are let finish. */
    private RunResult smsRun(int concurrency, int runSeconds, RouteLatencies latencies) throws Exception {
        forgetEarlierRuns();
        SurveyTraffic traffic = new SurveyTraffic(service.baseUrl(), PUBLIC_BASE_URL, API_KEY, latencies);
        AnswerAudit audit = new AnswerAudit();
        AtomicInteger turns = new AtomicInteger();
        StoreCounts before = counts();
        Load load = drive(concurrency, runSeconds, () -> {
            String phone = nextNumber();
            SurveyTraffic.Started started = traffic.start(SurveyTraffic.SMS_INITIATION, "/sms/initiate-sms", phone);
            for (String text : SMS_TEXTS) {
                traffic.text(phone, text);
                turns.incrementAndGet();
            }
            audit.add(new AnswerAudit.Finished(phone, started.sessionId(), ANSWERS));
        });
        AnswerAudit.Findings findings = audit.check(s3, LocalServices.BUCKET, services.eventBridge());
        StoreCounts after = counts();
        return new RunResult(concurrency, turns.get() / load.seconds(), load, latencies.summaries(), findings,
                after.minus(before).withoutAuditReads(findings), 0, null);
    }

    /**
     * Callers take complete voice surveys: the call's first webhook, the language menu, four answers (keys and
     * speech), then the status callback; before each step a caller pauses, as a prompt plays and a person answers,
     * for a random 0.5 to 1.5 times {@code benchmark.voice-pause-ms}.
     */
    private RunResult voiceRun(int calls, int runSeconds, RouteLatencies latencies) throws Exception {
        forgetEarlierRuns();
        SurveyTraffic traffic = new SurveyTraffic(service.baseUrl(), PUBLIC_BASE_URL, API_KEY, latencies);
        AnswerAudit audit = new AnswerAudit();
        AtomicInteger turns = new AtomicInteger();
        StoreCounts before = counts();
        Load load = drive(calls, runSeconds, () -> {
            String phone = nextNumber();
            SurveyTraffic.Started started = startCall(traffic, phone);
            answerCall(traffic, phone, started, turns);
            audit.add(new AnswerAudit.Finished(phone, started.sessionId(), ANSWERS));
        }, Integer.MAX_VALUE, voiceRampUp());
        AnswerAudit.Findings findings = audit.check(s3, LocalServices.BUCKET, services.eventBridge());
        StoreCounts after = counts();
        return new RunResult(calls, turns.get() / load.seconds(), load, latencies.summaries(), findings,
                after.minus(before).withoutAuditReads(findings), 0, null);
    }

    /**
     * Drops what the local bus, Twilio API and emulator recorded before this run (events, calls and messages, and a
     * phone for each number): each run audits and counts its own surveys only, and kept, a full run's hundred
     * thousand or more events and numbers would stay in this JVM's heap to the end, for its collector to go over on
     * the two cores the service runs on. The bus's call counts are kept; its event count restarts from 0, so every
     * snapshot ({@link #counts}, {@link #busCounts}) subtracted from another must be taken after the same clear:
     * this is the first thing a run does.
     */
    private void forgetEarlierRuns() {
        services.eventBridge().clear();
        services.twilio().clear();
        services.emulator().forgetPhones();
    }

    /** Starts a call to {@code phone}, whose steps the benchmark then makes itself ({@link #answerCall}). */
    private SurveyTraffic.Started startCall(SurveyTraffic traffic, String phone) throws Exception {
        services.emulator().phone(phone).setManual(true);
        return traffic.start(SurveyTraffic.VOICE_INITIATION, "/voice/initiate-call", phone);
    }

    /**
     * Takes a started call through its six steps, as Twilio makes them (the TwiML's {@code Gather} actions), with the
     * caller's pause before each, then reports it completed; counts each step as a turn.
     */
    private void answerCall(SurveyTraffic traffic, String phone, SurveyTraffic.Started started, AtomicInteger turns)
            throws Exception {
        var call = services.twilio().calls().stream().filter(each -> each.sid().equals(started.twilioSid()))
                .findFirst().orElseThrow(() -> new IOException("the emulator has no call " + started.twilioSid()));
        List<Map<String, String>> inputs = List.of(Map.of(), Map.of("Digits", "1"), Map.of("Digits", "4"),
                Map.of("SpeechResult", "the app", "Confidence", "0.92"), Map.of("Digits", "5"),
                Map.of("SpeechResult", "nothing", "Confidence", "0.88"));
        String url = call.url();
        for (Map<String, String> input : inputs) {
            if (url == null) {
                throw new IOException("the call ended early");
            }
            // Callers answer at their own pace: half to one and a half times the pause, so steps do not arrive in
            // lockstep.
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(voicePauseMillis / 2,
                    voicePauseMillis * 3 / 2 + 1));
            Document twiml = traffic.callStep(url, started.twilioSid(), phone, input);
            turns.incrementAndGet();
            url = SurveyTraffic.gatherAction(twiml);
        }
        traffic.callCompleted(call.statusCallback(), started.twilioSid(), phone, 30);
    }

    /**
     * S3 requests per answered question in steady state: {@code max(concurrency, 50)} SMS surveys are started (not
     * counted, nor their outboxes' emptying: {@link #awaitOutboxesEmptied}), then answered, {@code concurrency} at a
     * time, to the end; counted are the texts' webhooks, the outbox's deliveries and the finished sessions' results,
     * up to each session's last request ({@link #s3CostSince}).
     */
    private S3Cost s3PerAnsweredQuestion(int concurrency) throws Exception {
        int surveys = Math.max(concurrency, 50);
        SurveyTraffic traffic = new SurveyTraffic(service.baseUrl(), PUBLIC_BASE_URL, API_KEY, new RouteLatencies());
        List<String> phones = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < surveys; i++) {
            String phone = nextNumber();
            phones.add(phone);
            sessions.add(traffic.start(SurveyTraffic.SMS_INITIATION, "/sms/initiate-sms", phone).sessionId());
        }
        awaitEvents(sessions, "SURVEY_STARTED");
        awaitOutboxesEmptied(phones, sessions);
        StoreCounts before = counts();
        AtomicInteger next = new AtomicInteger();
        drive(concurrency, 0, () -> {
            int index = next.getAndIncrement();
            if (index >= surveys) {
                return;
            }
            for (String text : SMS_TEXTS) {
                traffic.text(phones.get(index), text);
            }
        }, surveys);
        awaitEvents(sessions, "SURVEY_COMPLETED");
        return s3CostSince(before, surveys, surveys * (double) ANSWERS.size());
    }

    /**
     * As {@link #s3PerAnsweredQuestion} for calls: {@code max(calls, 50)} calls are started (not counted), then
     * answered, {@code calls} at a time, each step after the caller's pause; counted are the calls' webhooks and
     * status callbacks, the outbox's deliveries and the results, up to each session's last request.
     */
    private S3Cost voiceS3PerAnsweredQuestion(int calls) throws Exception {
        int surveys = Math.max(calls, 50);
        SurveyTraffic traffic = new SurveyTraffic(service.baseUrl(), PUBLIC_BASE_URL, API_KEY, new RouteLatencies());
        List<String> phones = new ArrayList<>();
        List<SurveyTraffic.Started> started = new ArrayList<>();
        for (int i = 0; i < surveys; i++) {
            String phone = nextNumber();
            phones.add(phone);
            started.add(startCall(traffic, phone));
        }
        List<String> sessions = started.stream().map(SurveyTraffic.Started::sessionId).toList();
        awaitEvents(sessions, "SURVEY_STARTED");
        awaitOutboxesEmptied(phones, sessions);
        StoreCounts before = counts();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger turns = new AtomicInteger();
        drive(calls, 0, () -> {
            int index = next.getAndIncrement();
            if (index < surveys) {
                answerCall(traffic, phones.get(index), started.get(index), turns);
            }
        }, surveys);
        awaitEvents(sessions, "SURVEY_COMPLETED");
        return s3CostSince(before, surveys, surveys * (double) ANSWERS.size());
    }

    /**
     * The service's S3 requests since {@code before}, per answered question, once the finished sessions' last requests
     * are in: after a session's last event the relay empties its outbox, removes its open marker and reads it once
     * more ({@code EntryRemovals.unmark}). So this waits for {@code surveys} marker removals, then for the counts to
     * stay still over {@link #SETTLED} (the read right after each removal); at most a minute.
     */
    private S3Cost s3CostSince(StoreCounts before, int surveys, double answered) {
        long markersBefore = before.byFolder().getOrDefault(MARKER_REMOVALS, 0L);
        AtomicReference<StoreCounts> last = new AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(SETTLED)
                .alias(surveys + " open markers removed, then no S3 request for " + SETTLED.toMillis() + " ms")
                .until(() -> {
                    StoreCounts now = counts();
                    StoreCounts previous = last.getAndSet(now);
                    return now.byFolder().getOrDefault(MARKER_REMOVALS, 0L) - markersBefore >= surveys
                            && now.equals(previous);
                });
        StoreCounts spent = last.get().minus(before);
        Map<String, Double> byFolder = new java.util.TreeMap<>();
        spent.byFolder().forEach((folder, count) -> byFolder.put(folder, count / answered));
        return new S3Cost(spent.gets() / answered, spent.puts() / answered, spent.other() / answered, byFolder,
                spent.byFolder().getOrDefault(SWEEP_LISTINGS, 0L));
    }

    /**
     * Waits until the started sessions' outboxes are empty: their "Survey Started" delivered and taken out, by the
     * relay's own write when no step came within the removal delay. That write is the start's cost, not the answers':
     * a real respondent's phone rings, or their first text comes, long after it. Its reads are not counted either.
     */
    private void awaitOutboxesEmptied(List<String> phones, List<String> sessions) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .alias("the started sessions' outboxes emptied").until(() -> {
                    for (int i = 0; i < sessions.size(); i++) {
                        String key = "survey-results/" + phones.get(i).substring(1) + "/" + sessions.get(i) + ".json";
                        var outbox = json.readTree(s3.getObjectAsBytes(get -> get.bucket(LocalServices.BUCKET)
                                .key(key)).asByteArray()).path("outbox");
                        if (outbox.path("entries").size() > 0 || outbox.has("lease")) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private void awaitEvents(List<String> sessions, String eventType) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .alias("every session's " + eventType + " on the bus")
                .until(() -> services.eventBridge().events().stream()
                        .filter(event -> eventType.equals(event.detail().path("eventType").asText()))
                        .map(event -> event.detail().path("sessionId").asText())
                        .collect(java.util.stream.Collectors.toSet()).containsAll(sessions));
    }

    // ---- load ----

    @FunctionalInterface
    private interface Survey {
        void take() throws Exception;
    }

    /** How long after a run's start its respondents are taken to be all busy: past the first, simultaneous starts. */
    static final Duration RAMP_UP = Duration.ofSeconds(2);

    /**
     * How long after a voice run's start every caller is taken to be busy, giving answers: three pauses at their
     * longest (before the call's first webhook, the language menu's answer and the first question's: 4.5 s at the
     * default pause), and 0.5 s for the starts themselves. Until then the callers, all started at one instant, are
     * listening to their first prompts and the bus gets little but their "Survey Started"; a batch begun in that
     * lull goes part-full however long it waits.
     */
    private Duration voiceRampUp() {
        return Duration.ofMillis(3L * (voicePauseMillis * 3 / 2) + 500);
    }
    /** The local S3's count of listings of the open-session markers: the outbox sweep's. */
    private static final String SWEEP_LISTINGS = "GET (list open-sessions)";
    /** The local S3's count of open-marker removals: a finished session's last write. */
    private static final String MARKER_REMOVALS = "DELETE open-sessions";
    /**
     * How long the S3 counts must stay still before a steady-state figure is read: longer than the relay's
     * {@code BATCH_LINGER} (200 ms), for which a batch holding only a removal or a results copy may wait silent.
     */
    private static final Duration SETTLED = Duration.ofMillis(500);

    private BusCounts busCounts() {
        return new BusCounts(services.eventBridge().putEventsCalls(), services.eventBridge().events().size(),
                services.eventBridge().putEventsCallsByEntries());
    }

    private Load drive(int concurrency, int runSeconds, Survey survey) throws Exception {
        return drive(concurrency, runSeconds, survey, Integer.MAX_VALUE, RAMP_UP);
    }

    private Load drive(int concurrency, int runSeconds, Survey survey, int limit) throws Exception {
        return drive(concurrency, runSeconds, survey, limit, RAMP_UP);
    }

    /**
     * {@code concurrency} threads each take surveys until {@code runSeconds} are over or {@code limit} began; the
     * bus's calls are counted apart from {@code rampUp} after the start to the end of {@code runSeconds}.
     */
    private Load drive(int concurrency, int runSeconds, Survey survey, int limit, Duration rampUp) throws Exception {
        long deadline = runSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + runSeconds * 1_000_000_000L;
        AtomicInteger began = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong maxResident = new AtomicLong();
        AtomicLong heap = new AtomicLong(-1);
        String[] firstError = new String[1];
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> maxResident.accumulateAndGet(service.residentMiB(), Math::max),
                0, 500, TimeUnit.MILLISECONDS);
        // Once, two thirds in: jcmd starts a JVM of its own, so it is not run more often under load.
        sampler.schedule(() -> heap.set(service.heapUsedMiB()), Math.max(1, runSeconds * 2 / 3), TimeUnit.SECONDS);
        AtomicReference<BusCounts> loadStart = new AtomicReference<>();
        AtomicReference<BusCounts> loadEnd = new AtomicReference<>();
        if (runSeconds * 1000L > 2 * rampUp.toMillis()) {
            sampler.schedule(() -> loadStart.set(busCounts()), rampUp.toMillis(), TimeUnit.MILLISECONDS);
            sampler.schedule(() -> loadEnd.set(busCounts()), runSeconds, TimeUnit.SECONDS);
        }
        GcPauses collectedBefore = GcPauses.of(ServiceMeters.scrape(service.baseUrl()));
        HarnessPauses harnessPauses = new HarnessPauses();
        ProbeLatencies probes = ProbeLatencies.start(service.baseUrl(), rampUp);
        ProbeLatencies.Figures probed;
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < deadline && began.getAndIncrement() < limit) {
                        try {
                            survey.take();
                        } catch (Exception e) {
                            if (errors.getAndIncrement() == 0) {
                                firstError[0] = e.toString();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
            sampler.shutdownNow();
            harnessPauses.close();
            probed = probes.stop();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        BusCounts underLoad = loadStart.get() == null || loadEnd.get() == null ? null
                : loadEnd.get().minus(loadStart.get());
        String atEnd = ServiceMeters.scrape(service.baseUrl());
        return new Load(elapsed, Math.min(began.get(), limit), errors.get(), firstError[0], maxResident.get(),
                heap.get(), underLoad, rampUp, OutboxBacklog.of(atEnd), GcPauses.of(atEnd).minus(collectedBefore),
                harnessPauses.figures(), probed);
    }

    private StoreCounts counts() {
        Map<String, Long> s3Counts = services.s3().requestCounts();
        long gets = s3Counts.getOrDefault("GET", 0L);
        long puts = s3Counts.getOrDefault("PUT", 0L);
        long all = s3Counts.values().stream().mapToLong(Long::longValue).sum();
        return new StoreCounts(gets, puts, all - gets - puts, services.eventBridge().putEventsCalls(),
                services.eventBridge().events().size(), services.s3().requestCountsByPrefix());
    }

    // ---- printing ----

    private void printHeader(Path jar) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean bean
                ? bean.getTotalMemorySize() / (1024L * 1024 * 1024) : -1;
        System.out.printf("%nSurvey Relay benchmark, %s%n", Instant.now());
        System.out.printf("machine: %s %s, %d cores, %d GiB, %s; Java %s (%s)%n", os.getName(), os.getVersion(),
                os.getAvailableProcessors(), memory, cpuModel(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
        System.out.printf("service: java %s -jar %s (full JIT), production settings, MALLOC_ARENA_MAX=2; initiation "
                + "rate limit raised%n", String.join(" ", jvmFlags), jar);
        System.out.printf("local servers in the benchmark's JVM: S3Proxy on the filesystem, EventBridge endpoint, "
                + "Twilio emulator%n");
        System.out.printf("runs: %d per scenario of %d s each (figures are medians); SMS respondents %s, back to back; "
                + "voice callers %d, pausing %d ms on average (0.5 to 1.5 times) before each step%n", runs, seconds,
                smsConcurrency, voiceCalls, voicePauseMillis);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private String nextNumber() {
        return "+1" + numbers.incrementAndGet();
    }
}
