package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A body of 450 odd keys was echoed whole in its refusal, 9,914 bytes with a raw U+202E that reversed the text in a
 * terminal (a breaker's probe, 2026-12-07): five are named, as printable ASCII, then how many more.
 */
class UnknownFieldNamesTest {

    @Test
    void aFewAreNamedAsTheyAre() {
        assertThat(UnknownFieldNames.listed(List.of("to", "lang"))).isEqualTo("[to, lang]");
    }

    /**
     * A bus message's and a campaign's names ({@code to}, {@code language}) sent to the HTTP start were told only that
     * they were unknown (a newcomer's probe, 2026-12-07).
     */
    @Test
    void theFieldMeantIsNamed() {
        assertThat(UnknownFieldNames.meant(List.of("to", "language", "colour"), List.of("To", "defaultLanguage"),
                java.util.Map.of("language", "defaultLanguage"), List.of("to", "language", "colour")))
                .isEqualTo(" (did you mean To for to, defaultLanguage for language?)");
        assertThat(UnknownFieldNames.meant(List.of("colour"), List.of("To"), java.util.Map.of(), List.of("colour")))
                .isEmpty();
    }

    /**
     * A request that gives the accepted field beside another name of it is told to drop the other: "did you mean To
     * for to?" sent a developer who gave both looking for a mistake in {@code To} (a carried gap, until 2026-12-08).
     */
    @Test
    void anotherNameOfAFieldGivenTooIsToldToGo() {
        assertThat(UnknownFieldNames.meant(List.of("to"), List.of("To", "defaultLanguage"), java.util.Map.of(),
                List.of("To", "to"))).isEqualTo(" (to is another name for To, which the request gives too: drop it)");
        assertThat(UnknownFieldNames.meant(List.of("language", "to"), List.of("To", "defaultLanguage"),
                java.util.Map.of("language", "defaultLanguage"), List.of("To", "to", "language")))
                .isEqualTo(" (did you mean defaultLanguage for language? to is another name for To, which the request "
                        + "gives too: drop it)");
    }

    @Test
    void manyAreCountedAndOddCharactersShownAsQuestionMarks() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            names.add("k" + i + "\u0000\u001b[2J\u202e");
        }
        String listed = UnknownFieldNames.listed(names);
        assertThat(listed).isEqualTo("[k0??[2J?, k1??[2J?, k2??[2J?, k3??[2J?, k4??[2J?] and 445 more");
        assertThat(UnknownFieldNames.listed(List.of("x".repeat(100)))).isEqualTo("[" + "x".repeat(40) + "...]");
    }
}
