package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** What a client reads for a body that is not JSON: what is wrong in its text, never the parser's own names. */
class JsonErrorTextTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private static String textFor(String body) {
        return JsonErrorText.of(catchThrowableOfType(JsonProcessingException.class, () -> JSON.readTree(body)));
    }

    @Test
    void aDocumentNestedTooDeeplyNamesNoParserSetting() {
        assertThat(textFor("[".repeat(1_500) + "]".repeat(1_500)))
                .isEqualTo("it is nested too deeply, or holds a number or a string too long to read");
    }

    @Test
    void aSecondValueAfterTheFirstNamesNoParserFeature() {
        assertThat(textFor("{\"To\": \"+15551230000\"} {}"))
                .isEqualTo("it holds more than one JSON value; send one object");
    }

    /** The parser's messages for these name the setting that would allow them: the client reads only the mistake. */
    @Test
    void aMistakeTheParserCouldBeSetToAllowNamesNoSetting() {
        assertThat(textFor("{\"To\": +15551234567}")).isEqualTo("Unexpected character ('+' (code 43)) in numeric "
                + "value: JSON spec does not allow numbers to have plus signs");
        assertThat(textFor("{\"To\": NaN}")).doesNotContain("`").doesNotContain("Feature")
                .startsWith("Non-standard token 'NaN'");
        assertThat(textFor("{\"To\": 1} // a comment")).doesNotContain("Feature").doesNotContain("`");
        assertThat(textFor("{")).isEqualTo("Unexpected end-of-input: expected close marker for Object");
    }

    /** Read from bytes, a curly quote where a value starts was "Invalid UTF-8 start byte 0x80" (an author's probe). */
    @Test
    void aCurlyQuoteWhereAValueStartsIsNamed() {
        for (String body : new String[] {"{\"To\": \u201c+15551234567\u201d}", "{\"To\": \u2018x\u2019}",
            "{\"To\": \u00abx\u00bb}", "{\"To\": \uff02x\uff02}"}) {
            assertThat(JsonErrorText.of(catchThrowableOfType(JsonProcessingException.class, () -> JSON.readTree(
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8))))).as(body)
                    .startsWith("it holds a curly or angle quote (“ ” ‘ ’ « »)").doesNotContain("UTF-8");
        }
    }

    @Test
    void aMistakeInTheTextIsDescribedAsTheParserSawIt() {
        assertThat(textFor("{\"To\": x}")).startsWith("Unrecognized token 'x'")
                .doesNotContain("`").doesNotContain("jackson");
    }
}
