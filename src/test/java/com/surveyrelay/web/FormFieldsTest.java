package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormFieldsTest {

    @Test
    void decodesEachValueAndKeepsTheOrderSent() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("To", "%2B15551230001");
        form.put("Body", "caf%C3%A9+ok");
        form.put("Empty", null);
        assertThat(FormFields.decode(form)).containsExactly(Map.entry("To", "+15551230001"),
                Map.entry("Body", "café ok"), Map.entry("Empty", ""));
    }

    @Test
    void aFieldGivenTwiceIsRefusedByName() {
        assertThatThrownBy(() -> FormFields.decode(Map.of("Body", List.of("1", "2"))))
                .isInstanceOfSatisfying(FormFields.RepeatedFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("Body");
                    assertThat(e).hasMessage("Body is given more than once.");
                });
    }

    @Test
    void aBodyThatIsNotAFormHasNoFields() {
        assertThat(FormFields.decode(null)).isEmpty();
        assertThat(FormFields.decode("To=%2B1555")).isEmpty();
    }
}
