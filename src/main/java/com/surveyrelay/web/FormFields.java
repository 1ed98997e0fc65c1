package com.surveyrelay.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an {@code application/x-www-form-urlencoded} body as Camel's platform-http hands them over: a map
 * whose values are still percent-encoded, and a {@link List} for a field given more than once. Twilio's webhooks
 * and the initiation endpoints read their forms through this one decoder. The bytes were checked to be valid
 * percent-encoded UTF-8 before ({@link RequestBodyFilter}), so decoding cannot fail here.
 */
public final class FormFields {

    private FormFields() {
    }

    /** A field given more than once: which value counts is ambiguous, so the form is refused. */
    public static final class RepeatedFieldException extends IllegalArgumentException {

        private final String field;

        RepeatedFieldException(String field) {
            super(field + " is given more than once.");
            this.field = field;
        }

        /** The repeated field's name, as sent. */
        public String field() {
            return field;
        }
    }

    /**
     * Every value of every field, a repeated field's in the order sent: for checking the signature of a form that
     * {@link #decode} refuses.
     *
     * @param body platform-http's form map; anything else (no body, a body of another type) has no fields
     * @return each field's decoded values by name, in the order sent; a field without a value is {@code [""]}
     */
    public static Map<String, List<String>> decodeAll(Object body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> form) {
            form.forEach((name, value) -> fields.put(name.toString(), (value instanceof List<?> values ? values
                    : java.util.Collections.singletonList(value)).stream().map(FormFields::decoded).toList()));
        }
        return fields;
    }

    private static String decoded(Object value) {
        return value == null ? "" : URLDecoder.decode(value.toString(), StandardCharsets.UTF_8);
    }

    /**
     * @param body platform-http's form map; anything else (no body, a body of another type) has no fields
     * @return each field's decoded value by name, in the order sent; a field without a value is {@code ""}
     * @throws RepeatedFieldException when a field is given more than once
     */
    public static Map<String, String> decode(Object body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!(body instanceof Map<?, ?> form)) {
            return fields;
        }
        for (Map.Entry<?, ?> entry : form.entrySet()) {
            if (entry.getValue() instanceof List<?>) {
                throw new RepeatedFieldException(entry.getKey().toString());
            }
            fields.put(entry.getKey().toString(), decoded(entry.getValue()));
        }
        return fields;
    }
}
