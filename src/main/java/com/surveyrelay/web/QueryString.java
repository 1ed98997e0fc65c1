package com.surveyrelay.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A URL's query string read as the request sent it, for the routes that must see its every part: the Twilio
 * webhooks (whose signature covers the URL as sent) and the results API (which refuses unknown and repeated
 * parameters). Spring's own parser skips a leading {@code =} and reads {@code =1} as a parameter named {@code 1}.
 */
public final class QueryString {

    /** The longest parameter name {@link #quotedName} gives back. */
    private static final int QUOTED_NAME_CHARS = 40;

    private QueryString() {
    }

    /**
     * The query's {@code name=value} pairs, percent-decoded as UTF-8 as a form's are ({@code +} is a space), in the
     * order sent, repeats kept; empty pairs ({@code a=1&&b=2}) are skipped, a name without {@code =} has the value
     * {@code ""}, and only the first {@code =} of a pair separates.
     *
     * @param rawQuery the query without {@code ?}, still percent-encoded, or null for none
     * @throws IllegalArgumentException for a malformed percent escape ({@code %zz}, a lone {@code %})
     */
    public static List<Map.Entry<String, String>> pairs(String rawQuery) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                pairs.add(Map.entry(name, value));
            }
        }
        return pairs;
    }

    /**
     * A client's parameter name, safe to put in an error message: control characters left out, and at most
     * {@value #QUOTED_NAME_CHARS} characters (then {@code ...}).
     */
    public static String quotedName(String name) {
        String printable = name.codePoints().filter(point -> !Character.isISOControl(point))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= QUOTED_NAME_CHARS ? printable
                : printable.substring(0, QUOTED_NAME_CHARS) + "...";
    }
}
