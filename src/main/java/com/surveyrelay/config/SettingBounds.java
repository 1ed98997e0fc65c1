package com.surveyrelay.config;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * The one shape of a setting refused at start-up, so every refusal reads alike and names what the operator edits:
 * {@code CAMPAIGN_MAX_ROWS (survey-relay.campaigns.max-rows) must be at least 1, not -5}. A settings record calls
 * these from its constructor; Spring then fails the start with the message as its reason.
 *
 * <p>It exists because zero and negatives were silently replaced by defaults or silently taken (a negative timeout
 * closed every survey at once, a bare {@code 7} for a duration was 7 ms): a setting is taken as set or refused.
 */
public final class SettingBounds {

    /** What {@link #httpUrl} accepts, as a refusal words it. */
    public static final String HTTP_URL = acceptedUrl("https://surveys.example.com");

    /** The shortest duration for the settings that count in seconds or more: a bare number is milliseconds. */
    public static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private SettingBounds() {
    }

    /**
     * A whole number of at least {@code min}.
     *
     * @param set the bound value, null when the setting is absent
     * @param unset the value when absent
     * @return {@code set}, or {@code unset} when it is null
     * @throws IllegalArgumentException naming the variable, the property and the range, when {@code set < min}
     */
    public static int atLeast(int min, Integer set, int unset, String variable, String property) {
        int value = set == null ? unset : set;
        if (value < min) {
            throw refused(variable, property, "at least " + min, Integer.toString(value));
        }
        return value;
    }

    /**
     * A duration of at least {@code min} (zero for "not negative").
     *
     * @param set the bound value, null when the setting is absent
     * @param unset the value when absent
     * @return {@code set}, or {@code unset} when it is null
     * @throws IllegalArgumentException naming the variable, the property and the range, when {@code set < min}
     */
    public static Duration atLeast(Duration min, Duration set, Duration unset, String variable, String property) {
        Duration value = set == null ? unset : set;
        if (value.compareTo(min) < 0) {
            throw refused(variable, property, "at least " + written(min) + withUnit(min), written(value));
        }
        return value;
    }

    /**
     * A duration that is zero, for off, or at least {@code min}.
     *
     * @param off what zero means, as the message names it ({@code "off"}, {@code "none"})
     * @return {@code set}, or zero when it is null
     * @throws IllegalArgumentException naming the variable, the property and the range, when {@code set} is
     *     negative or between zero and {@code min}
     */
    public static Duration zeroOrAtLeast(Duration min, Duration set, String off, String variable, String property) {
        Duration value = set == null ? Duration.ZERO : set;
        if (!value.isZero() && value.compareTo(min) < 0) {
            throw refused(variable, property, "0 (" + off + ") or at least " + written(min) + withUnit(min),
                    written(value));
        }
        return value;
    }

    /**
     * A duration of at most {@code max}.
     *
     * @param value the duration as bound (or defaulted)
     * @param why why longer is wrong, as the refusal says it after the bound ({@code "(a number ... )"}), or empty
     * @return {@code value}
     * @throws IllegalArgumentException naming the variable, the property, the bound and why, when {@code value > max}
     */
    public static Duration atMost(Duration max, Duration value, String why, String variable, String property) {
        if (value.compareTo(max) > 0) {
            throw refused(variable, property, "at most " + written(max) + (why.isEmpty() ? "" : " " + why),
                    written(value));
        }
        return value;
    }

    /**
     * The refusal of a setting: {@code VARIABLE (property) must be RANGE, not VALUE}.
     *
     * @param range what is accepted, such as {@code "at least 1"}
     * @param value the value as bound, written as an operator would set it
     */
    public static IllegalArgumentException refused(String variable, String property, String range, String value) {
        return new IllegalArgumentException(variable + " (" + property + ") must be " + range + ", not " + value);
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host, such as {@code https://surveys.example.com}.
     *
     * @param set the bound value, null (or empty) when the setting is absent
     * @param required whether an absent value is refused too
     * @return {@code set}; null when it is absent and not required
     * @throws IllegalArgumentException naming the variable and the property, for a relative URL ({@code notaurl}),
     *     another scheme, no host, or a query or fragment (a URL is built by appending paths to it)
     */
    public static URI httpUrl(URI set, boolean required, String variable, String property) {
        return httpUrl(set, required, variable, property, "https://surveys.example.com");
    }

    /**
     * As {@link #httpUrl(URI, boolean, String, String)}, the refusal giving {@code example} as a URL that would do
     * (an endpoint's is a local server's, {@code http://127.0.0.1:9000}, not a public URL).
     */
    public static URI httpUrl(URI set, boolean required, String variable, String property, String example) {
        String accepted = acceptedUrl(example);
        if (set == null || set.toString().isBlank()) {
            if (required) {
                throw refused(variable, property, accepted, "unset");
            }
            return null;
        }
        String scheme = set.getScheme() == null ? "" : set.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || set.getHost() == null || set.getQuery() != null
                || set.getFragment() != null) {
            throw refused(variable, property, accepted + underscoreHint(set), set.toString());
        }
        return set;
    }

    /**
     * An SQS queue's URL ({@code https://sqs.eu-west-3.amazonaws.com/123456789012/survey-triggers}, or a local
     * server's): an absolute {@code http} or {@code https} URL with a host and a path naming the queue. Until
     * 2026-12-07 any text was taken, and a mistyped one ({@code notaurl}) failed every poll, twice a second, each with
     * a stack trace (an operator's probe).
     *
     * @param set the bound value; null or blank when the setting is absent
     * @return {@code set} stripped, or {@code ""} when absent
     * @throws SettingRefused naming the variable and the property, for anything else
     */
    public static String sqsQueueUrl(String set, String variable, String property) {
        if (set == null || set.isBlank()) {
            return "";
        }
        String url = set.strip();
        String accepted = "an SQS queue URL such as https://sqs.eu-west-3.amazonaws.com/123456789012/survey-triggers";
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new SettingRefused(refused(variable, property, accepted, url).getMessage());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || parsed.getHost() == null
                || parsed.getPath() == null || parsed.getPath().replace("/", "").isEmpty() || parsed.getQuery() != null
                || parsed.getFragment() != null) {
            throw new SettingRefused(refused(variable, property, accepted + underscoreHint(parsed), url).getMessage());
        }
        return url;
    }

    /**
     * What to add to a refused URL whose host has an underscore ({@code http://sqs_local:9324}, a Docker Compose
     * service's name): Java's URI, and so the AWS SDK and Twilio's client, read it as no host at all, so it is
     * refused, saying why (a reviewer's probe, 2026-12-07, found the refusal did not).
     */
    private static String underscoreHint(URI set) {
        return set.getHost() == null && set.getRawAuthority() != null && set.getRawAuthority().contains("_")
                ? " (a host name with an underscore is no host to Java's URI and the HTTP clients: name the host "
                        + "without one, or by its address)" : "";
    }

    private static final Pattern BUCKET_NAME =
            Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** Prefixes and suffixes S3 keeps for its own names (access points, aliases, directory and table buckets). */
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3",
            "--table-s3");
    private static final Pattern IP_ADDRESS =
            Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * An S3 bucket name, by S3's naming rules for general purpose buckets: 3 to 63 characters, lower-case letters,
     * digits, dots and hyphens, starting and ending with a letter or digit, no two dots in a row, not an IP address,
     * none of the prefixes and suffixes S3 keeps ({@code xn--}, {@code sthree-}, {@code -s3alias}, {@code --x-s3}...).
     * The AWS SDK refuses any other at the first request, with an {@code IllegalArgumentException} naming no setting
     * ("Bucket name should not contain uppercase characters").
     *
     * @return {@code name}
     * @throws IllegalArgumentException naming the variable and the property, for any other name
     */
    public static String s3BucketName(String name, String variable, String property) {
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..") || IP_ADDRESS.matcher(name).matches()
                || RESERVED_PREFIXES.stream().anyMatch(name::startsWith)
                || RESERVED_SUFFIXES.stream().anyMatch(name::endsWith)) {
            throw refused(variable, property, "an S3 bucket name (3 to 63 lower-case letters, digits, dots and "
                    + "hyphens, starting and ending with a letter or digit)", name);
        }
        return name;
    }

    /** An EventBridge bus name (AWS: 1 to 256 of {@code A-Z a-z 0-9 . _ - /}), or a bus's ARN. */
    private static final Pattern EVENT_BUS = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}"
            + "|arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[/.\\-_A-Za-z0-9]{1,256}");

    /**
     * An EventBridge bus name or ARN as a PutEvents entry's {@code EventBusName} takes it (AWS's EventBridge API
     * reference: 1 to 256 letters, digits, {@code . _ - /}, or the bus's ARN). "survey relay" started until
     * 2026-12-07, and EventBridge would have refused every event, which waited in the outboxes for good (an operator's
     * probe).
     *
     * @throws IllegalArgumentException naming the variable and the form
     */
    public static String eventBusName(String name, String variable, String property) {
        if (!EVENT_BUS.matcher(name).matches()) {
            // Quoted, and cut past 64 characters: "not survey relay" read as a sentence (a carried gap).
            throw refused(variable, property, "an EventBridge bus name (1 to 256 letters, digits, dots, hyphens, "
                    + "underscores and slashes) or a bus's ARN", "\"" + (name.length() > 64 ? name.substring(0, 64)
                            + "...\" (" + name.length() + " characters)" : name + "\""));
        }
        return name;
    }

    private static String acceptedUrl(String example) {
        return "an http or https URL with a host and no query, such as " + example;
    }

    /** A duration as it would be set: {@code -1h}, {@code 90s}, {@code 7ms}; the largest unit that is exact. */
    public static String written(Duration value) {
        if (value.isZero()) {
            return "0s";
        }
        if (value.getNano() == 0) {
            for (ChronoUnit unit : new ChronoUnit[] {ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES}) {
                if (value.getSeconds() % unit.getDuration().getSeconds() == 0) {
                    return DurationStyle.SIMPLE.print(value, unit);
                }
            }
            return DurationStyle.SIMPLE.print(value, ChronoUnit.SECONDS);
        }
        return value.getNano() % 1_000_000 == 0
                ? DurationStyle.SIMPLE.print(value, ChronoUnit.MILLIS) : value.toString();
    }

    /** For a minimum of a second or more: a bare number is taken as milliseconds, the usual slip. */
    private static String withUnit(Duration min) {
        return min.compareTo(ONE_SECOND) >= 0 ? " with a unit such as 30s or 2h (a bare number is milliseconds)" : "";
    }
}
