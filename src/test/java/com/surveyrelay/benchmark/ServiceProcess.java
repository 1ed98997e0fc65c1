package com.surveyrelay.benchmark;

import com.surveyrelay.local.LocalS3;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as it runs in production: {@code java <flags> -jar <packaged jar> --name=value ...} in its own
 * process, full JIT, started from the project folder (so it reads {@code routes/}), with only the local servers'
 * AWS credentials in its environment. Measures what the benchmark prints about the process itself: time to ready,
 * resident memory (Linux {@code /proc/<pid>/status}, {@code VmRSS}), heap in use ({@code jcmd GC.heap_info}) and
 * the JIT's code cache ({@code jcmd Compiler.codecache}).
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern CODE_HEAP = Pattern.compile("size=(\\d+)Kb used=(\\d+)Kb max_used=(\\d+)Kb");
    private static final Pattern CODE_CACHE_FULL = Pattern.compile("full_count=(\\d+)");
    private static final Pattern COMPILER_STOPPED = Pattern.compile("stopped_count=(\\d+)");
    /** How long the training run may take to stop and write its archive before it is killed. */
    private static final long TRAINING_STOP_SECONDS = 180;
    /**
     * A JVM's exit status when it ends on SIGTERM (128 + 15), as the training run does after writing its archive. A
     * JVM that crashes while it writes the archive aborts instead (134, with an {@code hs_err_pid} report): OpenJDK
     * 17.0.15 did once in CI, a SIGSEGV in {@code SystemDictionaryShared::check_excluded_classes}, and its next run
     * did not.
     */
    static final int STOPPED_BY_SIGTERM = 143;
    /** Training runs before the launch is taken for a failure: the crash above is rare, not repeatable. */
    private static final int TRAINING_ATTEMPTS = 2;
    /**
     * How long a start may take before it is taken for a failure: a bound, not a target (time to ready is measured
     * and printed). With other builds on the machine (load 40 on 2 cores) the launch test's service took over a minute
     * to load its surveys, and failed so in CI at 717a1b1.
     */
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);

    private final Process process;
    private final URI baseUrl;
    private final Duration timeToReady;

    private ServiceProcess(Process process, URI baseUrl, Duration timeToReady) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.timeToReady = timeToReady;
    }

    /**
     * Starts the jar and waits for {@code /actuator/health/readiness} to answer 200.
     *
     * @param jvmFlags flags before {@code -jar}, e.g. {@code -Xmx256m}
     * @param properties Spring properties, passed as {@code --name=value} arguments
     * @param environment the process's whole environment (nothing is inherited)
     * @param log where the service's console output goes
     * @throws IllegalStateException when it is not ready within 60 s or exits first (its log is named)
     */
    static ServiceProcess start(Path jar, List<String> jvmFlags, Map<String, String> properties,
            Map<String, String> environment, int port, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        URI baseUrl = URI.create("http://localhost:" + port);
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> ready = probe.send(HttpRequest.newBuilder(baseUrl.resolve(
                        "/actuator/health/readiness")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return new ServiceProcess(process, baseUrl, Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The service was not ready within " + READY_WITHIN + "; see " + log);
    }

    /**
     * Spring Boot's efficient-deployment layout: the jar extracted ({@code java -Djarmode=tools -jar <jar> extract}),
     * Spring's ahead-of-time initialisation generated by the build switched on ({@code -Dspring.aot.enabled=true}),
     * then a training run that starts the whole service up to readiness and is stopped (SIGTERM), leaving a class
     * data sharing archive of every class it loaded ({@code -XX:ArchiveClassesAtExit}). Spring's
     * {@code -Dspring.context.exit=onRefresh} would stop before Tomcat and Camel's routes start, and leave their
     * classes out of the archive.
     *
     * @param port the port the training run serves on while it starts
     * @return the flags and jar to start from the archive: {@code -Dspring.aot.enabled=true
     *     -XX:SharedArchiveFile=<archive>} and the extracted jar
     * @throws IllegalStateException when extraction or the training run fails (their output is in {@code log})
     */
    static Launch trainClassDataSharing(Path jar, Path directory, List<String> jvmFlags, Map<String, String> properties,
            Map<String, String> environment, int port, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                directory.toString()), environment, log);
        Path extracted = directory.resolve(jar.getFileName());
        Path archive = directory.resolve("survey-relay.jsa");
        List<String> aotFlags = new ArrayList<>(jvmFlags);
        aotFlags.add("-Dspring.aot.enabled=true");
        // The training run starts the whole service, up to readiness (Tomcat and Camel's routes included, which
        // -Dspring.context.exit=onRefresh would leave out), then stops on SIGTERM; the archive is written at exit.
        List<String> training = new ArrayList<>(aotFlags);
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        // A JVM crash report goes beside the archive, not into the working directory.
        training.add("-XX:ErrorFile=" + directory.resolve("hs_err_pid%p.log"));
        for (int attempt = 1; ; attempt++) {
            Files.deleteIfExists(archive);
            int exit = start(extracted, training, properties, environment, port, log).stop(TRAINING_STOP_SECONDS);
            if (exit == STOPPED_BY_SIGTERM && Files.exists(archive)) {
                break;
            }
            String failure = "The training run " + (Files.exists(archive) ? "wrote an archive" : "wrote no archive")
                    + " and exited with " + exit + " (" + STOPPED_BY_SIGTERM + " when it stops on SIGTERM)";
            if (attempt == TRAINING_ATTEMPTS) {
                throw new IllegalStateException(failure + "; see " + log + " and any hs_err_pid file in "
                        + directory);
            }
            Files.writeString(log, System.lineSeparator() + failure + "; training again" + System.lineSeparator(),
                    StandardOpenOption.APPEND);
        }
        List<String> flags = new ArrayList<>(aotFlags);
        flags.add("-XX:SharedArchiveFile=" + archive);
        return new Launch(flags, extracted);
    }

    /**
     * The environment the service runs with against the local servers: {@code PATH}, the local S3's keys as
     * {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}, and {@code MALLOC_ARENA_MAX=2} (glibc's default of
     * 8 malloc arenas a core adds resident memory a JVM does not need; the README's launch sets it too).
     */
    static Map<String, String> localEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY);
        environment.put("MALLOC_ARENA_MAX", "2");
        return environment;
    }

    /** A port nobody listens on now, for the service. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** How to start the service: JVM flags and the jar. */
    record Launch(List<String> jvmFlags, Path jar) {
    }

    private static void run(List<String> command, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(command.size() > 3 ? 3 : 0) + " failed; see " + log);
        }
    }

    URI baseUrl() {
        return baseUrl;
    }

    Duration timeToReady() {
        return timeToReady;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The heap still in use after a full collection ({@code jcmd GC.run}, then {@link #heapUsedMiB()}): what the
     * service holds, garbage left out. The collection pauses the service; -1 when jcmd fails.
     */
    long liveHeapMiB() {
        jcmd("GC.run");
        return heapUsedMiB();
    }

    /** Resident set size in MiB, or -1 where {@code /proc} is not there. */
    long residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Heap in use in MiB as the JVM reports it ({@code jcmd GC.heap_info}), or -1 when jcmd fails. */
    long heapUsedMiB() {
        String output = jcmd("GC.heap_info");
        // Every generation's line ("def new generation total ..K, used ..K", "tenured generation ...", or G1's one
        // "garbage-first heap ..."), but not Metaspace's.
        long usedKiB = -1;
        for (String line : output.split("\\R")) {
            Matcher used = HEAP_USED.matcher(line);
            if (!line.contains("Metaspace") && !line.contains("class space") && used.find()) {
                usedKiB = Math.max(usedKiB, 0) + Long.parseLong(used.group(1));
            }
        }
        return usedKiB < 0 ? -1 : usedKiB / 1024;
    }

    /**
     * The JIT's code cache, summed over its heaps ({@code jcmd Compiler.codecache}: one {@code CodeCache:} line, or
     * one {@code CodeHeap '...':} line per segment when the cache is segmented).
     *
     * @return null when jcmd fails
     */
    CodeCache codeCache() {
        String output = jcmd("Compiler.codecache");
        long size = 0;
        long used = 0;
        long maxUsed = 0;
        long timesFull = 0;
        long compilerStopped = 0;
        boolean found = false;
        for (String line : output.split("\\R")) {
            Matcher heap = CODE_HEAP.matcher(line);
            if (heap.find()) {
                found = true;
                size += Long.parseLong(heap.group(1));
                used += Long.parseLong(heap.group(2));
                maxUsed += Long.parseLong(heap.group(3));
            }
            Matcher full = CODE_CACHE_FULL.matcher(line);
            if (full.find()) {
                timesFull += Long.parseLong(full.group(1));
            }
            Matcher stopped = COMPILER_STOPPED.matcher(line);
            if (stopped.find()) {
                compilerStopped += Long.parseLong(stopped.group(1));
            }
        }
        return found ? new CodeCache(size / 1024.0, used / 1024.0, maxUsed / 1024.0, timesFull, compilerStopped)
                : null;
    }

    /**
     * The code cache in MiB: its size, what is in it now and the most it ever held; how many times it was full, and
     * how many times the JIT stopped compiling for it ("CodeCache is full. Compiler has been disabled": until the
     * sweeper frees room, methods not yet compiled stay interpreted).
     */
    record CodeCache(double sizeMiB, double usedMiB, double maxUsedMiB, long timesFull, long compilerStopped) {
    }

    /** What {@code jcmd <pid> <command>} prints, or "" when it fails or takes more than 10 s. */
    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(10, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "";
            }
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(20);
    }

    /**
     * Stops the service with SIGTERM, and with SIGKILL if it has not exited within {@code seconds}.
     *
     * @param seconds how long a graceful stop may take: 20 for a served run; longer for a training run, which writes
     *     its class data sharing archive (some 50 MB) at exit, and on a loaded machine took more than 20 s (CI,
     *     2026-12-05: killed while writing, so no archive)
     * @return the process's exit status: {@value #STOPPED_BY_SIGTERM} for a JVM that stopped on SIGTERM, 137 after
     *     SIGKILL, 134 for one that crashed
     */
    int stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }
}
