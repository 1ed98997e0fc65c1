package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** A body already read is handed on: as the same bytes, and as text in the charset the next handler is told. */
class ReadBodyRequestTest {

    private static String text(BufferedReader reader) throws Exception {
        StringBuilder text = new StringBuilder();
        char[] chunk = new char[100];
        for (int read = reader.read(chunk); read >= 0; read = reader.read(chunk)) {
            text.append(chunk, 0, read);
        }
        return text.toString();
    }

    @Test
    void readsTheBodyAsTextInTheCharsetItIsHandedOnWith() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/sms/webhook");
        request.setContentType("application/x-www-form-urlencoded; charset=ISO-8859-1");
        byte[] utf8 = "Body=été&Lang=日本語".getBytes(StandardCharsets.UTF_8);

        ReadBodyRequest handedOn = new ReadBodyRequest(request, utf8,
                "application/x-www-form-urlencoded;charset=UTF-8");
        assertThat(text(handedOn.getReader())).isEqualTo("Body=été&Lang=日本語");
        assertThat(handedOn.getInputStream().readAllBytes()).isEqualTo(utf8);

        byte[] latin1 = "Body=été".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(text(new ReadBodyRequest(request, latin1).getReader())).isEqualTo("Body=été");
    }

    @Test
    void readsUtf8WhenNoCharsetIsNamedAndReplacesBytesNotValidInIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/sms/webhook");
        request.setContentType("application/x-www-form-urlencoded");
        byte[] body = {'B', '=', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF};
        assertThat(text(new ReadBodyRequest(request, body).getReader())).isEqualTo("B=é\uFFFD");
    }

    @Test
    void readsABodyLongerThanTheReadersBufferWholeAndAnEmptyOne() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/sms/initiate-sms");
        request.setContentType("application/json");
        String json = "{\"To\":\"+15551230001\",\"note\":\"" + "x".repeat(20_000) + "\"}";
        assertThat(text(new ReadBodyRequest(request, json.getBytes(StandardCharsets.UTF_8)).getReader()))
                .isEqualTo(json);
        assertThat(new ReadBodyRequest(request, new byte[0]).getReader().readLine()).isNull();
    }
}
