package com.surveyrelay.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as it runs in production: {@code java <flags> -jar <packaged jar> --name=value ...} in its own
 * process, full JIT, started from the project folder (so it reads {@code routes/}), with only the local servers'
 * AWS credentials in its environment. Measures what the benchmark prints about the process itself: time to ready,
 * resident memory (Linux {@code /proc/<pid>/status}, {@code VmRSS}) and heap in use ({@code jcmd GC.heap_info}).
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

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
     * then a training run that starts the application context and exits ({@code -Dspring.context.exit=onRefresh}),
     * leaving a class data sharing archive of every class it loaded ({@code -XX:ArchiveClassesAtExit}).
     *
     * @return the flags and jar to start from the archive: {@code -XX:SharedArchiveFile=<archive>} and the extracted
     *     jar
     * @throws IllegalStateException when extraction or the training run fails (their output is in {@code log})
     */
    static Launch trainClassDataSharing(Path jar, Path directory, List<String> jvmFlags, Map<String, String> properties,
            Map<String, String> environment, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                directory.toString()), environment, log);
        Path extracted = directory.resolve(jar.getFileName());
        Path archive = directory.resolve("survey-relay.jsa");
        List<String> training = new ArrayList<>(List.of(java));
        training.addAll(jvmFlags);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
                extracted.toString()));
        properties.forEach((name, value) -> training.add("--" + name + "=" + value));
        run(training, environment, log);
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add("-XX:SharedArchiveFile=" + archive);
        return new Launch(flags, extracted);
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

    /** Heap in use in MiB as the JVM reports it ({@code jcmd <pid> GC.heap_info}), or -1 when jcmd fails. */
    long heapUsedMiB() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "GC.heap_info").redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(10, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return -1;
            }
            // Every generation's line ("def new generation total ..K, used ..K", "tenured generation ...", or G1's
            // one "garbage-first heap ..."), but not Metaspace's.
            long usedKiB = -1;
            for (String line : output.split("\\R")) {
                Matcher used = HEAP_USED.matcher(line);
                if (!line.contains("Metaspace") && !line.contains("class space") && used.find()) {
                    usedKiB = Math.max(usedKiB, 0) + Long.parseLong(used.group(1));
                }
            }
            return usedKiB < 0 ? -1 : usedKiB / 1024;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
