package com.surveyrelay.initiation;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.web.HttpProblem;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A start request's {@code Idempotency-Key} header, as the servlet hands it over (its bytes read as ISO-8859-1), and
 * its unknown fields.
 */
class InitiationRequestsTest {

    private final InitiationRequests requests = new InitiationRequests(new SurveyRelayProperties(
            URI.create("https://relay.example.com"), List.of(), "bucket", "bucket", "bus", "us-east-1", null, null,
            null, null, 0, null, null));

    private StartRequest parse(String idempotencyKey) {
        return requests.parse("{\"To\": \"+15550145513\"}".getBytes(UTF_8), "application/json", null, "sms",
                idempotencyKey);
    }

    /** A header's UTF-8 bytes as the servlet reads them: one ISO-8859-1 character a byte. */
    private static String asTheServletReadsIt(String sent) {
        return new String(sent.getBytes(UTF_8), ISO_8859_1);
    }

    /**
     * "ключ" was refused as holding "a control character" (a newcomer's probe): its UTF-8 bytes read as ISO-8859-1
     * include C1 controls. It is told as characters outside ASCII, with what to send instead; a tab is still a control
     * character, and an ASCII key is taken.
     */
    @Test
    void aKeyOutsideAsciiIsToldForWhatItIs() {
        assertThatThrownBy(() -> parse(asTheServletReadsIt("ключ"))).isInstanceOfSatisfying(HttpProblem.class,
                problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("invalid_idempotency_key");
                    assertThat(problem.getMessage()).isEqualTo("The Idempotency-Key holds characters outside ASCII, "
                            + "which an HTTP header does not carry reliably (RFC 9110 section 5.5); send it in ASCII, "
                            + "or as the event's id in a JSON body.");
                });
        // A Latin-1 letter too: "clé" read as "clÃ©" was another key than "clé" in a JSON body, and started a
        // second survey (2026-12-06).
        assertThatThrownBy(() -> parse(asTheServletReadsIt("clé-2"))).isInstanceOfSatisfying(HttpProblem.class,
                problem -> assertThat(problem.getMessage()).startsWith("The Idempotency-Key holds characters "
                        + "outside ASCII"));
        assertThatThrownBy(() -> parse("a\tb")).isInstanceOfSatisfying(HttpProblem.class, problem ->
                assertThat(problem.getMessage()).startsWith("The Idempotency-Key holds a control character"));
        assertThat(parse("crm-42").idempotencyKey()).isEqualTo("header:crm-42");
    }

    /** A field given under two names, the accepted one and another, is told to drop the other (2026-12-08). */
    @Test
    void aFieldGivenUnderTwoNamesIsToldToDropTheOther() {
        // A form arrives as Camel's platform-http hands it over: a map of the decoded fields.
        for (Object body : List.of("{\"To\": \"+15550145513\", \"to\": \"+15550145513\"}".getBytes(UTF_8),
                java.util.Map.of("To", "+15550145513", "to", "+15550145513"))) {
            String type = body instanceof byte[] ? "application/json" : "application/x-www-form-urlencoded";
            assertThatThrownBy(() -> requests.parse(body, type, null, "sms", null))
                    .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.getMessage())
                            .isEqualTo("Unknown field(s) [to] (to is another name for To, which the request gives "
                                    + "too: drop it); the accepted fields are To, defaultLanguage, surveyId and "
                                    + "timeZone."));
        }
    }
}
