package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The local default's banner says where events go; its one line says why it could not start. */
class LocalSurveyRelayTest {

    private static final Path JOURNAL = Path.of("/tmp/data/events.jsonl");

    @Test
    void theLocalBusPointsAtItsJournal() {
        assertThat(LocalSurveyRelay.eventBridgeLine("http://127.0.0.1:4000", "", true, JOURNAL))
                .isEqualTo("  EventBridge  http://127.0.0.1:4000  (events also in /tmp/data/events.jsonl)");
    }

    @Test
    void anEventsEndpointOfYourOwnMarksTheBusUnused() {
        assertThat(LocalSurveyRelay.eventBridgeLine("http://127.0.0.1:4000", "file:data/events", true, JOURNAL))
                .isEqualTo("  EventBridge  http://127.0.0.1:4000  (unused: events go to file:data/events, "
                        + "from SURVEY_EVENTS_ENDPOINT)");
    }

    @Test
    void aBusOfYourOwnIsNamedAsSuch() {
        assertThat(LocalSurveyRelay.eventBridgeLine("https://events.example", " ", false, JOURNAL))
                .isEqualTo("  EventBridge  https://events.example  (from EVENTBRIDGE_ENDPOINT)");
    }

    /** Triggers re-routed to a folder: the banner said "SQS ... start requests" all the same. */
    @Test
    void theTriggerSourceIsWhereTheRouteReadsFrom() throws Exception {
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            assertThat(LocalSurveyRelay.triggerSource(camel)).isEqualTo("nowhere (no survey-trigger route)");
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("file:target/banner-triggers?move=.done").routeId("survey-trigger").autoStartup(false)
                            .log("${body}");
                }
            });
            camel.start();
            assertThat(LocalSurveyRelay.triggerSource(camel)).isEqualTo("file://target/banner-triggers");
        }
    }

    /** A rate of "fast" answered "NumberFormatException: Character f is neither a decimal digit number...". */
    @Test
    void aSettingThatCannotBeBoundIsNamedWithWhereItCameFrom() {
        assertThat(LocalSurveyRelay.reason(bindRate("fast"))).isEqualTo("the setting "
                + "survey-relay.campaigns.rate-per-second (\"SURVEYRELAY_CAMPAIGNS_RATEPERSECOND\" from property "
                + "source \"systemEnvironment\") is not valid: NumberFormatException: Character f is neither a decimal digit "
                + "number, decimal point, nor \"e\" notation exponential mark.");
        assertThat(LocalSurveyRelay.reason(bindRate("0"))).startsWith("the settings survey-relay.campaigns.* are not "
                + "valid: CAMPAIGN_RATE_PER_SECOND").endsWith(", not 0");
    }

    /** The emulator printed each text's whole number on the run command's output; the virtual phone shows the rest. */
    @Test
    void theEmulatorsLineForATextMasksTheNumber() {
        String nl = System.lineSeparator();
        assertThat(LocalSurveyRelay.textLine("+15551234567", "Hi, this is a survey.")).isEqualTo(
                "[local twilio] text to ***4567:" + nl + "Hi, this is a survey." + nl + nl);
        assertThat(LocalSurveyRelay.textLine("whatsapp:+15551234567", "Hola")).startsWith(
                "[local twilio] text to whatsapp:***4567:");
    }

    /** A bare number for a duration setting is refused in one line that names the variable and says why. */
    @Test
    void aSettingOutOfItsRangeIsRefusedInOneLineNamingTheVariable() {
        var frequencyCap = catchBinding("SURVEYRELAY_CONSENT_FREQUENCYCAP", "7", "survey-relay.consent",
                com.surveyrelay.consent.ConsentProperties.class);
        assertThat(LocalSurveyRelay.reason(frequencyCap)).isEqualTo("the settings survey-relay.consent.* are not "
                + "valid: FREQUENCY_CAP (survey-relay.consent.frequency-cap) must be 0 (off) "
                + "or at least 1s with a unit such as 30s or 2h (a bare number is milliseconds), not 7ms");
        var maxRows = catchBinding("SURVEYRELAY_CAMPAIGNS_MAXROWS", "-5", "survey-relay.campaigns",
                com.surveyrelay.campaign.CampaignProperties.class);
        assertThat(LocalSurveyRelay.reason(maxRows)).isEqualTo("the settings survey-relay.campaigns.* are not valid: "
                + "CAMPAIGN_MAX_ROWS (survey-relay.campaigns.max-rows) must be at least 1, "
                + "not -5");
    }

    /**
     * CAMPAIGN_MAX_ROWS=lots was told as "the setting survey-relay.campaigns.max-rows (URL [file:application.yaml] -
     * 207:15) is not valid": the line of application.yaml, not the variable the operator set.
     */
    @Test
    void aWordForANumberIsToldByTheVariableThatSetIt() throws Exception {
        var yaml = new org.springframework.core.io.ByteArrayResource(("survey-relay:\n  campaigns:\n"
                + "    rate-per-second: ${CAMPAIGN_RATE_PER_SECOND:1}\n    max-rows: ${CAMPAIGN_MAX_ROWS:10000}\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application.yaml");
        var sources = new org.springframework.core.env.MutablePropertySources();
        sources.addFirst(new org.springframework.core.env.MapPropertySource("variables",
                java.util.Map.of("CAMPAIGN_MAX_ROWS", "lots")));
        for (var source : new org.springframework.boot.env.YamlPropertySourceLoader().load("application.yaml", yaml)) {
            sources.addLast(source);
        }
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources),
                new org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver(sources));
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> binder.bind("survey-relay.campaigns",
                com.surveyrelay.campaign.CampaignProperties.class));
        assertThat(LocalSurveyRelay.reason(refused)).isEqualTo("CAMPAIGN_MAX_ROWS (survey-relay.campaigns.max-rows) is "
                + "not valid: NumberFormatException: For input string: \"lots\"");
    }

    /**
     * SURVEY_BUCKET=my-bucket made the service read a bucket the local S3 did not have: it never became ready, and the
     * banner still named survey-relay. SURVEY_RESULTS_BUCKET=my-analytics-bucket (the README's re-routing example)
     * left every results copy failing on a missing bucket.
     */
    @Test
    void theBucketsTheVariablesNameAreOnTheLocalS3() throws Exception {
        try (LocalServices services = LocalServices.inMemory(Path.of("config-files"));
                var s3 = services.s3().client()) {
            LocalSurveyRelay.localBuckets(services.s3(), "my-bucket", "my-analytics-bucket", Path.of("config-files"));
            assertThat(s3.listBuckets().buckets()).extracting(bucket -> bucket.name())
                    .contains("my-bucket", "my-analytics-bucket");
            assertThat(s3.headObject(head -> head.bucket("my-bucket").key("survey-config.json")).eTag()).isNotBlank();
            assertThat(s3.headObject(head -> head.bucket("my-bucket").key("surveys/quarterly-nps/survey-config.json"))
                    .eTag()).isNotBlank();
            assertThat(s3.listObjectsV2(list -> list.bucket("my-analytics-bucket")).keyCount()).isZero();
            LocalSurveyRelay.localBuckets(services.s3(), "survey-relay", "", Path.of("config-files"));
            // SURVEY_BUCKET=Bad_Bucket stopped the run command with the SDK's "Bucket name should not contain
            // uppercase characters", naming no setting.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalSurveyRelay.localBuckets(services.s3(),
                    "Bad_Bucket", "", Path.of("config-files"))).isInstanceOf(LocalSurveyRelay.Refused.class)
                    .hasMessageStartingWith("SURVEY_BUCKET (survey-relay.bucket) must be an S3 bucket name");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalSurveyRelay.localBuckets(services.s3(),
                    "survey-relay", "Results", Path.of("config-files")))
                    .hasMessageStartingWith("SURVEY_RESULTS_BUCKET (survey-relay.results-bucket) must be");
        }
    }

    private static Throwable catchBinding(String variable, String value, String prefix, Class<?> settings) {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
                java.util.Map.of(variable, value));
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(environment));
        return org.assertj.core.api.Assertions.catchThrowable(() -> binder.bind(prefix, settings));
    }

    private static Throwable bindRate(String rate) {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
                java.util.Map.of("SURVEYRELAY_CAMPAIGNS_RATEPERSECOND", rate));
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(environment));
        return org.assertj.core.api.Assertions.catchThrowable(() -> binder.bind("survey-relay.campaigns",
                com.surveyrelay.campaign.CampaignProperties.class));
    }

    /**
     * A dev phone port in use was told as "BindException: Address already in use", naming neither the port nor the
     * setting, after the service had started; a port that is no number, as "NumberFormatException: For input string".
     */
    @Test
    void aPortInUseOrNotANumberIsToldByItsSetting() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                LocalServices services = LocalServices.inMemory(Path.of("config-files"))) {
            int port = taken.getLocalPort();
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> LocalSurveyRelay.devPhone(port,
                    services, java.net.URI.create("http://localhost:1"), "key"));
            assertThat(LocalSurveyRelay.reason(new IllegalStateException("wrapped", refused))).isEqualTo(
                    "The dev phone's port " + port + " is already in use (set DEV_PHONE_PORT to use another)");
        }
        Throwable notANumber = org.assertj.core.api.Assertions.catchThrowable(() ->
                LocalSurveyRelay.port("SERVER_PORT", "abc"));
        assertThat(LocalSurveyRelay.reason(notANumber))
                .isEqualTo("SERVER_PORT must be a port number from 0 to 65535, not abc");
        assertThat(LocalSurveyRelay.port("DEV_PHONE_PORT", " 8081 ")).isEqualTo(8081);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LocalSurveyRelay.port("DEV_PHONE_PORT",
                "70000"))).hasMessage("DEV_PHONE_PORT must be a port number from 0 to 65535, not 70000");
    }

    /**
     * SERVER_PORT=8081 with the dev phone's default port was told "Port 8081 is already in use (set SERVER_PORT to use
     * another)": the dev phone, started first, held it.
     */
    @Test
    void oneForBothPortsIsToldAsSuch() {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() ->
                LocalSurveyRelay.distinctPorts(8081, 8081));
        assertThat(LocalSurveyRelay.reason(refused)).isEqualTo("SERVER_PORT and DEV_PHONE_PORT (default 8081) are both "
                + "8081: the service and the dev phone need a port each (set one of them to another)");
        org.assertj.core.api.Assertions.assertThatCode(() -> LocalSurveyRelay.distinctPorts(0, 0))
                .as("any free port, each").doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThatCode(() -> LocalSurveyRelay.distinctPorts(18160, 18161))
                .doesNotThrowAnyException();
    }

    /**
     * MANAGEMENT_PORT on the dev phone's port was told "Port 8081 is already in use (set SERVER_PORT to use another)",
     * blaming a setting that was fine; "abc" was told "NumberFormatException: For input string".
     */
    @Test
    void aManagementPortOnTheDevPhonesPortOrNoPortIsToldByItsSetting() {
        assertThat(LocalSurveyRelay.reason(org.assertj.core.api.Assertions.catchThrowable(() ->
                LocalSurveyRelay.distinctPorts(18160, 8081, 8081)))).isEqualTo("MANAGEMENT_PORT and DEV_PHONE_PORT"
                        + " (default 8081) are both 8081: the actuator's server and the dev phone need a port each (set"
                        + " one of them to another)");
        assertThat(LocalSurveyRelay.reason(org.assertj.core.api.Assertions.catchThrowable(() ->
                LocalSurveyRelay.distinctPorts(8081, 8081, null)))).startsWith("SERVER_PORT and DEV_PHONE_PORT");
        for (Integer fine : new Integer[] {null, 0, 18162}) {
            org.assertj.core.api.Assertions.assertThatCode(() -> LocalSurveyRelay.distinctPorts(18160, 18161, fine))
                    .doesNotThrowAnyException();
        }
        org.assertj.core.api.Assertions.assertThatCode(() -> LocalSurveyRelay.distinctPorts(0, 0, 0))
                .as("any free port, each").doesNotThrowAnyException();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LocalSurveyRelay.port("MANAGEMENT_PORT",
                "abc"))).hasMessage("MANAGEMENT_PORT must be a port number from 0 to 65535, not abc");
        assertThat(LocalSurveyRelay.reason(new org.springframework.boot.web.server.PortInUseException(18163)))
                .as("a port that is not MANAGEMENT_PORT's").endsWith("(set SERVER_PORT to use another)");
    }

    /** A LOCAL_DATA_DIR that is a file was told "FileSystemException: <dir>/s3: Not a directory". */
    @Test
    void aDataFolderThatIsAFileIsToldByItsSetting(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path file = java.nio.file.Files.writeString(temp.resolve("data"), "not a folder");
        assertThat(LocalSurveyRelay.reason(org.assertj.core.api.Assertions.catchThrowable(() ->
                LocalSurveyRelay.dataDir(file.toString())))).isEqualTo("LOCAL_DATA_DIR is " + file + ", which is a "
                        + "file, not a folder (set LOCAL_DATA_DIR to a folder; a missing one is made)");
        assertThat(LocalSurveyRelay.reason(org.assertj.core.api.Assertions.catchThrowable(() ->
                LocalSurveyRelay.dataDir(file.resolve("under").toString()))))
                .startsWith("LOCAL_DATA_DIR " + file.resolve("under") + " cannot be made a folder (")
                .endsWith("; set LOCAL_DATA_DIR to a folder you can write)");
        Path missing = temp.resolve("new/data");
        assertThat(LocalSurveyRelay.dataDir(missing.toString())).isDirectory();
        assertThat(LocalSurveyRelay.writable(missing, missing.toString())).isEqualTo(missing);
        // A folder this process cannot write (here one gone since; root writes any folder on a writable mount).
        Path gone = temp.resolve("gone");
        assertThat(LocalSurveyRelay.reason(org.assertj.core.api.Assertions.catchThrowable(() ->
                LocalSurveyRelay.writable(gone, gone.toString())))).isEqualTo("LOCAL_DATA_DIR " + gone + " cannot be "
                        + "written to: the local S3, SQS and campaign inbox keep their files there (set LOCAL_DATA_DIR "
                        + "to a folder you can write)");
    }

    /** The local Twilio signed for PUBLIC_BASE_URL before the service checked it: notaurl ended in an odd message. */
    @Test
    void aPublicBaseUrlThatIsNoHttpUrlIsToldByItsSetting() {
        for (String bad : new String[] {"notaurl", "http://has space.example", "ftp://relay.example.com"}) {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() ->
                    LocalSurveyRelay.publicBaseUrl(bad));
            assertThat(LocalSurveyRelay.reason(refused)).as(bad).isEqualTo("PUBLIC_BASE_URL "
                    + "(survey-relay.public-base-url) must be an http or https URL with a host and no query, such as "
                    + "https://surveys.example.com, not " + bad);
        }
        assertThat(LocalSurveyRelay.publicBaseUrl(" http://localhost:8080 ")).hasToString("http://localhost:8080");
        assertThat(LocalSurveyRelay.publicBaseUrl("http://localhost:8080/")).as("the dev phone's texts went to //sms")
                .hasToString("http://localhost:8080");
    }
}
