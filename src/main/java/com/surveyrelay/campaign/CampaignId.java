package com.surveyrelay.campaign;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A campaign's id: the file name reduced to {@code [a-z0-9-]} (at most 40 characters), then the first 12 hex digits of
 * a SHA-256 ({@code spring-promo-3f9a1c2b7d4e}): of the content alone when the name is already its reduced form, of the
 * name and the content when the reduction lost something (case, spaces, punctuation, letters outside a to z, the
 * characters past the 40th). The same file delivered twice is one campaign; the same rows under another name are
 * another, however alike the names reduce ({@code Week 1.csv} and {@code week_1.csv}, two Japanese names, two long
 * names
 * differing at their end: these were one id, and the second file was ignored as received before). Only these
 * characters reach S3 keys, whatever the file was called.
 */
public final class CampaignId {

    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,39})-[0-9a-f]{12}");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final int MAX_SLUG = 40;

    private CampaignId() {
    }

    public static String of(String fileName, byte[] content) {
        String stem = stem(fileName);
        String slug = slug(fileName);
        if (slug.equals(stem)) {
            return legacy(fileName, content);
        }
        byte[] named = (stem + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] hashed = Arrays.copyOf(named, named.length + content.length);
        System.arraycopy(content, 0, hashed, named.length, content.length);
        return slug + "-" + DigestUtils.sha256Hex(hashed).substring(0, 12);
    }

    /**
     * The id a file got before a name its reduction changes was hashed in: the reduced name and the content's hash. A
     * campaign received then keeps it (see {@link CampaignIntake}); for a name already in its reduced form it is the
     * id.
     */
    static String legacy(String fileName, byte[] content) {
        return slug(fileName) + "-" + DigestUtils.sha256Hex(content).substring(0, 12);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** The file's name without its folders and its extension. */
    private static String stem(String fileName) {
        String stem = fileName == null ? "" : fileName;
        stem = stem.substring(Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\')) + 1);
        int dot = stem.lastIndexOf('.');
        return dot > 0 ? stem.substring(0, dot) : stem;
    }

    static String slug(String fileName) {
        String stem = stem(fileName);
        String ascii = Normalizer.normalize(stem, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = NOT_SLUG.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = trimDashes(slug.length() > MAX_SLUG ? slug.substring(0, MAX_SLUG) : slug);
        return slug.isEmpty() ? "campaign" : slug;
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }
}
