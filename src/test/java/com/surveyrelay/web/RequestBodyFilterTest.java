package com.surveyrelay.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/** The charset re-encoding {@link RequestBodyFilter} applies before Camel's binding reads a body. */
class RequestBodyFilterTest {

    @Test
    void aUtf16JsonBodyWithItsByteOrderMarkBecomesUtf8WithoutOne() {
        byte[] utf16 = "{\"surveyId\":\"café\"}".getBytes(UTF_16);

        assertThat(RequestBodyFilter.textAsUtf8(utf16, UTF_16))
                .hasValueSatisfying(utf8 -> assertThat(new String(utf8, UTF_8)).isEqualTo("{\"surveyId\":\"café\"}"));
    }

    @Test
    void aBodyThatIsNotValidInItsDeclaredCharsetIsRefused() {
        byte[] oddLength = {(byte) 0xFE, (byte) 0xFF, 0, '{', 0};

        assertThat(RequestBodyFilter.textAsUtf8(oddLength, UTF_16)).isEmpty();
        assertThat(RequestBodyFilter.textAsUtf8(new byte[] {(byte) 0x81}, Charset.forName("windows-1252"))).isEmpty();
    }

    @Test
    void aLatin1FormKeepsItsFieldsAndEscapesThemInUtf8() {
        byte[] latin1 = "From=%2B15550001234&Body=caf%E9+cr%E8me".getBytes(ISO_8859_1);

        assertThat(RequestBodyFilter.formAsUtf8(latin1, ISO_8859_1)).hasValueSatisfying(utf8 -> {
            String form = new String(utf8, UTF_8);
            assertThat(form).isEqualTo("From=%2B15550001234&Body=caf%C3%A9+cr%C3%A8me");
            assertThat(RequestBodyFilter.isValidForm(utf8)).isTrue();
        });
    }

    @Test
    void aFormWithABrokenEscapeOrRawHighBytesIsRefused() {
        assertThat(RequestBodyFilter.formAsUtf8("Body=%zz".getBytes(ISO_8859_1), ISO_8859_1)).isEmpty();
        assertThat(RequestBodyFilter.formAsUtf8("Body=%E".getBytes(ISO_8859_1), ISO_8859_1)).isEmpty();
        assertThat(RequestBodyFilter.formAsUtf8(new byte[] {'B', '=', (byte) 0xE9}, ISO_8859_1)).isEmpty();
        assertThat(RequestBodyFilter.formAsUtf8("novalue".getBytes(ISO_8859_1), ISO_8859_1)).isEmpty();
    }
}
