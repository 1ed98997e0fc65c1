package com.surveyrelay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.surveyrelay.local.LocalServices;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch the README recommends for production ("Launching in production"), run by {@code mvn verify} after the
 * jar is packaged: the jar extracted, Spring's ahead-of-time initialisation that the build generated
 * ({@code -Dspring.aot.enabled=true}), and a class data sharing archive from a training run, with the README's
 * memory flags, against the local default's servers. It fails when the AOT-processed application no longer starts
 * or misbehaves (a bean the build's conditions left out, say), or when the archive cannot be used
 * ({@code -Xshare:on} makes that fatal instead of a warning).
 */
class ProductionLaunchIT {

    private static final String PUBLIC_BASE_URL = "https://relay.example.com";
    private static final String API_KEY = "production-launch-api-key";
    private static final String PHONE = "+15557770101";

    private LocalServices services;

    @AfterEach
    void stopLocalServers() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theRecommendedLaunchStartsAheadOfTimeFromItsArchiveAndRunsASurveyToTheEnd(@TempDir Path data)
            throws Exception {
        // A jar built for a management port (mvn verify -Daot.management-port=8079) answers its probes elsewhere:
        // this test checks the launch the default build gives.
        assumeTrue(System.getProperty("aot.management-port", "").isBlank(),
                "the jar was built with -Daot.management-port; the production launch test checks the default build");
        Path jar = Path.of(System.getProperty("production-launch.jar", "target/survey-relay-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar (mvn verify packages it before this test)").exists();
        int port = ServiceProcess.freePort();
        LocalServices.useLocalCredentials();
        services = LocalServices.onDisk(data, Path.of("config-files"), 0, 0, 0);
        services.connect(URI.create(PUBLIC_BASE_URL), URI.create("http://localhost:" + port));
        Map<String, String> properties = new LinkedHashMap<>(
                services.serviceProperties(URI.create(PUBLIC_BASE_URL), API_KEY));
        properties.put("server.port", Integer.toString(port));
        Map<String, String> environment = ServiceProcess.localEnvironment();
        Path log = Path.of("target", "production-launch", "service.log");
        Files.deleteIfExists(log);
        List<String> readmeFlags = List.of(ProductionBenchmark.DEFAULT_JVM_FLAGS.split(" "));

        ServiceProcess.Launch launch = ServiceProcess.trainClassDataSharing(jar,
                Path.of("target", "production-launch", "app"), readmeFlags, properties, environment, port, log);
        List<String> archiveRequired = new ArrayList<>(launch.jvmFlags());
        archiveRequired.add("-Xshare:on");
        try (ServiceProcess service = ServiceProcess.start(launch.jar(), archiveRequired, properties, environment,
                port, log)) {
            assertThat(Files.readString(log)).contains("Starting AOT-processed SurveyRelayApplication");

            SurveyTraffic traffic = new SurveyTraffic(service.baseUrl(), PUBLIC_BASE_URL, API_KEY,
                    new RouteLatencies());
            SurveyTraffic.Started started = traffic.start(SurveyTraffic.SMS_INITIATION, "/sms/initiate-sms", PHONE);
            for (String text : ProductionBenchmark.SMS_TEXTS) {
                traffic.text(PHONE, text);
            }
            AnswerAudit audit = new AnswerAudit();
            audit.add(new AnswerAudit.Finished(PHONE, started.sessionId(), ProductionBenchmark.ANSWERS));
            AnswerAudit.Findings findings = audit.check(services.s3().client(), LocalServices.BUCKET,
                    services.eventBridge());
            assertThat(findings).usingRecursiveComparison().ignoringFields("drainSeconds")
                    .isEqualTo(new AnswerAudit.Findings(1, 4, 0, 0, 1, 0));
        }

        // The build's ahead-of-time initialisation had no MANAGEMENT_PORT: Spring Boot would ignore one set now and
        // leave the probes on SERVER_PORT, so the start is refused, saying how to build for it (ManagementPortCheck).
        Map<String, String> withManagementPort = new LinkedHashMap<>(environment);
        withManagementPort.put("MANAGEMENT_PORT", Integer.toString(ServiceProcess.freePort()));
        Path refusedLog = Path.of("target", "production-launch", "management-port.log");
        assertThatThrownBy(() -> ServiceProcess.start(launch.jar(), launch.jvmFlags(), properties, withManagementPort,
                port, refusedLog)).hasMessageStartingWith("The service exited with");
        assertThat(Files.readString(refusedLog)).contains("APPLICATION FAILED TO START")
                .contains("MANAGEMENT_PORT (management.server.port) is ")
                .contains("was built without a management port")
                .doesNotContain("\tat org.springframework");
    }

    /** The README's {@code java -jar ... lint config-files}: the packaged jar lints and exits, starting no service. */
    @Test
    void thePackagedJarLintsAFolderAndExitsWithItsVerdict(@TempDir Path broken) throws Exception {
        Path jar = Path.of(System.getProperty("production-launch.jar", "target/survey-relay-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar (mvn verify packages it before this test)").exists();
        assertThat(lintWithJar(jar, Path.of("config-files"))).startsWith("0 PASSED / (the bucket root): survey "
                + "customer-satisfaction").contains("\n2 surveys passed, 0 refused.\n");
        Files.writeString(broken.resolve("survey-config.json"), "{\"surveyId\": \"customer-satisfaction\"}");
        assertThat(lintWithJar(jar, broken)).startsWith("1 REFUSED / (the bucket root): survey configuration refused")
                .endsWith("0 surveys passed, 1 refused.\n");
    }

    /** The exit status, a space, and what the command printed. */
    private static String lintWithJar(Path jar, Path folder) throws Exception {
        Process lint = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "lint", folder.toString()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(lint.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("exits").isTrue();
        return lint.exitValue() + " " + output;
    }
}
