package com.surveyrelay.survey;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language a Twilio text-to-speech voice speaks, so that the lint refuses a prompt file whose voice would read
 * its text in another language (German prompts in {@code Polly.Joanna}'s American English). Google voices carry
 * their locale in their name ({@code Google.de-DE-Standard-A}); Amazon Polly voices are listed below, by the primary
 * language of the locale Amazon gives each (Amazon Polly developer guide, "Available voices"). Only the primary
 * language is compared ({@code Polly.Amy}, British English, reads {@code en-US} prompts well enough); a voice not
 * listed is not checked.
 */
final class VoiceLanguages {

    private static final Pattern GOOGLE = Pattern.compile("Google\\.([a-z]{2,3})-[A-Za-z]{2,4}-.*");
    private static final Pattern POLLY = Pattern.compile("Polly\\.([A-Za-z]+)(?:-(?:Neural|Generative|Long-Form))?");
    /** Polly voices by the primary language of their locale, comma-separated. */
    private static final Map<String, String> POLLY_BY_LANGUAGE = Map.ofEntries(
            Map.entry("en", "Ivy, Joanna, Kendra, Kimberly, Salli, Joey, Justin, Kevin, Matthew, Ruth, Stephen, "
                    + "Danielle, Gregory, Amy, Emma, Brian, Arthur, Nicole, Russell, Olivia, Raveena, Geraint, Aria, "
                    + "Ayanda, Niamh"),
            Map.entry("es", "Conchita, Lucia, Enrique, Sergio, Mia, Andres, Lupe, Penelope, Miguel, Pedro"),
            Map.entry("fr", "Celine, Lea, Mathieu, Remi, Chantal, Gabrielle, Liam"),
            Map.entry("de", "Marlene, Vicki, Hans, Daniel, Hannah"),
            Map.entry("it", "Carla, Bianca, Giorgio, Adriano"),
            Map.entry("pt", "Camila, Vitoria, Ricardo, Thiago, Ines, Cristiano"),
            Map.entry("ja", "Mizuki, Takumi, Kazuha, Tomoko"),
            Map.entry("nl", "Lotte, Ruben, Laura"),
            Map.entry("da", "Naja, Mads, Sofie"),
            Map.entry("pl", "Ewa, Maja, Jacek, Jan, Ola"),
            Map.entry("ru", "Tatyana, Maxim"),
            Map.entry("sv", "Astrid, Elin"),
            Map.entry("tr", "Filiz, Burcu"),
            Map.entry("is", "Dora, Karl"),
            Map.entry("ro", "Carmen"),
            Map.entry("cy", "Gwyneth"),
            Map.entry("ko", "Seoyeon"));
    /** Each listed Polly voice's languages; Aditi and Kajal speak Hindi and Indian English. */
    private static final Map<String, Set<String>> POLLY_VOICES = pollyVoices();

    private VoiceLanguages() {
    }

    /**
     * The primary languages (ISO 639, lower case) {@code voice} speaks, such as {@code [de]} for
     * {@code Google.de-DE-Standard-A} or {@code [en]} for {@code Polly.Joanna-Neural}; empty for a voice not known
     * here (Twilio's basic {@code man}, {@code woman}, {@code alice}, and Polly voices not listed).
     */
    static Optional<Set<String>> of(String voice) {
        Matcher google = GOOGLE.matcher(voice);
        if (google.matches()) {
            return Optional.of(Set.of(google.group(1).toLowerCase(Locale.ROOT)));
        }
        Matcher polly = POLLY.matcher(voice);
        return polly.matches() ? Optional.ofNullable(POLLY_VOICES.get(polly.group(1))) : Optional.empty();
    }

    /** True unless {@code voice} is known to speak a language other than the primary language of {@code tag}. */
    static boolean speaks(String voice, String tag) {
        String primary = tag.split("-", 2)[0].toLowerCase(Locale.ROOT);
        return of(voice).map(languages -> languages.contains(primary)).orElse(true);
    }

    private static Map<String, Set<String>> pollyVoices() {
        Map<String, Set<String>> voices = new HashMap<>();
        POLLY_BY_LANGUAGE.forEach((language, names) -> {
            for (String name : names.split(", ")) {
                voices.put(name, Set.of(language));
            }
        });
        voices.put("Aditi", Set.of("hi", "en"));
        voices.put("Kajal", Set.of("hi", "en"));
        return Map.copyOf(voices);
    }
}
