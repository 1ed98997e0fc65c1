package com.surveyrelay.results;

import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.QueryString;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of a results request, read from the query string alone. Camel puts a request's query
 * parameters and its headers in the same message headers, so a route that read {@code ${header.from}} took a
 * standard {@code From: ops@example.com} request header for a date, and a {@code Status} header for a filter;
 * the routes hand this the raw query string ({@code CamelHttpQuery}) instead. Strict, so that a typo is an answer
 * rather than a silently unfiltered export: a parameter the endpoint does not take, or one given twice, is a 400.
 *
 * @param values each parameter given, decoded ({@code +} is a space), by name; none is blank
 */
record ResultsQuery(Map<String, String> values) {


    ResultsQuery {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads a raw query string, as the request sent it (still percent-encoded).
     *
     * @param rawQuery the query string without {@code ?}, or null for none
     * @param accepted the parameter names the endpoint takes, in the order its error message lists them
     * @throws HttpProblem 400 {@code unknown_parameter} (a name not in {@code accepted}, quoted in the message),
     *     {@code repeated_parameter} (a name given twice), {@code invalid_query} (a malformed percent escape, or a
     *     parameter given without a value, {@code ?status=} or {@code ?from}: refused since 2026-12-06, read as absent
     *     before)
     */
    static ResultsQuery parse(String rawQuery, List<String> accepted) {
        List<Map.Entry<String, String>> pairs;
        try {
            pairs = QueryString.pairs(rawQuery);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "invalid_query", "The query string is not validly percent-encoded.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : pairs) {
            String name = parameter.getKey();
            if (!accepted.contains(name)) {
                throw new HttpProblem(400, "unknown_parameter", "'" + QueryString.quotedName(name) + "' is not a "
                        + "parameter of this endpoint; it takes " + String.join(", ", accepted) + ".");
            }
            if (values.containsKey(name)) {
                throw new HttpProblem(400, "repeated_parameter", name + " is given more than once; give it once.");
            }
            if (parameter.getValue().isBlank()) {
                // Read as absent until 2026-12-06 (an operator's probe): a script's unset variable, ?status=$STATUS,
                // got every session, the filter silently dropped.
                throw new HttpProblem(400, "invalid_query", name + " is given without a value (" + name + "=); give "
                        + "one, or leave the parameter out.");
            }
            values.put(name, parameter.getValue());
        }
        return new ResultsQuery(values);
    }

    /** The parameter's decoded value, or null when it is absent. */
    String get(String name) {
        return values.get(name);
    }
}
