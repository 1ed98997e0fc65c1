package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.VoicePaths;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** What {@link RequestBodyFilter} logs when it refuses a POST: the path, never a number the caller put in it. */
class RequestBodyFilterLogTest {

    private final RequestBodyFilter filter = new RequestBodyFilter(new SurveyRelayProperties(
            URI.create("https://relay.example.com"), List.of(), "bucket", "bucket", "bus", "us-east-1", null, null,
            null, null, 0, null, null), new VoicePaths("/voice/webhook", "/voice/status", "/voice/incoming"));

    /**
     * An unsigned POST to {@code /sms/webhook/+15550140424} (a number put in the path, as a client generator may) is
     * refused {@code 403 invalid_signature}, as every path under {@code /sms/} but the start's (and its mistyped
     * forms, {@code 404}) is; its WARN line quoted the path, number and all.
     */
    @Test
    void aRefusedPathIsLoggedWithItsNumberMasked() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<ILoggingEvent> lines = logged(() -> post("/sms/webhook/+15550140424", "application/json",
                "{\"To\": \"+15550140424\"}".getBytes(StandardCharsets.UTF_8), response));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).contains("\"error\":\"invalid_signature\"");
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage())
                    .isEqualTo("Refused a POST to /sms/webhook/***0424: 403 invalid_signature");
        });
    }

    /**
     * A Latin-1 form with a raw byte outside ASCII is refused for the escape it lacks: "not valid ISO-8859-1" was
     * said though every byte is (an integration engineer's probe, 2026-12-06).
     */
    @Test
    void aLatin1FormWithARawHighByteIsToldToEscapeIt() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        post("/sms/initiate-sms", "application/x-www-form-urlencoded; charset=ISO-8859-1",
                "To=%2B15550163471&surveyId=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), response);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("\"error\":\"invalid_form\"")
                .contains("not valid URL-encoded ISO-8859-1").contains("every byte outside ASCII is escaped (%E9)");
    }

    private void post(String path, String contentType, byte[] body, MockHttpServletResponse response)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContentType(contentType);
        request.setContent(body);
        filter.doFilter(request, response, new MockFilterChain());
    }

    private static List<ILoggingEvent> logged(com.surveyrelay.LoggedLines.Action action) throws Exception {
        return com.surveyrelay.LoggedLines.during(RequestBodyFilter.class, action);
    }
}
