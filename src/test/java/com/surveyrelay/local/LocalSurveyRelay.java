package com.surveyrelay.local;

import com.surveyrelay.SurveyRelayApplication;
import com.surveyrelay.config.SettingBounds;
import com.surveyrelay.config.SettingRefused;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local default behind the README's run command ({@code mvn spring-boot:test-run}): the service with an
 * embedded S3 (files under the data folder, seeded from {@code config-files/}), a local EventBridge endpoint
 * and a local Twilio REST API, and no account anywhere. Every setting the service reads from the
 * environment still wins: set {@code S3_ENDPOINT}, {@code EVENTBRIDGE_ENDPOINT} or {@code TWILIO_API_BASE_URL}
 * and the service uses that instead of the local server. It lives in the test sources so none of it reaches the production jar.
 */
public final class LocalSurveyRelay {

    static final String DEV_API_KEY = "local-dev-key";

    private LocalSurveyRelay() {
    }

    /**
     * Starts the local default, or, when anything stops it from starting (a port in use, a broken
     * configuration), prints one line saying why and exits with status 1: the embedded servers would otherwise
     * keep the process alive.
     */
    public static void main(String[] args) {
        LocalServices[] started = new LocalServices[1];
        try {
            run(args, started);
        } catch (Throwable failure) {
            System.err.println("Survey Relay local default could not start: " + reason(failure));
            try {
                if (started[0] != null) {
                    started[0].close();
                }
            } catch (Exception e) {
                // Exiting anyway.
            }
            System.exit(1);
        }
    }

    /**
     * The emulator's line for a text it delivers: the number masked to its last four digits, as every log line of the
     * service masks it (a run log pasted into a ticket carried each respondent's whole number), then the text, as
     * the virtual phone shows it. A WhatsApp address ({@code whatsapp:+1...}) keeps its prefix.
     */
    static String textLine(String to, String body) {
        return "[local twilio] text to " + masked(to) + ":" + System.lineSeparator() + body + System.lineSeparator()
                + System.lineSeparator();
    }

    private static String masked(String to) {
        return com.surveyrelay.survey.E164.maskedIn(to);
    }

    /**
     * The most telling message of a failure's chain: a refused setting's own words; Spring's port-in-use message; or,
     * for a setting Spring could not bind, the environment variable behind its {@code application.yaml} placeholder,
     * else the setting's name and where it came from (an environment variable of Spring's relaxed form, say),
     * with the root cause as it reads (a conversion's own message may quote the value); or else the root cause.
     */
    static String reason(Throwable failure) {
        java.util.Optional<String> routeFile = com.surveyrelay.config.RouteFileFailureAnalyzer.describe(failure);
        if (routeFile.isPresent()) {
            return routeFile.get();
        }
        Throwable cause = failure;
        BindException binding = null;
        for (Throwable each = failure; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof Refused || each instanceof SettingRefused) {
                return each.getMessage();
            }
            if (each instanceof org.springframework.boot.web.server.PortInUseException inUse) {
                return each.getMessage() + " (set " + portSetting(inUse.getPort()) + " to use another)";
            }
            if (binding == null && each instanceof BindException bind) {
                binding = bind;
            }
            cause = each;
        }
        String root = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (binding == null) {
            return root;
        }
        ConfigurationProperty property = binding.getProperty();
        if (property == null) {
            // A group's own check refused it (a record's constructor): its message names the setting, and the
            // exception's class says nothing more to an operator.
            return "the settings " + binding.getName() + ".* are not valid: "
                    + (cause instanceof IllegalArgumentException ? cause.getMessage() : root);
        }
        String variable = placeholderVariable(property.getOrigin());
        if (variable != null) {
            return variable + " (" + property.getName() + ") is not valid: " + root;
        }
        String origin = property.getOrigin() != null ? " (" + property.getOrigin() + ")" : "";
        return "the setting " + property.getName() + origin + " is not valid: " + root;
    }

    /** A {@code ${NAME:default}} or {@code ${NAME}} at the start of a configuration file's value. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\s*\"?\\$\\{([A-Za-z_][A-Za-z0-9_]*)[:}]");

    /**
     * The environment variable a setting was read from, when its value in {@code application.yaml} is a placeholder
     * such as {@code max-rows: ${CAMPAIGN_MAX_ROWS:10000}}: Spring then gives the file's line as the origin, which
     * names the property but not the variable the operator set ({@code CAMPAIGN_MAX_ROWS=lots} was told as
     * "the setting survey-relay.campaigns.max-rows (URL [file:application.yaml] - 207:15)"). The default after the
     * colon is the file's own, so a value that fails to bind came from the variable.
     *
     * @return the variable's name, or {@code null} when the origin is no line of a file, or its value no placeholder
     */
    static String placeholderVariable(Origin origin) {
        if (origin instanceof PropertySourceOrigin wrapped) {
            origin = wrapped.getOrigin();
        }
        if (!(origin instanceof TextResourceOrigin text) || text.getResource() == null || text.getLocation() == null) {
            return null;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(text.getResource().getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = lines.lines().skip(text.getLocation().getLine()).findFirst().orElse("");
            int column = Math.min(Math.max(text.getLocation().getColumn(), 0), line.length());
            Matcher placeholder = PLACEHOLDER.matcher(line.substring(column));
            return placeholder.lookingAt() ? placeholder.group(1) : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * The buckets the service will use, on the local S3: {@code SURVEY_BUCKET} seeded from {@code config-files/} as
     * {@code survey-relay} is, and {@code SURVEY_RESULTS_BUCKET} created, so that either variable wins over the local
     * default as the README says (with {@code SURVEY_BUCKET=my-bucket} the service read a bucket that did not exist,
     * never became ready, and the banner still named {@code survey-relay}).
     *
     * @param resultsBucket blank for the survey bucket, the property's default
     * @throws IOException when {@code config-files/} cannot be read
     * @throws Refused naming the variable, for a name S3 refuses ({@code SettingBounds#s3BucketName}), before any
     *     bucket is made: the SDK's own refusal named no setting
     */
    static void localBuckets(LocalS3 s3, String surveyBucket, String resultsBucket, Path configFiles)
            throws IOException {
        try {
            SettingBounds.s3BucketName(surveyBucket, "SURVEY_BUCKET", "survey-relay.bucket");
            if (!resultsBucket.isBlank()) {
                SettingBounds.s3BucketName(resultsBucket, "SURVEY_RESULTS_BUCKET", "survey-relay.results-bucket");
            }
        } catch (IllegalArgumentException refused) {
            throw new Refused(refused.getMessage());
        }
        s3.seed(surveyBucket, configFiles);
        if (!resultsBucket.isBlank()) {
            s3.createBucket(resultsBucket);
        }
    }

    /** A reason the local default gives itself, in words that name the setting: told as it is. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A port setting's value.
     *
     * @throws Refused when it is not a whole number from 0 to 65535
     */
    static int port(String variable, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Told below.
        }
        throw new Refused(variable + " must be a port number from 0 to 65535, not " + value);
    }

    /**
     * The setting behind a port Tomcat found in use: {@code MANAGEMENT_PORT} when that is its number (the actuator's
     * own server), else {@code SERVER_PORT}.
     */
    static String portSetting(int port) {
        String management = System.getenv("MANAGEMENT_PORT");
        return management != null && management.strip().equals(Integer.toString(port)) ? "MANAGEMENT_PORT"
                : "SERVER_PORT";
    }

    /**
     * Checks that the dev phone and the actuator's own server ({@code MANAGEMENT_PORT}, when set) have a port each:
     * the dev phone starts first, and the actuator's server was refused "Port 8081 is already in use (set SERVER_PORT
     * to use another)". {@code MANAGEMENT_PORT} equal to {@code SERVER_PORT} is the service's to refuse
     * ({@code ManagementPortCheck}).
     *
     * @param managementPort null when {@code MANAGEMENT_PORT} is unset
     * @throws Refused naming both settings, when they give the same port other than 0
     */
    static void distinctPorts(int servicePort, int devPhonePort, Integer managementPort) {
        distinctPorts(servicePort, devPhonePort);
        if (managementPort != null && managementPort != 0 && managementPort == devPhonePort) {
            throw new Refused("MANAGEMENT_PORT and DEV_PHONE_PORT (default 8081) are both " + managementPort + ": the"
                    + " actuator's server and the dev phone need a port each (set one of them to another)");
        }
    }

    /**
     * Checks that the service and the dev phone have a port each. The dev phone starts first, so with both on one port
     * (say {@code SERVER_PORT=8081} and the dev phone's default) the service was refused "Port 8081 is already in use
     * (set SERVER_PORT to use another)", though nothing else held it. Port 0 (any free port) may be given to both.
     *
     * @throws Refused naming both settings, when they give the same port other than 0
     */
    static void distinctPorts(int servicePort, int devPhonePort) {
        if (servicePort != 0 && servicePort == devPhonePort) {
            throw new Refused("SERVER_PORT and DEV_PHONE_PORT (default 8081) are both " + servicePort + ": the service "
                    + "and the dev phone need a port each (set one of them to another)");
        }
    }

    /**
     * The data folder, {@code LOCAL_DATA_DIR}, made with its parents if missing, before any local server writes in it.
     *
     * @throws Refused naming {@code LOCAL_DATA_DIR}, when the path is a file or cannot be made a folder: the embedded
     *     S3 then failed with "FileSystemException: /path/s3: Not a directory", naming neither the setting nor the
     *     fix
     */
    static Path dataDir(String value) {
        Path dir = Path.of(value);
        try {
            java.nio.file.Files.createDirectories(dir);
            return dir;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new Refused("LOCAL_DATA_DIR is " + value + ", which is a file, not a folder (set LOCAL_DATA_DIR to "
                    + "a folder; a missing one is made)");
        } catch (IOException e) {
            throw new Refused("LOCAL_DATA_DIR " + value + " cannot be made a folder (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "; set LOCAL_DATA_DIR to a folder you can write)");
        }
    }

    /**
     * Refuses a data folder this process cannot write to: the embedded S3 took its reads and refused every write, so
     * no survey loaded, and the start failed naming CAMPAIGN_INBOX, a setting the operator never set (its default is
     * under the folder; an operator's probe, 2026-12-07).
     *
     * @throws Refused naming {@code LOCAL_DATA_DIR}
     */
    static Path writable(Path dir, String value) {
        if (!java.nio.file.Files.isWritable(dir)) {
            throw new Refused("LOCAL_DATA_DIR " + value + " cannot be written to: the local S3, SQS and campaign "
                    + "inbox keep their files there (set LOCAL_DATA_DIR to a folder you can write)");
        }
        return dir;
    }

    /**
     * The public base URL the local Twilio signs for, checked as the service will check it, before anything uses it,
     * without the trailing slashes the service leaves out too (until 2026-12-07 the dev phone's texts went to
     * {@code //sms/webhook} and got a 404: an operator's probe).
     *
     * @throws Refused naming {@code PUBLIC_BASE_URL}, when it is not an absolute http or https URL
     */
    static URI publicBaseUrl(String value) {
        try {
            return SettingBounds.httpUrl(URI.create(value.strip().replaceAll("/+$", "")), true, "PUBLIC_BASE_URL",
                    "survey-relay.public-base-url");
        } catch (IllegalArgumentException e) {
            throw new Refused(SettingBounds.refused("PUBLIC_BASE_URL", "survey-relay.public-base-url",
                    SettingBounds.HTTP_URL, value).getMessage());
        }
    }

    /**
     * Starts the dev phone on {@code port}.
     *
     * @throws Refused when the port is taken, naming it and {@code DEV_PHONE_PORT}
     */
    static DevPhone devPhone(int port, LocalServices services, URI serviceUrl, String apiKey) {
        try {
            return DevPhone.start(port, services.emulator(), serviceUrl, apiKey, Map.of("s3", services.s3().faults(),
                    "eventbridge", services.eventBridge().faults(), "twilio", services.twilio().faults()));
        } catch (RuntimeException e) {
            for (Throwable each = e; each != null; each = each.getCause()) {
                if (each instanceof java.net.BindException) {
                    throw new Refused("The dev phone's port " + port + " is already in use (set DEV_PHONE_PORT to "
                            + "use another)");
                }
            }
            throw e;
        }
    }

    private static void run(String[] args, LocalServices[] started) throws Exception {
        int servicePort = port("SERVER_PORT", env("SERVER_PORT", "8080"));
        int devPhonePort = port("DEV_PHONE_PORT", env("DEV_PHONE_PORT", "8081"));
        String managementSetting = env("MANAGEMENT_PORT", "");
        Integer managementPort = managementSetting.isBlank() ? null : port("MANAGEMENT_PORT", managementSetting);
        distinctPorts(servicePort, devPhonePort, managementPort);
        String port = Integer.toString(servicePort);
        Path dataDir = writable(dataDir(env("LOCAL_DATA_DIR", "data")), env("LOCAL_DATA_DIR", "data"));
        LocalServices services = LocalServices.onDisk(dataDir, Path.of("config-files"), 0, 0, 0);
        started[0] = services;
        Map<String, String> local = services.serviceProperties(URI.create("http://localhost:" + port), DEV_API_KEY);
        defaultUnlessSet("PUBLIC_BASE_URL", local.get("survey-relay.public-base-url"));
        defaultUnlessSet("SURVEY_API_KEYS", DEV_API_KEY);
        defaultUnlessSet("SURVEY_BUCKET", LocalServices.BUCKET);
        defaultUnlessSet("EVENT_BUS_NAME", LocalServices.EVENT_BUS);
        defaultUnlessSet("AWS_REGION", LocalS3.REGION);
        boolean localS3 = defaultUnlessSet("S3_ENDPOINT", local.get("survey-relay.s3-endpoint"));
        if (localS3) {
            localBuckets(services.s3(), value("SURVEY_BUCKET"), value("SURVEY_RESULTS_BUCKET"),
                    Path.of("config-files"));
        }
        boolean localBus = defaultUnlessSet("EVENTBRIDGE_ENDPOINT", local.get("survey-relay.event-bridge-endpoint"));
        boolean localTwilio = defaultUnlessSet("TWILIO_API_BASE_URL", local.get("twilio.api-base-url"));
        boolean localSqs = defaultUnlessSet("SQS_ENDPOINT", local.get("survey-relay.triggers.sqs-endpoint"));
        // The embedded servers take only the local credentials. The AWS SDK reads system properties before the
        // environment and profiles, so an exported AWS_ACCESS_KEY_ID or AWS_PROFILE cannot break them; with an
        // endpoint of your own, the SDK's default chain (your credentials) applies instead.
        boolean localCredentials = localS3 && localBus && localSqs;
        if (localCredentials) {
            LocalServices.useLocalCredentials();
        }
        defaultUnlessSet("TRIGGER_QUEUE_ENABLED", "true");
        defaultUnlessSet("TRIGGER_QUEUE_URL", local.get("survey-relay.triggers.queue-url"));
        defaultUnlessSet("TRIGGER_DEAD_LETTER_QUEUE_URL", local.get("survey-relay.triggers.dead-letter-queue-url"));
        defaultUnlessSet("SMS_RETRIES_ENABLED", "true");
        defaultUnlessSet("SMS_RETRY_QUEUE_URL", local.get("survey-relay.sms-retries.queue-url"));
        defaultUnlessSet("TWILIO_ACCOUNT_SID", LocalServices.ACCOUNT_SID);
        defaultUnlessSet("TWILIO_AUTH_TOKEN", LocalServices.AUTH_TOKEN);
        defaultUnlessSet("TWILIO_PHONE_NUMBER", LocalServices.PHONE_NUMBER);
        defaultUnlessSet("TWILIO_WHATSAPP_NUMBER", LocalServices.PHONE_NUMBER);
        defaultUnlessSet("TWILIO_WHATSAPP_CONTENT_SID", LocalServices.WHATSAPP_CONTENT_SID);
        defaultUnlessSet("CAMPAIGN_INBOX", dataDir.resolve("campaigns").resolve("inbox").toString());
        boolean localCampaigns = System.getenv("CAMPAIGN_SOURCE") == null || System.getenv("CAMPAIGN_SOURCE").isBlank();
        // Any number rings a phone that waits for the dev phone, however the survey was started.
        services.emulator().setInteractiveByDefault(true);
        services.twilio().onMessage(message -> System.out.print(textLine(message.to(), message.body())));
        services.twilio().onCall(call -> System.out.printf("[local twilio] call to %s, first step %s%n",
                masked(call.to()), call.url()));
        URI serviceUrl = URI.create("http://localhost:" + port);
        services.connect(publicBaseUrl(value("PUBLIC_BASE_URL")), serviceUrl);

        // A failed start is told in one line (main): Spring's own failure report and the warnings that lead to it
        // are silenced here (LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_BOOT=INFO brings them back).
        quietUnlessSet("org.springframework.boot.diagnostics", "OFF");
        quietUnlessSet("org.springframework.boot.web.servlet.context", "ERROR");
        quietUnlessSet("org.springframework.boot.autoconfigure.logging", "WARN");
        quietEmbeddedS3();
        // Before the service, so that a port in use stops the start before anything runs.
        DevPhone devPhone = devPhone(devPhonePort, services, serviceUrl,
                value("SURVEY_API_KEYS").split(",")[0].strip());
        ConfigurableApplicationContext context;
        SpringApplication service = new SpringApplication(SurveyRelayApplication.class);
        // One shutdown hook, below, in order: Spring's own would run beside it, and the service's last writes (a
        // campaign's progress, @PreDestroy) found the local S3 already closed.
        service.setRegisterShutdownHook(false);
        try {
            context = service.run(args);
        } catch (RuntimeException e) {
            devPhone.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                context.close();
            } finally {
                try {
                    devPhone.close();
                    services.close();
                } catch (Exception e) {
                    // Shutting down anyway.
                }
            }
        }));
        List<String> lines = new ArrayList<>();
        lines.add("Survey Relay local default is running");
        lines.add("  service      " + System.getProperty("PUBLIC_BASE_URL", System.getenv("PUBLIC_BASE_URL")));
        // Spring Boot sets local.management.port to the service's own port when the actuator shares it.
        String actuatorPort = context.getEnvironment().getProperty("local.management.port");
        if (actuatorPort != null && !actuatorPort.equals(context.getEnvironment().getProperty("local.server.port"))) {
            lines.add("  management   http://localhost:" + actuatorPort + "/actuator/health  (MANAGEMENT_PORT: health,"
                    + " info and /actuator/prometheus, on threads of their own)");
        }
        lines.add("  S3           " + value("S3_ENDPOINT") + (localS3 ? "  (S3Proxy; bucket " + value("SURVEY_BUCKET")
                + ", files under " + dataDir.resolve("s3").toAbsolutePath() + ")" : "  (from S3_ENDPOINT)"));
        lines.add(eventBridgeLine(value("EVENTBRIDGE_ENDPOINT"), env("SURVEY_EVENTS_ENDPOINT", ""), localBus,
                dataDir.resolve("events.jsonl").toAbsolutePath()));
        String triggers = triggerSource(context.getBean(org.apache.camel.CamelContext.class));
        lines.add("  SQS          " + value("TRIGGER_QUEUE_URL") + (!triggers.startsWith("aws2-sqs:")
                ? "  (start requests unused: survey-trigger takes them from " + triggers + "; dead letters in "
                        + LocalSqs.DEAD_LETTER_QUEUE + ")"
                : localSqs ? "  (ElasticMQ; start requests, dead letters in " + LocalSqs.DEAD_LETTER_QUEUE + ")"
                : "  (from TRIGGER_QUEUE_URL)"));
        lines.add("  Twilio       " + value("TWILIO_API_BASE_URL") + (localTwilio ? "  (emulator: calls and texts go to "
                + "virtual phones)" : "  (from TWILIO_API_BASE_URL)"));
        lines.add("  dev phone    " + devPhone.url() + "/  (answer surveys in the browser)");
        lines.add("  campaigns    " + (localCampaigns ? Path.of(value("CAMPAIGN_INBOX")).toAbsolutePath()
                + "  (drop CSV files here; progress at " + serviceUrl + "/campaigns)" : value("CAMPAIGN_SOURCE")
                + "  (from CAMPAIGN_SOURCE)"));
        // Blanks (" , ") name no key: shown so, where they were printed as if one (an operator's probe, 2026-12-07).
        String keys = value("SURVEY_API_KEYS");
        // Each key as the service takes it, trimmed (" key-a , key-b " printed its blanks: an author's probe).
        lines.add("  API key      " + (keys == null || keys.replace(",", "").isBlank()
                ? "none: SURVEY_API_KEYS names no key, so every API call is refused 401"
                : java.util.Arrays.stream(keys.split(",")).map(String::strip).filter(key -> !key.isEmpty())
                        .collect(java.util.stream.Collectors.joining(", "))));
        lines.add("  AWS          " + (localCredentials ? "the local servers' own credentials ("
                + LocalS3.ACCESS_KEY + "); exported AWS credentials and AWS_PROFILE are not used"
                : "the default credentials chain (environment, AWS_PROFILE, role), as an endpoint is your own"));
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    /**
     * Where the {@code survey-trigger} route takes start requests from, as its file says (the endpoint's URI without
     * its query, and with any password in it masked): {@code aws2-sqs:} unless an operator re-routed it.
     */
    static String triggerSource(org.apache.camel.CamelContext camel) {
        org.apache.camel.Route route = camel.getRoute("survey-trigger");
        if (route == null) {
            return "nowhere (no survey-trigger route)";
        }
        String uri = org.apache.camel.util.URISupport.sanitizeUri(route.getEndpoint().getEndpointBaseUri());
        return uri.startsWith("aws2-sqs:") ? "aws2-sqs:" : uri;
    }

    /**
     * The banner's EventBridge line: the endpoint, and where events really go. With {@code SURVEY_EVENTS_ENDPOINT}
     * set (blank means unset) events skip EventBridge, and the line says so rather than pointing at a journal
     * that stays empty.
     */
    static String eventBridgeLine(String endpoint, String eventsEndpoint, boolean localBus, Path journal) {
        return "  EventBridge  " + endpoint + (!eventsEndpoint.isBlank()
                ? "  (unused: events go to " + eventsEndpoint + ", from SURVEY_EVENTS_ENDPOINT)"
                : localBus ? "  (events also in " + journal + ")"
                : "  (from EVENTBRIDGE_ENDPOINT)");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String value(String name) {
        return env(name, System.getProperty(name, ""));
    }

    /**
     * The embedded S3 server's loggers (S3Proxy and its shaded Jetty) at {@code ERROR}, as {@code logging.level.*}
     * system properties that Spring applies when the service starts: under a fault Jetty logs the failed request's
     * path at {@code WARN} ({@code HttpChannel handleException /survey-relay/survey-results/<number>/...}), and a
     * key holds a respondent's number, which no line above {@code DEBUG} may show (STYLE.md). An environment that
     * sets any level under {@code org.gaul} keeps its own.
     */
    static void quietEmbeddedS3() {
        quietUnlessSet("org.gaul.shaded.org.eclipse.jetty", "ERROR");
        quietUnlessSet("org.gaul.s3proxy", "ERROR");
    }

    /**
     * Sets a logger's level unless the environment sets any level under the logger's first two name parts
     * ({@code org.springframework}, {@code org.gaul}).
     */
    private static void quietUnlessSet(String logger, String level) {
        String[] parts = logger.split("\\.");
        String family = ("LOGGING_LEVEL_" + parts[0] + "_" + parts[1]).toUpperCase(java.util.Locale.ROOT);
        boolean set = System.getenv().keySet().stream().anyMatch(name -> name.startsWith(family));
        if (!set) {
            System.setProperty("logging.level." + logger, level);
        }
    }

    /** Spring resolves {@code ${NAME}} from system properties too; the environment, when set, still wins. */
    private static boolean defaultUnlessSet(String name, String value) {
        String set = System.getenv(name);
        if (set != null && !set.isBlank()) {
            return false;
        }
        System.setProperty(name, value);
        return true;
    }
}
