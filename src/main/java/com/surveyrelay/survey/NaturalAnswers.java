package com.surveyrelay.survey;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a respondent typed (SMS) or said (a Twilio speech transcription) into a typed answer, in English,
 * Spanish and French. People answer "I'd say 4", "Le doy un 7", "Sí, claro" or "par téléphone" rather than the bare
 * "4", "7", "1" or "phone" a survey asks for, and a re-ask for each of them costs a message and patience.
 *
 * <p>The one rule that outweighs convenience: an answer that could be read two ways is not read at all. Every
 * method returns {@link Optional#empty()} for it, and the caller re-asks with the expected form; a wrong answer
 * stored silently is worse than one more question.
 *
 * <p>A language is named by its tag ({@code en-US}, {@code es-MX}, {@code fr-CA}); only the primary subtag counts, so
 * {@code es-ES} reads like {@code es-MX}, and a language other than Spanish and French (or none) reads English
 * words only.
 */
public final class NaturalAnswers {

    /**
     * One option of a choice question in one language.
     *
     * @param value  what is stored when the option is chosen; required
     * @param key    the digit to press or the text to send that picks it exactly, such as {@code "1"}; may be null
     * @param labels words or phrases that name the option anywhere in a reply, such as {@code ["phone",
     *               "telephone", "by phone"]}; null means none
     */
    public record ChoiceLabels(String value, String key, List<String> labels) {

        public ChoiceLabels {
            Objects.requireNonNull(value, "value");
            labels = labels == null ? List.of() : labels.stream().filter(Objects::nonNull).toList();
        }
    }

    private enum Meaning { YES, NO, UNSURE }

    /** More digits than this before the decimal point is a phone number or an account number, not an answer. */
    private static final int MAX_DIGITS = 9;
    /** How many words before a yes, a no or a label are searched for a word that negates it. */
    private static final int NEGATION_REACH = 2;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /**
     * A number ("7", "1.500,25"), a word or a slash. Possessive: a greedy group repeated once per "1." recursed once
     * per repeat, and a voice or WhatsApp answer of 1,900 of them overflowed a request thread's stack (a 500).
     */
    private static final Pattern TOKEN = Pattern.compile("-?[0-9]++(?:[.,][0-9]++)*+|\\p{L}++|/");
    private static final Pattern JOINING_GAP = Pattern.compile("[\\s-]*");
    private static final Pattern SPACE_GAP = Pattern.compile("\\s*");
    /** What may stand between an answer and the words naming its scale: blanks and an opening bracket. */
    private static final Pattern GAP_OPENING_SCALE = Pattern.compile("\\s*[(\\[]?\\s*");
    /** Digits on both sides of a colon: a time ("5:30") or a ratio ("5:5"), no answer. */
    private static final Pattern COLON_BETWEEN_DIGITS = Pattern.compile("[0-9]\\s*:\\s*[0-9]");
    private static final Pattern WHOLE = Pattern.compile("[0-9]+");
    private static final Pattern DOT_DECIMAL = Pattern.compile("[0-9]+\\.[0-9]+");
    private static final Pattern ENGLISH_THOUSANDS = Pattern.compile("[0-9]{1,3}(?:,[0-9]{3})++(?:\\.[0-9]++)?");
    /** "7,5" or "7.5"; three digits after the mark ("1.500", "1,500") may be a thousands separator in es and fr. */
    private static final Pattern LOCAL_DECIMAL = Pattern.compile("[0-9]+[.,](?:[0-9]{1,2}|[0-9]{4,})");
    private static final Pattern TRAILING_MARKS = Pattern.compile("[.!]+$");

    /** Spanish and French articles that are also the number one. English "a" and "an" never are. */
    private static final Set<String> ARTICLES = Set.of("un", "une", "uno", "una");
    /** What may stand between an answer and its scale: "5 stars out of 5", "une étoile sur cinq". */
    private static final Set<String> SCALE_UNITS =
            Set.of("star", "stars", "points", "estrella", "estrellas", "puntos", "etoile", "etoiles");
    private static final Map<AnswerLanguage, Set<List<String>>> SCALE_CONNECTORS = Map.of(
            AnswerLanguage.EN, Set.of(List.of("/"), List.of("out", "of"), List.of("of")),
            AnswerLanguage.ES, Set.of(List.of("/"), List.of("de"), List.of("sobre")),
            AnswerLanguage.FR, Set.of(List.of("/"), List.of("sur")));
    /**
     * Words that change a number into one this class does not read: halves and word decimals ("seven and a half",
     * "point five"), signs in words ("minus three", "más o menos 7", "au moins 8"), ordinals ("the second one") and
     * "a little" ("un peu", "un poco", which would otherwise read as the number one), approximate quantities ("una
     * docena", "une vingtaine", "un par de veces"). Reading the number next to them
     * would be a wrong answer, so the reply is not read.
     */
    private static final Set<String> NOT_A_PLAIN_NUMBER = Set.of(
            "half", "halves", "quarter", "quarters", "point", "minus", "negative",
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "medio", "media", "cuarto", "cuarta", "punto", "coma", "menos",
            "primer", "primero", "primera", "segundo", "segunda", "tercer", "tercero", "tercera", "quinto", "quinta",
            "demi", "demie", "quart", "virgule", "moins",
            "premier", "premiere", "deuxieme", "seconde", "troisieme", "quatrieme", "cinquieme",
            "peu", "poco", "poquito",
            // Approximate quantities: "una docena", "une vingtaine", "un par de veces", "a couple" are not 1.
            "dozen", "dozens", "couple", "docena", "docenas", "decena", "decenas", "veintena", "par",
            "dizaine", "douzaine", "quinzaine", "vingtaine", "trentaine", "centaine", "centaines");

    /**
     * Words that make any number in the reply a bound rather than the answer: comparisons ("less than 5", "at least
     * 8", "10 or more", "más de 5", "au plus 5", "jusqu'à 7") and "almost" ("almost 9", "casi 9", "presque 9"), which
     * says the answer is below the number. Reading the number next to them would store a guess. Estimates ("about
     * 10", "unos 10", "environ 10") are the respondent's own answer and are read.
     */
    private static final Set<String> NOT_EXACT = Set.of(
            "less", "more", "fewer", "than", "least", "most", "plus", "almost", "nearly",
            "mas", "casi",
            "presque", "quasiment", "jusqu", "jusque");
    /**
     * Words common in other senses that make a number a bound when they stand right before it: "over 8", "under 3",
     * "up to 7", "anything but 3", "hasta 7", "encima de 5", "au-dessus de 5".
     */
    private static final Set<String> BOUND_BEFORE = Set.of(
            "over", "under", "above", "below", "beyond", "up", "max", "maximum", "minimum", "but",
            "hasta", "encima", "debajo", "mayor", "menor", "maximo", "minimo",
            "dessus", "dessous", "superieur", "inferieur");
    /**
     * Words that may stand between a negating or bounding word and its number: "not a 10", "up to 7", "encima de 5".
     */
    private static final Set<String> NUMBER_ARTICLES = Set.of("a", "an", "the", "un", "une", "uno", "una", "el",
            "le", "la", "de", "to");
    /** "10+", "5 +": a lower bound, not an answer. */
    private static final Pattern PLUS_AFTER_NUMBER = Pattern.compile("[0-9]\\s*\\+");

    private static final String EN_YES = "yes, yeah, yep, yup, y, sure, of course, absolutely, definitely, correct, "
            + "right, ok, okay, all right, alright, no problem, why not";
    private static final String EN_NO = "no, nope, nah, n, not really, never, not at all, of course not, "
            + "absolutely not, definitely not, certainly not";
    private static final String EN_UNSURE = "not sure, no idea, dont know, don't know, do not know, dunno, maybe, "
            + "perhaps, not certain, n/a";
    private static final String ES_YES = "sí, si, claro, claro que sí, por supuesto, desde luego, vale, correcto, "
            + "ok, no hay problema, sin problema, por qué no";
    private static final String ES_NO = "no, nunca, jamás, para nada, en absoluto, claro que no, por supuesto que no, "
            + "desde luego que no";
    private static final String ES_UNSURE = "no sé, no lo sé, quizás, quizá, tal vez, a lo mejor, no estoy seguro, "
            + "no estoy segura";
    private static final String FR_YES = "oui, ouais, bien sûr, d'accord, exact, ok, absolument, pas de problème, "
            + "pas de souci, pas de soucis, pourquoi pas";
    private static final String FR_NO = "non, pas du tout, jamais, pas vraiment, bien sûr que non, absolument pas, "
            + "certainement pas, pas d'accord";
    private static final String FR_UNSURE = "je ne sais pas, je sais pas, ne sais pas, sais pas, peut-être, pas sûr, "
            + "pas sûre, aucune idée";
    /** "Y" is Spanish for "and" and French for "there", and "n" is French "n'": English borrows them to no one. */
    private static final Set<String> ENGLISH_ONLY = Set.of("y", "n");
    private static final Map<AnswerLanguage, Map<List<String>, Set<Meaning>>> YES_NO_WORDS = yesNoWords();
    /** Words that turn the yes, no or label right after them around: "not sure", "pas exact", "no por teléfono". */
    private static final Set<String> NEGATORS = Set.of(
            "not", "no", "never", "t", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "cant", "cannot", "wont",
            "without", "except", "ni", "nunca", "sin", "excepto", "salvo", "pas", "ne", "n", "jamais", "sans", "sauf");

    /**
     * Words that may stand before an option's number and change nothing: "option two", "the number 2", "la dos"
     * (Spanish leaves "opción" out), "el número dos", "le deux", "l'option deux" ("l'" normalises to "l").
     */
    private static final Map<AnswerLanguage, Set<String>> KEY_LEADS = Map.of(
            AnswerLanguage.EN, Set.of("option", "number", "choice", "the"),
            AnswerLanguage.ES, Set.of("la", "el", "opcion", "numero"),
            AnswerLanguage.FR, Set.of("la", "le", "l", "option", "numero", "choix"));
    /** How many lead words may stand before the number: "the number two", "la opción dos", "l'option deux". */
    private static final int MAX_KEY_LEADS = 2;
    /** More digits than this are no option's key (a choice has at most nine options): a phone or account number. */
    private static final int MAX_KEY_DIGITS = 2;

    private NaturalAnswers() {
    }

    /**
     * A number read from a reply: digits, or number words of the language.
     *
     * <ul>
     *   <li>Digits may have words around them ("5 stars", "I'd say 4", "10!", "Le doy un 7"). A minus directly
     *   before the digits and not after a letter or digit makes them negative ("-3"; "3-4" is two numbers).
     *   "7.5" is a decimal in every language; "7,5" is one in Spanish and French and ambiguous in English, where
     *   "1,000" is one thousand. In Spanish and French three digits after the mark ("1.500", "1,500") may be a
     *   thousands separator, so they are ambiguous. Digits glued to letters ("4th", "5stars", "covid-19"), a bare
     *   ".5" and more than {@value #MAX_DIGITS} digits before the point (a phone number) are not read.
     *   <li>Number words from 0 to 100 (and the hundreds above, "ciento uno", "cent deux"), with spaces or hyphens:
     *   English "twenty one", "a hundred and five"; Spanish "dieciséis", "diez y seis", "treinta y uno", "cien";
     *   French "dix-sept", "vingt et un", "soixante-et-onze", "quatre-vingt-dix-neuf", "cent". Only the reply's
     *   language's words are read; words split by punctuation ("twenty, one") are two numbers.
     *   <li>Spanish and French "un", "une", "uno", "una" are the number 1 when no other number is in the reply
     *   ("un", "je donne une étoile"), and an article when one stands directly before the number ("un 7" is 7); any
     *   other mix ("une étoile, pas cinq") is ambiguous. English "a" and "an" are never numbers, "one" always is.
     *   <li>"N out of M", "N of M", "N/M" (every language), "N de M", "N sobre M" (Spanish) and "N sur M" (French),
     *   with at most a unit word after N ("5 stars out of 5"), read N: M is the scale. M smaller than N, or a chain
     *   ("4/5/2024"), is ambiguous, and so is an M other than the question's end when the caller gives it. The
     *   scale may be in brackets ("5 (out of 5)"), and a division slash ("5∕5") is a slash. Digits on both sides of
     *   a colon ("5:5", "5:30") are a ratio or a time: the reply is empty.
     *   <li>Exactly one number, or the same number repeated apart ("5, 5!"), is the answer. None, two different
     *   numbers ("4 or 5", "between 3 and 4") or two numbers side by side ("3 4", "5 5", "twenty twenty") is empty.
     *   So is a reply with a half, a word decimal, a sign in words or an ordinal ("seven and a half", "minus 3",
     *   "the second one"): ordinals and times are not read.
     *   <li>A number that is a bound, not the answer, is empty: after a negating word ("not 5", "definitely not a 10",
     *   "pas 5"), with a comparison anywhere ("less than five", "at least 8", "10 or more", "10+", "almost 9", "más
     *   de 5", "casi 9", "au plus 5") or right before it ("over 8", "up to 7", "anything but 3", "hasta 7"). An
     *   estimate is the respondent's answer ("about 10", "unos 10", "environ 4" read 10, 10 and 4), and a negation
     *   set apart by punctuation is not about the number ("No, 5" reads 5).
     * </ul>
     *
     * @param reply           what the respondent typed or said; null or blank gives empty
     * @param languageTag     the survey language, such as {@code "es-MX"}; null reads English
     * @param decimalsAllowed false makes a number that is not whole empty (it is never rounded); "7.0" is whole
     * @return the number, whole numbers with scale 0 ("7.0" gives 7, "100" gives 100) and decimals without trailing
     *         zeros ("7.50" gives 7.5); empty when there is no number or more than one reading
     */
    public static Optional<BigDecimal> number(String reply, String languageTag, boolean decimalsAllowed) {
        return number(reply, languageTag, decimalsAllowed, null);
    }

    /**
     * A number as {@link #number(String, String, boolean)} reads it, on a question whose scale ends at
     * {@code scaleEnd}: a reply that names another scale ("5/5", "4 out of 5" on a 0 to 10 question; "5/10" on 1 to
     * 5) is empty, as the number means something else on it, and the caller asks again.
     *
     * @param scaleEnd the question's highest answer; null takes any scale
     */
    public static Optional<BigDecimal> number(String reply, String languageTag, boolean decimalsAllowed,
            BigDecimal scaleEnd) {
        if (reply == null || reply.isBlank()) {
            return Optional.empty();
        }
        AnswerLanguage language = AnswerLanguage.of(languageTag);
        String text = fold(reply);
        if (text.indexOf('\u2044') >= 0) {
            return Optional.empty(); // "½" folds to "1⁄2"
        }
        if (text.indexOf('\u066B') >= 0 || text.indexOf('\u066C') >= 0) {
            return Optional.empty(); // Arabic decimal and thousands separators: "5٫5" is not 5, 5
        }
        if (COLON_BETWEEN_DIGITS.matcher(text).find()) {
            return Optional.empty();
        }
        Optional<List<Token>> read = tokens(text, language);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<Token> tokens = read.get();
        if (PLUS_AFTER_NUMBER.matcher(text).find() || tokens.stream().anyMatch(token -> token.isWord()
                && (NOT_A_PLAIN_NUMBER.contains(token.word()) || NOT_EXACT.contains(token.word())))) {
            return Optional.empty();
        }
        List<BigDecimal> scales = new ArrayList<>();
        Optional<List<Reading>> answers = answers(tokens, readings(tokens, language), language, scales);
        if (scaleEnd != null && scales.stream().anyMatch(named -> named.compareTo(scaleEnd) != 0)) {
            return Optional.empty();
        }
        if (answers.isEmpty() || answers.get().isEmpty()
                || answers.get().stream().anyMatch(answer -> numberNegated(tokens, answer.start()))) {
            return Optional.empty();
        }
        BigDecimal value = answers.get().get(0).value();
        if (answers.get().stream().anyMatch(answer -> answer.value().compareTo(value) != 0)) {
            return Optional.empty();
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0) {
            return decimalsAllowed ? Optional.of(stripped) : Optional.empty();
        }
        return Optional.of(stripped.setScale(0));
    }

    /**
     * Yes or no, read from a reply.
     *
     * <ul>
     *   <li>The reply is {@link Replies#normalise normalised} and searched for whole words and phrases, the longest
     *   first from the left, so a phrase's words do not count again on their own: "not really" and "pas vraiment"
     *   are no, "no problem", "pas de problème" and "por qué no" are yes, "claro que no" is no.
     *   <li>Words: English yes (yes, yeah, yep, yup, y, sure, of course, absolutely, definitely, correct, right, ok,
     *   okay, all right) and no (no, nope, nah, n, not really, never, not at all, absolutely not); Spanish sí/si,
     *   claro, por supuesto, desde luego, vale, correcto, ok and no, nunca, jamás, para nada, en absoluto; French
     *   oui, ouais, bien sûr, d'accord, exact, ok, absolument and non, pas du tout, jamais, pas vraiment. Spanish and
     *   French replies also understand the English words but "y" and "n" (Spanish "and", French "there" and "n'");
     *   English replies understand no Spanish or French but "si", "oui" and "non", which every language
     *   understands. The extra words are added for this call.
     *   <li>A reply that is exactly "1" is yes and exactly "2" is no (the keypad); trailing "." and "!" are ignored.
     *   <li>Empty: nothing recognised; a yes and a no together ("yes no", "no... well yes"); a doubt ("not sure",
     *   "maybe", "no sé", "je ne sais pas", "n/a"); a yes or no with a negating word up to {@value #NEGATION_REACH}
     *   words before it ("not right", "ce n'est pas exact").
     * </ul>
     *
     * @param reply          what the respondent typed or said; null or blank gives empty
     * @param languageTag    the survey language, such as {@code "fr-CA"}; null reads English
     * @param extraYesWords  more words or phrases that mean yes in this question, normalised like the reply; may be
     *                       null
     * @param extraNoWords   more words or phrases that mean no; a word in both lists makes a reply with it empty
     * @return true for yes, false for no, empty otherwise
     */
    public static Optional<Boolean> yesNo(String reply, String languageTag, Collection<String> extraYesWords,
            Collection<String> extraNoWords) {
        if (reply == null || reply.isBlank()) {
            return Optional.empty();
        }
        String typed = typed(reply);
        if (typed.equals("1") || typed.equals("2")) {
            return Optional.of(typed.equals("1"));
        }
        Map<List<String>, Set<Meaning>> phrases = new HashMap<>(YES_NO_WORDS.get(AnswerLanguage.of(languageTag)));
        addPhrases(phrases, extraYesWords, Meaning.YES);
        addPhrases(phrases, extraNoWords, Meaning.NO);
        List<String> words = words(Replies.normalise(reply));
        List<Found<Meaning>> found = find(words, phrases);
        boolean yes = false;
        boolean no = false;
        for (int index = 0; index < found.size(); index++) {
            Set<Meaning> meanings = found.get(index).meanings();
            if (meanings.contains(Meaning.UNSURE) || negated(words, found, index)) {
                return Optional.empty();
            }
            yes |= meanings.contains(Meaning.YES);
            no |= meanings.contains(Meaning.NO);
        }
        return yes == no ? Optional.empty() : Optional.of(yes);
    }

    /**
     * The value of the one option the reply names by its key or one of its labels.
     *
     * <ul>
     *   <li>A reply equal to an option's key, ignoring case, surrounding blanks and trailing "." and "!", picks that
     *   option ("1", "2.", " 3! ").
     *   <li>A whole-number key also picks its option when the reply is nothing but that number, in digits or in the
     *   language's number words (as {@link #number} reads them), after at most two lead words (English "option",
     *   "number", "choice", "the"; Spanish "la", "el", "opción", "número"; French "la", "le", "l'", "option",
     *   "numéro", "choix"): "two", "option two", "number 2", "dos", "la dos", "la opción dos", "deux", "le deux",
     *   "l'option deux". Prompts list options by their keys ("1 website, 2 app…"), and people
     *   answer with the number as they heard it. Any other word with the number ("two apps", "not two", "two or
     *   three", "the second one") makes it no key: the reply is read by its labels alone.
     *   <li>Otherwise the {@link Replies#normalise normalised} labels are searched in the normalised reply as whole
     *   words and phrases, the longest first from the left, so a longer label wins over a shorter one inside it
     *   (with options "card" and "credit card", "credit card" names only the second).
     *   <li>Labels and a key said in words of exactly one option pick it. Labels of two or more options, a number
     *   key and the label of another option, no label, a key or label shared by two options, or a label with a
     *   negating word up to {@value #NEGATION_REACH} words before it ("not by phone", "pas par téléphone") give
     *   empty.
     * </ul>
     *
     * @param reply       what the respondent typed or said; null or blank gives empty
     * @param languageTag the survey language, such as {@code "es-MX"}, for number words; null reads English
     * @param options     the question's options in the reply's language; null or empty gives empty
     * @return the chosen option's value, or empty
     */
    public static Optional<String> choice(String reply, String languageTag, List<ChoiceLabels> options) {
        if (reply == null || reply.isBlank() || options == null) {
            return Optional.empty();
        }
        List<ChoiceLabels> known = options.stream().filter(Objects::nonNull).toList();
        String typed = typed(reply);
        List<ChoiceLabels> byKey = known.stream()
                .filter(option -> option.key() != null && option.key().strip().equalsIgnoreCase(typed))
                .toList();
        if (!byKey.isEmpty()) {
            return byKey.size() == 1 ? Optional.of(byKey.get(0).value()) : Optional.empty();
        }
        Map<List<String>, Set<Integer>> labels = new HashMap<>();
        for (int index = 0; index < known.size(); index++) {
            for (String label : known.get(index).labels()) {
                List<String> phrase = words(Replies.normalise(label));
                if (!phrase.isEmpty()) {
                    labels.computeIfAbsent(phrase, unused -> new TreeSet<>()).add(index);
                }
            }
        }
        List<String> words = words(Replies.normalise(reply));
        List<Found<Integer>> found = find(words, labels);
        Set<Integer> named = new TreeSet<>();
        for (int index = 0; index < found.size(); index++) {
            if (negated(words, found, index)) {
                return Optional.empty();
            }
            named.addAll(found.get(index).meanings());
        }
        if (!named.isEmpty() && numberNamesAnotherOption(words, AnswerLanguage.of(languageTag), known, named)) {
            return Optional.empty(); // "option two, by phone": a key and another option's label
        }
        keyInWords(words, AnswerLanguage.of(languageTag)).ifPresent(number -> {
            for (int index = 0; index < known.size(); index++) {
                String key = known.get(index).key();
                if (key != null && WHOLE.matcher(key.strip()).matches()
                        && new BigDecimal(key.strip()).intValue() == number) {
                    named.add(index);
                }
            }
        });
        return named.size() == 1 ? Optional.of(known.get(named.iterator().next()).value()) : Optional.empty();
    }

    /**
     * True when the reply holds a whole number, in digits or in the language's number words (not an article such as
     * "un"), that is the key of an option its labels did not name.
     */
    private static boolean numberNamesAnotherOption(List<String> words, AnswerLanguage language,
            List<ChoiceLabels> options, Set<Integer> named) {
        Set<Integer> numbers = new TreeSet<>();
        for (int at = 0; at < words.size(); at++) {
            String word = words.get(at);
            if (word.length() <= MAX_KEY_DIGITS && WHOLE.matcher(word).matches()) {
                numbers.add(Integer.valueOf(word));
                continue;
            }
            NumberWords.Said said = NumberWords.said(language, words, at);
            if (said != null && !(said.length() == 1 && ARTICLES.contains(word))) {
                numbers.add(said.value());
                at += said.length() - 1;
            }
        }
        for (int index = 0; index < options.size(); index++) {
            String key = options.get(index).key();
            if (!named.contains(index) && key != null && key.strip().length() <= MAX_KEY_DIGITS
                    && WHOLE.matcher(key.strip()).matches() && numbers.contains(Integer.valueOf(key.strip()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The whole number the normalised reply consists of, after its lead words: digits or the language's number
     * words. Empty when any other word is there, or there is no number.
     */
    private static Optional<Integer> keyInWords(List<String> words, AnswerLanguage language) {
        int at = 0;
        while (at < words.size() && at < MAX_KEY_LEADS && KEY_LEADS.get(language).contains(words.get(at))) {
            at++;
        }
        if (at == words.size()) {
            return Optional.empty();
        }
        List<String> rest = words.subList(at, words.size());
        if (rest.size() == 1 && rest.get(0).length() <= MAX_KEY_DIGITS && WHOLE.matcher(rest.get(0)).matches()) {
            return Optional.of(Integer.valueOf(rest.get(0)));
        }
        NumberWords.Said said = NumberWords.said(language, rest, 0);
        return said != null && said.length() == rest.size() ? Optional.of(said.value()) : Optional.empty();
    }

    // ---- numbers

    /** A word, a "/" or a number, with the characters between it and the token before it. */
    private record Token(String word, BigDecimal number, String gapBefore) {

        boolean isWord() {
            return word != null && Character.isLetter(word.charAt(0));
        }

        boolean joinedToPrevious() {
            return JOINING_GAP.matcher(gapBefore).matches();
        }
    }

    /** A number found in tokens [start, end). */
    private record Reading(BigDecimal value, int start, int end, boolean article) {
    }

    /** Lower case without accents, punctuation kept (unlike {@link Replies#normalise}, which drops "." and "-"). */
    private static String fold(String text) {
        // NFKD leaves the division slash (U+2215), the big solidus (U+29F8) and the ratio sign (U+2236) alone:
        // "5∕5" is "5/5", and "5∶5" is "5:5".
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD).replace('\u2215', '/')
                .replace('\u29F8', '/').replace('\u2236', ':');
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** The reply's tokens, or empty when one of its digit runs cannot be read with one meaning. */
    private static Optional<List<Token>> tokens(String text, AnswerLanguage language) {
        List<Token> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        int previousEnd = 0;
        while (matcher.find()) {
            int start = matcher.start();
            String found = matcher.group();
            boolean afterLetter = false;
            if (found.charAt(0) == '-' && start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
                afterLetter = Character.isLetter(text.charAt(start - 1)); // "covid-19" is a name
                start++; // and "3-4" a range: neither has a minus sign
                found = found.substring(1);
            }
            String gap = text.substring(previousEnd, start);
            previousEnd = matcher.end();
            if (!Character.isDigit(found.charAt(found.length() - 1))) {
                tokens.add(new Token(found, null, gap));
                continue;
            }
            boolean glued = afterLetter || start > 0 && Character.isLetter(text.charAt(start - 1))
                    || matcher.end() < text.length() && Character.isLetter(text.charAt(matcher.end()));
            boolean bareFraction = start > 0 && ".,".indexOf(text.charAt(start - 1)) >= 0
                    && (start == 1 || !Character.isLetterOrDigit(text.charAt(start - 2)));
            Optional<BigDecimal> number = glued || bareFraction ? Optional.empty() : literal(found, language);
            if (number.isEmpty()) {
                return Optional.empty();
            }
            tokens.add(new Token(null, number.get(), gap));
        }
        return Optional.of(tokens);
    }

    private static Optional<BigDecimal> literal(String digits, AnswerLanguage language) {
        boolean negative = digits.startsWith("-");
        String unsigned = negative ? digits.substring(1) : digits;
        String plain;
        if (WHOLE.matcher(unsigned).matches()) {
            plain = unsigned;
        } else if (language == AnswerLanguage.EN && DOT_DECIMAL.matcher(unsigned).matches()) {
            plain = unsigned;
        } else if (language == AnswerLanguage.EN && ENGLISH_THOUSANDS.matcher(unsigned).matches()) {
            plain = unsigned.replace(",", "");
        } else if (language != AnswerLanguage.EN && LOCAL_DECIMAL.matcher(unsigned).matches()) {
            plain = unsigned.replace(',', '.');
        } else {
            return Optional.empty();
        }
        int point = plain.indexOf('.');
        if ((point < 0 ? plain.length() : point) > MAX_DIGITS) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(plain);
        return Optional.of(negative ? value.negate() : value);
    }

    /** Every number in the tokens, in order: each digit token, and the longest number phrase in each run of words. */
    private static List<Reading> readings(List<Token> tokens, AnswerLanguage language) {
        List<Reading> readings = new ArrayList<>();
        int index = 0;
        while (index < tokens.size()) {
            Token token = tokens.get(index);
            if (token.number() != null) {
                readings.add(new Reading(token.number(), index, index + 1, false));
                index++;
            } else if (!token.isWord()) {
                index++;
            } else {
                int runEnd = index + 1;
                while (runEnd < tokens.size() && tokens.get(runEnd).isWord() && tokens.get(runEnd).joinedToPrevious()) {
                    runEnd++;
                }
                List<String> run = tokens.subList(index, runEnd).stream().map(Token::word).toList();
                int at = 0;
                while (at < run.size()) {
                    NumberWords.Said said = NumberWords.said(language, run, at);
                    if (said == null) {
                        at++;
                        continue;
                    }
                    boolean article = said.length() == 1 && language != AnswerLanguage.EN
                            && ARTICLES.contains(run.get(at));
                    readings.add(new Reading(
                            BigDecimal.valueOf(said.value()), index + at, index + at + said.length(), article));
                    at += said.length();
                }
                index = runEnd;
            }
        }
        return readings;
    }

    /**
     * The readings that are the answer: without scales and articles; empty when the readings conflict.
     *
     * @param scales where the scales named ("out of 5": 5) are added
     */
    private static Optional<List<Reading>> answers(List<Token> tokens, List<Reading> readings,
            AnswerLanguage language, List<BigDecimal> scales) {
        boolean[] scale = new boolean[readings.size()];
        for (int index = 0; index + 1 < readings.size(); index++) {
            Reading answer = readings.get(index);
            Reading outOf = readings.get(index + 1);
            if (!scaleBetween(tokens, answer.end(), outOf.start(), language)) {
                continue;
            }
            if (scale[index] || outOf.value().signum() <= 0 || outOf.value().compareTo(answer.value()) < 0) {
                return Optional.empty();
            }
            scale[index + 1] = true;
            scales.add(outOf.value());
        }
        boolean plainNumbers = false;
        for (int index = 0; index < readings.size(); index++) {
            plainNumbers |= !scale[index] && !readings.get(index).article();
        }
        List<Reading> answers = new ArrayList<>();
        for (int index = 0; index < readings.size(); index++) {
            Reading reading = readings.get(index);
            if (scale[index]) {
                continue;
            }
            if (reading.article() && plainNumbers) {
                boolean beforeNumber = index + 1 < readings.size() && readings.get(index + 1).start() == reading.end()
                        && tokens.get(reading.end()).joinedToPrevious();
                if (!beforeNumber) {
                    return Optional.empty();
                }
                continue;
            }
            if (!answers.isEmpty() && sideBySide(tokens, answers.get(answers.size() - 1), reading)) {
                return Optional.empty();
            }
            answers.add(reading);
        }
        return Optional.of(answers);
    }

    /**
     * True when a negating word or a {@link #BOUND_BEFORE} word stands right before the number, or before an article
     * before it, with no punctuation between: "not 5", "definitely not a 10", "pas 5", "over 8". "No, 5" is a
     * correction, and reads 5.
     */
    private static boolean numberNegated(List<Token> tokens, int start) {
        int index = start;
        for (int reach = 0; reach < NEGATION_REACH && index > 0; reach++) {
            if (!SPACE_GAP.matcher(tokens.get(index).gapBefore()).matches()) {
                return false;
            }
            Token before = tokens.get(--index);
            if (!before.isWord()) {
                return false;
            }
            if (NEGATORS.contains(before.word()) || BOUND_BEFORE.contains(before.word())) {
                return true;
            }
            if (!NUMBER_ARTICLES.contains(before.word())) {
                return false;
            }
        }
        return false;
    }

    private static boolean sideBySide(List<Token> tokens, Reading first, Reading second) {
        return second.start() == first.end() && tokens.get(second.start()).joinedToPrevious();
    }

    /**
     * True when the tokens from {@code from} up to {@code to} (the scale's number) connect an answer to its scale: "out
     * of", "/", "sur"..., maybe after a unit word, and maybe in brackets ("5 (out of 5)", "5 stars [of 5]").
     */
    private static boolean scaleBetween(List<Token> tokens, int from, int to, AnswerLanguage language) {
        List<String> between = new ArrayList<>();
        for (int index = from; index <= to; index++) {
            // An opening bracket may come before the connector: after the answer, or after its unit word.
            Pattern gap = index < to && (index == from || index == from + 1) ? GAP_OPENING_SCALE : SPACE_GAP;
            if (!gap.matcher(tokens.get(index).gapBefore()).matches()) {
                return false;
            }
            if (index < to) {
                between.add(tokens.get(index).word());
            }
        }
        if (!between.isEmpty() && SCALE_UNITS.contains(between.get(0))) {
            between.remove(0);
        }
        return SCALE_CONNECTORS.get(language).contains(between);
    }

    // ---- words and phrases

    /** Phrase found in words [start, end), with what it means. */
    private record Found<T>(int start, int end, Set<T> meanings) {
    }

    /** The reply without surrounding blanks and trailing "." and "!", as a key is compared. */
    private static String typed(String reply) {
        return TRAILING_MARKS.matcher(reply.strip()).replaceAll("").strip();
    }

    private static List<String> words(String normalised) {
        return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split(" "));
    }

    /** Whole phrases from the left, the longest at each word, so no word counts for two phrases. */
    private static <T> List<Found<T>> find(List<String> words, Map<List<String>, Set<T>> phrases) {
        int longest = phrases.keySet().stream().mapToInt(List::size).max().orElse(0);
        List<Found<T>> found = new ArrayList<>();
        int at = 0;
        while (at < words.size()) {
            int length = Math.min(longest, words.size() - at);
            while (length > 0 && !phrases.containsKey(words.subList(at, at + length))) {
                length--;
            }
            if (length > 0) {
                found.add(new Found<>(at, at + length, phrases.get(words.subList(at, at + length))));
                at += length;
            } else {
                at++;
            }
        }
        return found;
    }

    /** True when a negating word that is not part of an earlier phrase stands just before the phrase. */
    private static boolean negated(List<String> words, List<? extends Found<?>> found, int index) {
        int start = found.get(index).start();
        int from = Math.max(start - NEGATION_REACH, index == 0 ? 0 : found.get(index - 1).end());
        return words.subList(from, start).stream().anyMatch(NEGATORS::contains);
    }

    private static Map<AnswerLanguage, Map<List<String>, Set<Meaning>>> yesNoWords() {
        Map<AnswerLanguage, Map<List<String>, Set<Meaning>>> byLanguage = new EnumMap<>(AnswerLanguage.class);
        for (AnswerLanguage language : AnswerLanguage.values()) {
            Map<List<String>, Set<Meaning>> phrases = new HashMap<>();
            addPhrases(phrases, borrowedEnglish(EN_YES, language), Meaning.YES);
            addPhrases(phrases, borrowedEnglish(EN_NO, language), Meaning.NO);
            addPhrases(phrases, borrowedEnglish(EN_UNSURE, language), Meaning.UNSURE);
            addPhrases(phrases, List.of("si", "oui"), Meaning.YES);
            addPhrases(phrases, List.of("non"), Meaning.NO);
            if (language == AnswerLanguage.ES) {
                addPhrases(phrases, List.of(ES_YES.split(",")), Meaning.YES);
                addPhrases(phrases, List.of(ES_NO.split(",")), Meaning.NO);
                addPhrases(phrases, List.of(ES_UNSURE.split(",")), Meaning.UNSURE);
            } else if (language == AnswerLanguage.FR) {
                addPhrases(phrases, List.of(FR_YES.split(",")), Meaning.YES);
                addPhrases(phrases, List.of(FR_NO.split(",")), Meaning.NO);
                addPhrases(phrases, List.of(FR_UNSURE.split(",")), Meaning.UNSURE);
            }
            phrases.replaceAll((phrase, meanings) -> Set.copyOf(meanings));
            byLanguage.put(language, Map.copyOf(phrases));
        }
        return byLanguage;
    }

    /** The English list as a language understands it: all of it in English, without "y" and "n" elsewhere. */
    private static List<String> borrowedEnglish(String list, AnswerLanguage language) {
        return Arrays.stream(list.split(","))
                .filter(word -> language == AnswerLanguage.EN || !ENGLISH_ONLY.contains(Replies.normalise(word)))
                .toList();
    }

    private static void addPhrases(Map<List<String>, Set<Meaning>> phrases, Collection<String> words,
            Meaning meaning) {
        if (words == null) {
            return;
        }
        for (String word : words) {
            List<String> phrase = words(Replies.normalise(word));
            if (!phrase.isEmpty()) {
                phrases.merge(phrase, EnumSet.of(meaning), (known, added) -> {
                    Set<Meaning> both = EnumSet.copyOf(known);
                    both.addAll(added);
                    return both;
                });
            }
        }
    }
}
