package com.surveyrelay.survey;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 *
 * <p>This class is the one public entry; each kind of answer is read by its own class in this package:
 * {@link NumberAnswers}, {@link YesNoAnswers} and {@link ChoiceAnswers}, on the tokens of {@link ReplyTokens} and
 * the phrases of {@link ReplyPhrases}.
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

    private NaturalAnswers() {
    }

    /**
     * A number read from a reply: digits, or number words of the language.
     *
     * <ul>
     *   <li>Digits may have words around them ("5 stars", "I'd say 4", "10!", "Le doy un 7"). Keycap emoji are their
     *   digits ("4️⃣", and "🔟" is 10). A minus directly
     *   before the digits and not after a letter or digit makes them negative ("-3"; "3-4" is two numbers).
     *   "7.5" is a decimal in every language; "7,5" is one in every language but English, where it is ambiguous and
     *   "1,000" is one thousand. In every language but English three digits after the mark ("1.500", "1,500") may be
     *   a thousands separator, so they are ambiguous (until 2026-12-07 languages other than Spanish and French were
     *   read as English: a German "1.250" was 1.25). Digits glued to letters ("4th", "5stars", "covid-19"), a bare
     *   ".5" and more than {@value ReplyTokens#MAX_DIGITS} digits before the point (a phone number) are not read.
     *   <li>Number words from 0 to 100 (and the hundreds above, "ciento uno", "cent deux"), with spaces or hyphens:
     *   English "twenty one", "a hundred and five"; Spanish "dieciséis", "diez y seis", "treinta y uno", "cien";
     *   French "dix-sept", "vingt et un", "soixante-et-onze", "quatre-vingt-dix-neuf", "cent". Only the reply's
     *   language's words are read; words split by punctuation ("twenty, one") are two numbers.
     *   <li>Spanish and French "un", "une", "uno", "una" are the number 1 when no other number is in the reply and
     *   nothing but a unit, "vez"/"fois", "solo"/"seul" or a word that starts another clause ("porque", "car")
     *   follows in its clause ("un", "je donne une étoile", "una vez", "uno porque no me ayudaron"; "uno", never an
     *   article, always); before another word they are its article and the reply is no number ("un excelente
     *   servicio" was 1 until 2026-12-07); an article when one stands directly before the number ("un 7" is 7);
     *   any other mix ("une étoile, pas cinq") is ambiguous. English "a" and "an" are never numbers, "one" always is.
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
     *   de 5", "casi 9", "au plus 5") or right before it ("over 8", "up to 7", "anything but 3", "hasta 7", and the
     *   signs "< 3", ">8", "≥ 9"). A heart emoticon standing apart ("<3", "</3", "<333") is no number: "4 <3" is 4. An
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
     * 5; a percentage, "10%" or "10 percent", on one that does not end at 100) is empty, as the number means something
     * else on it, and the caller asks again.
     *
     * @param scaleEnd the question's highest answer; null takes any scale
     */
    public static Optional<BigDecimal> number(String reply, String languageTag, boolean decimalsAllowed,
            BigDecimal scaleEnd) {
        return NumberAnswers.read(reply, languageTag, decimalsAllowed, scaleEnd);
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
     *   <li>A negation standing alone, in no phrase (not, don't, do not, can't, won't, isn't, French pas), is no when
     *   it ends a reply that holds no yes ("I don't", "please don't", "do not", "je ne veux pas"; Spanish "no quiero"
     *   is no by its "no").
     *   <li>Empty: nothing recognised; a yes and a no together ("yes no", "no... well yes"); a yes and a standing
     *   negation anywhere after or before it ("yes I do not", "sure not", "oui je ne veux pas"); a doubt ("not sure",
     *   "maybe", "no sé", "je ne sais pas", "n/a"); a yes or no with a negating word up to
     *   {@value ReplyPhrases#NEGATION_REACH} words before it ("not right", "ce n'est pas exact").
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
        return YesNoAnswers.read(reply, languageTag, extraYesWords, extraNoWords);
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
     *   negating word up to {@value ReplyPhrases#NEGATION_REACH} words before it ("not by phone", "pas par
     *   téléphone") give empty. A number inside a label the reply names is that label's words, not a key: with
     *   options "daily" (key 1), "2-3 times a week" (2) and "weekly" (3), "2-3 times a week" picks the second.
     * </ul>
     *
     * @param reply       what the respondent typed or said; null or blank gives empty
     * @param languageTag the survey language, such as {@code "es-MX"}, for number words; null reads English
     * @param options     the question's options in the reply's language; null or empty gives empty
     * @return the chosen option's value, or empty
     */
    public static Optional<String> choice(String reply, String languageTag, List<ChoiceLabels> options) {
        return ChoiceAnswers.read(reply, languageTag, options);
    }
}
