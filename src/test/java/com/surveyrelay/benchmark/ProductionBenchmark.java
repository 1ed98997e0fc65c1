package com.surveyrelay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.ToDoubleFunction;
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
            + "-XX:TrimNativeHeapInterval=5000";

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
            System.out.println();
            scenarios.forEach(Scenario::print);
            printTable(scenarios);
            for (Scenario scenario : scenarios) {
                for (RunResult result : scenario.runs()) {
                    assertThat(result.findings().lost()).as(scenario.name() + ": answers lost").isZero();
                    assertThat(result.findings().duplicated()).as(scenario.name() + ": answers duplicated").isZero();
                }
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
        SurveyTraffic traffic = new SurveyTraffic(service.baseUrl(), PUBLIC_BASE_URL, API_KEY, latencies);
        AnswerAudit audit = new AnswerAudit();
        AtomicInteger turns = new AtomicInteger();
        Counts before = counts();
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
        Counts after = counts();
        return new RunResult(concurrency, turns.get() / load.seconds(), load, latencies.summaries(), findings,
                after.minus(before).withoutAuditReads(findings), 0, null);
    }

    /**
     * Callers take complete voice surveys: the call's first webhook, the language menu, four answers (keys and
     * speech), then the status callback; before each step a caller pauses, as a prompt plays and a person answers,
     * for a random 0.5 to 1.5 times {@code benchmark.voice-pause-ms}.
     */
    private RunResult voiceRun(int calls, int runSeconds, RouteLatencies latencies) throws Exception {
        SurveyTraffic traffic = new SurveyTraffic(service.baseUrl(), PUBLIC_BASE_URL, API_KEY, latencies);
        AnswerAudit audit = new AnswerAudit();
        AtomicInteger turns = new AtomicInteger();
        Counts before = counts();
        Load load = drive(calls, runSeconds, () -> {
            String phone = nextNumber();
            SurveyTraffic.Started started = startCall(traffic, phone);
            answerCall(traffic, phone, started, turns);
            audit.add(new AnswerAudit.Finished(phone, started.sessionId(), ANSWERS));
        }, Integer.MAX_VALUE, voiceRampUp());
        AnswerAudit.Findings findings = audit.check(s3, LocalServices.BUCKET, services.eventBridge());
        Counts after = counts();
        return new RunResult(calls, turns.get() / load.seconds(), load, latencies.summaries(), findings,
                after.minus(before).withoutAuditReads(findings), 0, null);
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
        Counts before = counts();
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
        Counts before = counts();
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
     * more ({@code OutboxRelay.unmark}). So this waits for {@code surveys} marker removals, then for the counts to
     * stay still over {@link #SETTLED} (the read right after each removal); at most a minute.
     */
    private S3Cost s3CostSince(Counts before, int surveys, double answered) {
        long markersBefore = before.byFolder().getOrDefault(MARKER_REMOVALS, 0L);
        java.util.concurrent.atomic.AtomicReference<Counts> last = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(SETTLED)
                .alias(surveys + " open markers removed, then no S3 request for " + SETTLED.toMillis() + " ms")
                .until(() -> {
                    Counts now = counts();
                    Counts previous = last.getAndSet(now);
                    return now.byFolder().getOrDefault(MARKER_REMOVALS, 0L) - markersBefore >= surveys
                            && now.equals(previous);
                });
        Counts spent = last.get().minus(before);
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

    /**
     * What a run did.
     *
     * @param seconds from the first request to the last answer
     * @param errors surveys that failed (a request refused or unreachable); the first one's message is kept
     * @param underLoad PutEvents calls and events the bus received while every respondent was busy: from
     *     {@code rampUp} after the start to the end of the run's time, before the last surveys are let finish
     * @param rampUp how long after the start {@code underLoad} begins: {@link #RAMP_UP} for texts, more for calls
     *     ({@link #voiceRampUp})
     * @param harness this JVM's own pauses during the load, and its heap at the end ({@link HarnessPauses})
     */
    record Load(double seconds, int surveys, int errors, String firstError, long maxResidentMiB, long heapMiB,
            BusCounts underLoad, Duration rampUp, OutboxBacklog backlogAtEnd, GcPauses collections,
            HarnessPauses.Figures harness) {
    }

    /**
     * PutEvents calls and the events they carried, as the local EventBridge endpoint counted them.
     *
     * @param byEntries element {@code n}: the calls that carried {@code n} entries
     */
    record BusCounts(long putEventsCalls, long events, long[] byEntries) {
        BusCounts minus(BusCounts earlier) {
            long[] calls = new long[byEntries.length];
            for (int n = 0; n < calls.length; n++) {
                calls[n] = byEntries[n] - earlier.byEntries[n];
            }
            return new BusCounts(putEventsCalls - earlier.putEventsCalls, events - earlier.events, calls);
        }

        /** "10 entries: 88 calls, 9: 3, ..." from the fullest down, calls that carried none left out. */
        String callsByEntries() {
            StringBuilder text = new StringBuilder();
            for (int n = byEntries.length - 1; n > 0; n--) {
                if (byEntries[n] > 0) {
                    text.append(text.isEmpty() ? n + " entries: " + byEntries[n] + " calls" : ", " + n + ": "
                            + byEntries[n]);
                }
            }
            return text.toString();
        }

        double putEventsPerEvent() {
            return putEventsCalls / (double) Math.max(1, events);
        }
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
        GcPauses collectedBefore = GcPauses.of(scrape());
        HarnessPauses harnessPauses = new HarnessPauses();
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
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        BusCounts underLoad = loadStart.get() == null || loadEnd.get() == null ? null
                : loadEnd.get().minus(loadStart.get());
        String atEnd = scrape();
        return new Load(elapsed, Math.min(began.get(), limit), errors.get(), firstError[0], maxResident.get(),
                heap.get(), underLoad, rampUp, OutboxBacklog.of(atEnd), GcPauses.of(atEnd).minus(collectedBefore),
                harnessPauses.figures());
    }

    /** The service's meters now, in Prometheus' text format ({@code /actuator/prometheus}). */
    private String scrape() throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                service.baseUrl().resolve("/actuator/prometheus")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a meter's series whose labels include {@code label} ("" for every series); NaN when none. */
    private static double sum(String scrape, String name, String label) {
        return scrape.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum).orElse(Double.NaN);
    }

    /**
     * The outbox's backlog as the service's own gauges give it ({@code survey_relay_outbox_entries} and
     * {@code survey_relay_outbox_oldest_age_seconds}): entries its relay has yet to deliver, and the oldest one's age
     * in seconds. A backlog that is still there when the respondents stop is work the run's turns left for later.
     */
    record OutboxBacklog(double entries, double oldestSeconds) {
        static OutboxBacklog of(String scrape) {
            return new OutboxBacklog(sum(scrape, "survey_relay_outbox_entries", ""),
                    sum(scrape, "survey_relay_outbox_oldest_age_seconds", ""));
        }
    }

    /**
     * The service's garbage collections, from Micrometer's {@code jvm_gc_pause_seconds} (every cause added up): young
     * ({@code end of minor GC}) and full ({@code end of major GC}) collections, how many and their pauses' total in
     * seconds. Every request in flight waits out a pause: they are the first suspects for a latency's tail.
     */
    record GcPauses(double young, double youngSeconds, double full, double fullSeconds) {
        private static final String YOUNG = "action=\"end of minor GC\"";
        private static final String FULL = "action=\"end of major GC\"";

        static GcPauses of(String scrape) {
            return new GcPauses(orZero(sum(scrape, "jvm_gc_pause_seconds_count", YOUNG)),
                    orZero(sum(scrape, "jvm_gc_pause_seconds_sum", YOUNG)),
                    orZero(sum(scrape, "jvm_gc_pause_seconds_count", FULL)),
                    orZero(sum(scrape, "jvm_gc_pause_seconds_sum", FULL)));
        }

        private static double orZero(double value) {
            return Double.isNaN(value) ? 0 : value;
        }

        GcPauses minus(GcPauses earlier) {
            return new GcPauses(young - earlier.young, youngSeconds - earlier.youngSeconds, full - earlier.full,
                    fullSeconds - earlier.fullSeconds);
        }

        /** The average young pause in ms; 0 when there was none. */
        double youngMillisEach() {
            return young == 0 ? 0 : 1000 * youngSeconds / young;
        }

        /** The average full pause in ms; 0 when there was none. */
        double fullMillisEach() {
            return full == 0 ? 0 : 1000 * fullSeconds / full;
        }
    }

    // ---- what the local servers counted ----

    private record Counts(long gets, long puts, long other, long putEventsCalls, long events,
            Map<String, Long> byFolder) {
        Counts minus(Counts earlier) {
            Map<String, Long> folders = new java.util.TreeMap<>();
            byFolder.forEach((folder, count) -> {
                long delta = count - earlier.byFolder.getOrDefault(folder, 0L);
                if (delta > 0) {
                    folders.put(folder, delta);
                }
            });
            return new Counts(gets - earlier.gets, puts - earlier.puts, other - earlier.other,
                    putEventsCalls - earlier.putEventsCalls, events - earlier.events, folders);
        }

        /** Without the GETs the audit made to read what was stored: they are the benchmark's, not the service's. */
        Counts withoutAuditReads(AnswerAudit.Findings audit) {
            Map<String, Long> folders = new java.util.TreeMap<>(byFolder);
            folders.computeIfPresent("GET survey-results",
                    (folder, count) -> count - audit.reads());
            return new Counts(gets - audit.reads(), puts, other, putEventsCalls, events, folders);
        }
    }

    private Counts counts() {
        Map<String, Long> s3Counts = services.s3().requestCounts();
        long gets = s3Counts.getOrDefault("GET", 0L);
        long puts = s3Counts.getOrDefault("PUT", 0L);
        long all = s3Counts.values().stream().mapToLong(Long::longValue).sum();
        return new Counts(gets, puts, all - gets - puts, services.eventBridge().putEventsCalls(),
                services.eventBridge().events().size(), services.s3().requestCountsByPrefix());
    }

    /**
     * S3 requests per answered question: GETs, PUTs and the rest (DELETE, HEAD, LIST), and each method by the key's
     * first folder ({@code "PUT survey-results"}); {@code sweeps} is a count, not per answer: the outbox sweeps
     * (listings of the open-session markers) in the count, each of which reads every open session it has not seen.
     */
    record S3Cost(double gets, double puts, double other, Map<String, Double> byFolder, long sweeps) {
    }

    private record RunResult(int concurrency, double turnsPerSecond, Load load,
            Map<String, RouteLatencies.Summary> routes, AnswerAudit.Findings findings, Counts counts,
            double floor, S3Cost s3) {

        RunResult withFloor(double pairsPerSecond) {
            return new RunResult(concurrency, turnsPerSecond, load, routes, findings, counts, pairsPerSecond, s3);
        }

        RunResult withS3(S3Cost cost) {
            return new RunResult(concurrency, turnsPerSecond, load, routes, findings, counts, floor, cost);
        }

        /** The run's turns over its time and the drain after it (until every survey's last event is on the bus). */
        double deliveredTurnsPerSecond() {
            return turnsPerSecond * load.seconds() / (load.seconds() + findings.drainSeconds());
        }

        /** Over the whole run: its start, its load, and the last surveys finishing at a falling rate. */
        double putEventsPerEvent() {
            return counts.putEventsCalls() / (double) Math.max(1, counts.events());
        }

        /** While every respondent was busy ({@link Load#underLoad()}); the whole run's figure if that is unknown. */
        double putEventsPerEventUnderLoad() {
            return load.underLoad() == null ? putEventsPerEvent() : load.underLoad().putEventsPerEvent();
        }

        String oneLine() {
            RouteLatencies.Summary webhooks = routes.getOrDefault(SurveyTraffic.SMS_WEBHOOK,
                    routes.get(SurveyTraffic.VOICE_CALL));
            HarnessPauses.Figures harness = load.harness();
            return String.format("run: %d at a time, %.1f s, %d surveys, %.1f turns/s%s, webhook p99 %.1f ms (service: "
                    + "%.0f young collections, %.0f full; benchmark JVM: %d pauses, %d ms in all, longest %d ms, heap "
                    + "%d MiB), outbox left %.0f entries (oldest %.1f s), all delivered %.1f s later, %d errors%s",
                    concurrency, load.seconds(), load.surveys(), turnsPerSecond,
                    floor > 0 ? String.format(" (floor %.0f pairs/s)", floor) : "",
                    webhooks == null ? Double.NaN : webhooks.p99(), load.collections().young(),
                    load.collections().full(), harness.pauses(), harness.totalMillis(), harness.longestMillis(),
                    harness.heapUsedMiB(),
                    load.backlogAtEnd().entries(), load.backlogAtEnd().oldestSeconds(), findings.drainSeconds(),
                    load.errors(),
                    load.firstError() == null ? "" : " (first: " + load.firstError() + ")");
        }
    }

    private record Scenario(String name, List<RunResult> runs) {

        double median(ToDoubleFunction<RunResult> figure) {
            double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }

        double medianOfRoute(String route, ToDoubleFunction<RouteLatencies.Summary> figure) {
            return median(run -> run.routes().containsKey(route) ? figure.applyAsDouble(run.routes().get(route)) : 0);
        }

        void print() {
            RunResult first = runs.get(0);
            System.out.printf("%s: median of %d runs%n", name, runs.size());
            System.out.printf("  turns per second      %.1f%n", median(RunResult::turnsPerSecond));
            if (first.floor() > 0) {
                System.out.printf("  storage floor         %.1f GET + conditional PUT pairs/s at %d threads; the "
                        + "service reaches %.0f%% of it%n", median(RunResult::floor), first.concurrency(),
                        100 * median(run -> run.turnsPerSecond() / run.floor()));
            }
            if (first.floor() > 0) {
                // What a turn asks of the store, against the floor's two requests (one GET, one PUT) a pair.
                ToDoubleFunction<RunResult> turns = run -> Math.max(1, run.turnsPerSecond() * run.load().seconds());
                System.out.printf("  S3 requests per turn  %.2f (%.2f GET, %.2f PUT, %.2f other), whole surveys with "
                        + "their starts; a floor pair is 2 (1 GET, 1 PUT)%n",
                        median(run -> (run.counts().gets() + run.counts().puts() + run.counts().other())
                                / turns.applyAsDouble(run)),
                        median(run -> run.counts().gets() / turns.applyAsDouble(run)),
                        median(run -> run.counts().puts() / turns.applyAsDouble(run)),
                        median(run -> run.counts().other() / turns.applyAsDouble(run)));
                RunResult middle = runs.get(runs.size() / 2);
                StringBuilder folders = new StringBuilder();
                middle.counts().byFolder().forEach((folder, count) -> folders.append(String.format("%s %.2f; ",
                        folder, count / turns.applyAsDouble(middle))));
                System.out.printf("    by folder (one run): %s%n", folders);
                System.out.printf("    each run: %s%n", runs.stream().map(run -> String.format("%.2f GET / %.2f PUT "
                        + "(%d outbox sweeps)", run.s3().gets(), run.s3().puts(), run.s3().sweeps()))
                        .collect(java.util.stream.Collectors.joining("; ")));
            }
            System.out.println("  latency (ms)          route             requests     p50     p95     p99     max");
            for (String route : first.routes().keySet()) {
                System.out.printf("                        %-16s %9.0f %7.1f %7.1f %7.1f %7.1f%n", route,
                        medianOfRoute(route, RouteLatencies.Summary::count),
                        medianOfRoute(route, RouteLatencies.Summary::p50),
                        medianOfRoute(route, RouteLatencies.Summary::p95),
                        medianOfRoute(route, RouteLatencies.Summary::p99),
                        medianOfRoute(route, RouteLatencies.Summary::max));
            }
            if (first.s3() != null) {
                System.out.printf("  S3 per answered question, steady state: %.2f GET, %.2f PUT, %.2f other%n",
                        median(run -> run.s3().gets()), median(run -> run.s3().puts()),
                        median(run -> run.s3().other()));
                StringBuilder folders = new StringBuilder();
                runs.get(runs.size() / 2).s3().byFolder().forEach((folder, perAnswer) ->
                        folders.append(String.format("%s %.2f; ", folder, perAnswer)));
                System.out.printf("    by folder (one run): %s%n", folders);
                System.out.printf("    each run: %s%n", runs.stream().map(run -> String.format("%.2f GET / %.2f PUT "
                        + "(%d outbox sweeps)", run.s3().gets(), run.s3().puts(), run.s3().sweeps()))
                        .collect(java.util.stream.Collectors.joining("; ")));
            }
            double answered = Math.max(1, first.findings().answers());
            System.out.printf("  S3 per answered question, whole surveys with their starts: %.2f GET, %.2f PUT%n",
                    median(run -> run.counts().gets() / (double) Math.max(1, run.findings().answers())),
                    median(run -> run.counts().puts() / (double) Math.max(1, run.findings().answers())));
            String window = first.load().underLoad() == null ? "the whole run: the run is too short to leave out "
                    + "its start" : String.format("%.1f s in to the end of the run's time",
                    first.load().rampUp().toMillis() / 1000.0);
            System.out.printf("  EventBridge           %.3f PutEvents calls per event under load (%s), %.3f over the "
                    + "whole run (with its start and the last surveys finishing)%n",
                    median(RunResult::putEventsPerEventUnderLoad), window, median(RunResult::putEventsPerEvent));
            RunResult middle = runs.get(runs.size() / 2);
            if (middle.load().underLoad() != null) {
                System.out.printf("    calls under load (one run): %s%n", middle.load().underLoad().callsByEntries());
            }
            System.out.printf("  answers               %d given (first run), lost %d, duplicated %d (all runs)%n",
                    (long) answered, runs.stream().mapToInt(run -> run.findings().lost()).sum(),
                    runs.stream().mapToInt(run -> run.findings().duplicated()).sum());
            System.out.printf("  errors                %d surveys failed (all runs)%n",
                    runs.stream().mapToInt(run -> run.load().errors()).sum());
            System.out.printf("  outbox at the end     %.0f entries not yet delivered, the oldest %.1f s old, when the "
                    + "respondents stopped; every survey's last event on the bus %.1f s later%n",
                    median(run -> run.load().backlogAtEnd().entries()),
                    median(run -> run.load().backlogAtEnd().oldestSeconds()),
                    median(run -> run.findings().drainSeconds()));
            if (first.floor() > 0) {
                // Turns whose events are out, over the run and its drain: what the service delivers end to end.
                System.out.printf("  delivered end to end  %.1f turns/s (the run's turns over its time and the drain), "
                        + "%.0f%% of the floor%n", median(RunResult::deliveredTurnsPerSecond),
                        100 * median(run -> run.deliveredTurnsPerSecond() / run.floor()));
            }
            System.out.printf("  collections           %.0f young, %.1f ms each on average; %.0f full, %.0f ms each "
                    + "(during the run, medians of runs)%n", median(run -> run.load().collections().young()),
                    median(run -> run.load().collections().youngMillisEach()),
                    median(run -> run.load().collections().full()),
                    median(run -> run.load().collections().fullMillisEach()));
            System.out.printf("  benchmark JVM pauses  %.0f, %.0f ms in all, the longest %.0f ms; its heap %.0f MiB after "
                    + "(medians of runs: the respondents' clock and the local servers stop with them)%n",
                    median(run -> run.load().harness().pauses()), median(run -> run.load().harness().totalMillis()),
                    median(run -> run.load().harness().longestMillis()),
                    median(run -> run.load().harness().heapUsedMiB()));
            System.out.printf("  memory under load     resident %.0f MiB (peak), heap in use %.0f MiB%n%n",
                    median(run -> run.load().maxResidentMiB()), median(run -> run.load().heapMiB()));
        }
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

    private void printTable(List<Scenario> scenarios) {
        System.out.println("| Scenario | Turns/s | Storage floor (pairs/s) | Fraction "
                + "| Delivered end to end: turns/s, fraction (drain) "
                + "| Webhook p50 / p95 / p99 / max (ms) | S3 GET / PUT per answer "
                + "| PutEvents per event (under load / run) "
                + "| Lost / duplicated | Peak RSS (MiB) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Scenario scenario : scenarios) {
            RunResult first = scenario.runs().get(0);
            String route = first.routes().containsKey(SurveyTraffic.SMS_WEBHOOK) ? SurveyTraffic.SMS_WEBHOOK
                    : SurveyTraffic.VOICE_CALL;
            System.out.printf("| %s | %.1f | %s | %s | %s | %s: %.1f / %.1f / %.1f / %.1f | %s | %.3f / %.3f "
                    + "| %d / %d | %.0f |%n",
                    scenario.name(), scenario.median(RunResult::turnsPerSecond),
                    first.floor() > 0 ? String.format("%.1f", scenario.median(RunResult::floor)) : "",
                    first.floor() > 0 ? String.format("%.0f%%",
                            100 * scenario.median(run -> run.turnsPerSecond() / run.floor())) : "",
                    first.floor() > 0 ? String.format("%.1f, %.0f%% (%.1f s)",
                            scenario.median(RunResult::deliveredTurnsPerSecond),
                            100 * scenario.median(run -> run.deliveredTurnsPerSecond() / run.floor()),
                            scenario.median(run -> run.findings().drainSeconds()))
                            : String.format("(%.1f s)", scenario.median(run -> run.findings().drainSeconds())),
                    route, scenario.medianOfRoute(route, RouteLatencies.Summary::p50),
                    scenario.medianOfRoute(route, RouteLatencies.Summary::p95),
                    scenario.medianOfRoute(route, RouteLatencies.Summary::p99),
                    scenario.medianOfRoute(route, RouteLatencies.Summary::max),
                    first.s3() == null ? "" : String.format("%.2f / %.2f", scenario.median(run -> run.s3().gets()),
                            scenario.median(run -> run.s3().puts())),
                    scenario.median(RunResult::putEventsPerEventUnderLoad),
                    scenario.median(RunResult::putEventsPerEvent),
                    scenario.runs().stream().mapToInt(run -> run.findings().lost()).sum(),
                    scenario.runs().stream().mapToInt(run -> run.findings().duplicated()).sum(),
                    scenario.median(run -> run.load().maxResidentMiB()));
        }
        System.out.printf("%nready in %.2f s (production launch, median); idle resident memory measured above%n",
                productionReady);
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
