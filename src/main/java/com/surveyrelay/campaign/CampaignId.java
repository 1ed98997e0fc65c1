package com.surveyrelay.campaign;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A campaign's id: the file name reduced to {@code [a-z0-9-]}, then the first 12 hex digits of the content's
 * SHA-256 ({@code spring-promo-3f9a1c2b7d4e}). The same file delivered twice is one campaign; the same rows
 * under another name are another. Only these characters reach S3 keys, whatever the file was called.
 */
public final class CampaignId {

    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,39})-[0-9a-f]{12}");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final int MAX_SLUG = 40;

    private CampaignId() {
    }

    public static String of(String fileName, byte[] content) {
        return slug(fileName) + "-" + DigestUtils.sha256Hex(content).substring(0, 12);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    static String slug(String fileName) {
        String stem = fileName == null ? "" : fileName;
        stem = stem.substring(Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\')) + 1);
        int dot = stem.lastIndexOf('.');
        if (dot > 0) {
            stem = stem.substring(0, dot);
        }
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
