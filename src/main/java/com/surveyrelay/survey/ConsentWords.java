package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The words and phrases by which a respondent opts out, opts back in or asks for help, in one language or (merged)
 * in all of a survey's languages, and the rule that tells them from answers.
 *
 * <p>US rules (TCPA; the FCC's 2024 order on revoking consent, in force from April 2025) require honouring an
 * opt-out made "by any reasonable means", not only the single keywords Twilio's carrier-level filter catches
 * (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT). So a text or utterance is read like this:
 * <ol>
 *   <li>it is {@link Replies#normalise normalised}: lower case, accents and punctuation dropped ("ARRÊT!" is
 *   {@code arret});
 *   <li>polite and filler words are dropped wherever they stand ("please", "thanks", "s'il vous plaît", "por
 *   favor", "now");
 *   <li>it is an <b>opt-out</b> when what is left is one opt-out word (once or repeated: "stop", "stop stop"), or
 *   contains an opt-out phrase as whole consecutive words ("stop texting", "do not contact", "ne m'écrivez
 *   plus");
 *   <li>else an <b>opt-in</b> when what is left is one opt-in word ("start", "unstop"), and <b>help</b> when it
 *   is one help word ("help", "aide").
 * </ol>
 * A keyword inside a longer reply is not enough: "I'd stop by again" and "don't stop" are answers, "stop texting
 * me" and "Stop please" are opt-outs. Phrases name the contact being refused, so an answer that merely uses the
 * verb is safe; a free-text answer that does contain one ("you should stop texting at night") is taken as an
 * opt-out, the side the rule errs on deliberately, but for a "do not call" narrowed to a time or a place ("do not
 * contact me at work": {@code NARROWED}) and one quoted from a business ({@code REPORTED}). "Wrong number" (and
 * "wrong #": a number sign is read as the word "number") opts out when it is the whole reply or a sentence of it,
 * polite words aside ("Sorry, wrong number!", "You have the wrong number."): a reassigned number's new holder did not
 * consent (TCPA), and the FCC counts it a revocation. Inside a longer sentence it is an answer ("the agent gave me
 * the wrong number").
 *
 * <p>Every language starts from defaults (English's always apply, since Twilio's keywords are English and people
 * text STOP whatever the survey's language; Spanish's and French's apply to {@code es-*} and {@code fr-*}); a
 * language file adds its own with {@code optOutWords}, {@code optOutPhrases}, {@code optInWords},
 * {@code helpWords} and {@code politeWords}, each a comma-separated list.
 *
 * <p>{@code optOutAsWritten} keeps the opt-out words and phrases as the built-in lists and the language file write
 * them (accents and apostrophes kept: "arrêt", "don't call"), for a speech recogniser's hints; every other set holds
 * normalised words, for matching. {@code builtIn} names the languages ({@code en}, {@code es}, {@code fr}) whose
 * built-in sentence patterns ({@link #REFUSED_SENTENCE}, {@link #REFUSED_AS_THE_WHOLE_REPLY}) these words read, so
 * that English's words do not read a French refusal, which is then confirmed in French.
 */
public record ConsentWords(
        Set<String> optOutWords, Set<String> optOutPhrases, Set<String> optInWords, Set<String> helpWords,
        Set<String> politeWords, Set<String> optOutAsWritten, Set<String> builtIn) {

    /**
     * Spellings only a keyboard makes ("dnt", "rmv", "textin", "sotp"), among the built-in opt-out phrases: read in
     * texts, never hinted to a call's speech recogniser ({@link #spokenForm}), which hears words as they are said.
     */
    private static final Set<String> TYPED_ONLY = Set.of("dnt", "rmv", "textin", "textng", "texing", "textimg", "txtin",
            "callin", "callng", "messging", "sotp", "stpo", "textme", "of");

    /**
     * Whether an opt-out word or phrase as written may be said aloud, so that a call's {@code <Gather hints>} carries
     * it: false for one holding a keyboard's spelling ({@code dnt text}, {@code take me of your list}).
     */
    public static boolean spokenForm(String asWritten) {
        return java.util.Arrays.stream(asWritten.toLowerCase(java.util.Locale.ROOT).split(" "))
                .noneMatch(TYPED_ONLY::contains);
    }

    /** What a reply means besides (or instead of) an answer. */
    public enum Intent { OPT_OUT, OPT_IN, HELP, NONE }

    /** The language-file keys that add words, in the order of this record's components. */
    public static final List<String> KEYS =
            List.of("optOutWords", "optOutPhrases", "optInWords", "helpWords", "politeWords");

    private static final ConsentWords ENGLISH = of(
            "stop, stopall, unsubscribe, unsub, cancel, end, quit, revoke, optout",
            "opt out, stop survey, end survey, quit survey, cancel survey, stop texting, stop messaging, stop sending, stop calling, stop contacting, stop the survey, "
                    + "stop the texts, stop the messages, stop the calls, do not text, "
                    + "dont text, don't text, do not message, dont message, don't message, do not call, dont call, "
                    + "don't call, do not contact, dont contact, don't contact, no more texts, no more messages, "
                    + "no more calls, no more surveys, remove me, take me off, unsubscribe me, opt me out, "
                    + "leave me alone, leave me the hell alone, leave me the fuck alone, lose my number, "
                    + "quit texting, quit messaging, quit calling, quit contacting, "
                    + "never contact me again, never text me again, never call me again, never message me again, "
                    + "don't ever contact me, dont ever contact me, do not ever contact me, don't ever text me, "
                    + "dont ever text me, do not ever text me, don't ever call me, dont ever call me, "
                    + "do not ever call me, revoke my consent, withdraw my consent, i revoke consent, "
                    + "i withdraw consent, remove my number, stop surveys, stop surveying, i said stop, "
                    // Wanting out in a sentence (a newcomer's probe, 2026-12-06). "Cancel my subscription" stays
                    // an answer: a churn survey's reason.
                    + "want to unsubscribe, like to unsubscribe, wish to unsubscribe, need to unsubscribe, "
                    + "how do i unsubscribe, how can i unsubscribe, "
                    + "don't want these texts, dont want these texts, do not want these texts, "
                    + "don't want these messages, dont want these messages, do not want these messages, "
                    + "don't want these calls, dont want these calls, do not want these calls, "
                    + "don't want any more texts, dont want any more texts, do not want any more texts, "
                    + "don't want any more messages, dont want any more messages, do not want any more messages, "
                    + "don't want any more calls, dont want any more calls, do not want any more calls, "
                    // Stop and what is being refused, and revoking in few words, as a compliance officer's probe
                    // texted and said them (answers until 2026-12-06).
                    + "stop texts, stop text, stop txt, stop txts, stop messages, stop message, stop msgs, stop sms, "
                    + "stop calls, stop call, stop spam, stop spamming, stop receiving, "
                    + "stop bothering me, unsubscribe from, revoke consent, withdraw consent, delete my number, "
                    // What "stop it", "stop this" and "stop these" refuse, named (alone they opt out only as a whole
                    // sentence, WHOLE_SENTENCE_OPT_OUTS), and being called in other words, as an analyst's and a
                    // caller's probes wrote and said them (2026-12-07).
                    + "stop all texts, stop all messages, stop all calls, stop all surveys, stop these texts, "
                    + "stop these messages, stop these calls, stop these surveys, stop this survey, "
                    + "stop phoning me, quit phoning me, stop ringing me, don't phone me, dont phone me, "
                    + "do not phone me, take my number off your list, take my number off the list, "
                    + "don't want to be called, dont want to be called, do not want to be called, "
                    + "don't want to be contacted, dont want to be contacted, do not want to be contacted, "
                    + "don't wish to be contacted, dont wish to be contacted, do not wish to be contacted, "
                    + "cease calling, cease texting, cease messaging, cease contacting, "
                    + "don't ever call this number, dont ever call this number, do not ever call this number, "
                    // Opting out in other words, as a compliance officer's probe texted them (answers until
                    // 2026-12-07).
                    + "get me off this list, get me off your list, stop txting, quit txting, "
                    + "quit sending me messages, quit sending me texts, quit sending me surveys, "
                    // Surveys refused in so many words (a newcomer's probe, 2026-12-07: answers before).
                    + "don't want to receive surveys, dont want to receive surveys, do not want to receive surveys, "
                    + "don't want any more surveys, dont want any more surveys, do not want any more surveys, "
                    // The same in texting's shorthand, "txt" and "msg" (answers until 2026-12-07: "dont txt me" was
                    // stored at a words question and the survey went on, a respondent's probe).
                    + "do not txt, dont txt, don't txt, do not msg, dont msg, don't msg, stop msging, stop msgs me, "
                    + "stop msg me, quit msging, stop txtng, "
                    + "stop msgng, no more txts, no more txt, no more msgs, no more msg, stop asking me, "
                    // Refusals in other words, as respondents and reviewers texted them (answers until 2026-12-07).
                    // These and "no more texts", "leave me alone", "take me off", "stop asking me" are not read
                    // where they describe what happened or what others should do (DESCRIBED_BEFORE, _AFTER).
                    + "remove this number from your list, no more texting, no more contact, enough texts, "
                    + "don't want these surveys, dont want these surveys, do not want these surveys, "
                    + "quit bugging me, stop bugging me, stop pestering me, quit pestering me, stop harassing me, "
                    + "quit harassing me, quit asking me, take my number off your records, taken off your list, "
                    + "don't want to take any more surveys, dont want to take any more surveys, "
                    + "do not want to take any more surveys, don't want to be surveyed, dont want to be surveyed, "
                    + "do not want to be surveyed, don't want any surveys, dont want any surveys, "
                    + "do not want any surveys, "
                    // Misspelt, shortened and in other words, as a compliance reviewer texted them (answers until
                    // 2026-12-07).
                    + "stop textin, stop textng, stop texing, stop textimg, stop txtin, stop callin, stop callng, "
                    + "stop messging, quit textin, quit callin, stpo texting, "
                    + "sotp texting, dnt text, dnt call, dnt contact, dnt msg, dnt txt, dont textme, don't textme, "
                    + "stop textme, erase my number, rmv me, rmv my number, take me of your list, "
                    + "take me of the list, don't want these msgs, dont want these msgs, do not want these msgs, "
                    + "never send me a survey again, never send me surveys, never send me another survey, "
                    + "quit sending surveys to this number, quit sending surveys to me, cease sending",
            "start, unstop",
            // "Help me", "I need help" as the whole text: CTIA's HELP in a sentence (mid-survey they were answers that
            // did not fit, a respondent's probe, 2026-12-07).
            "help, info, help me, i need help, need help, i need some help",
            "please, pls, plz, thanks, thank you, thx, ty, now, ok, okay, just, hi, hello, sorry").builtIn("en");
    private static final Map<String, ConsentWords> BY_LANGUAGE = Map.of(
            "es", of(
                    "alto, parar, para, pare, basta, baja, cancelar, detener, desuscribir, detenganse, unsuscribir",
                    "no me escriban, no me escribas, no me escriba, no me llamen, no me llames, no me llame, "
                            + "no me contacten, dejen de escribirme, deja de escribirme, dejen de llamarme, "
                            + "deja de llamarme, no más mensajes, no quiero más mensajes, no más llamadas, "
                            + "darme de baja, dame de baja, denme de baja, quítenme de la lista, bórrenme, "
                            + "no quiero recibir mensajes, no quiero recibir más mensajes, no quiero estos mensajes, "
                            // Sending and its verbs (an operator's probe, 2026-12-06: answers before).
                            + "dejen de enviarme, deja de enviarme, dejen de mandarme, deja de mandarme, "
                            + "no me envíen mensajes, no me envíes mensajes, no me envíen más, no me envíes más, "
                            + "no me manden mensajes, no me mandes mensajes, no me manden más, no me mandes más, "
                            + "no me contactes, no me contacten más, no quiero más llamadas, "
                            // Not again, and stop without me (a compliance officer's probe, 2026-12-06: answers).
                            + "no me vuelvan a escribir, no me vuelvas a escribir, no me vuelva a escribir, "
                            + "no me vuelvan a llamar, no me vuelvas a llamar, no me vuelva a llamar, "
                            + "no vuelvan a escribir, no vuelvas a escribir, no vuelvan a llamar, no vuelvas a llamar, "
                            + "dejen de llamar, deja de llamar, dejen de escribir, deja de escribir, "
                            + "dejen de enviar, dejen de mandar, no quiero que me llamen, no quiero que me escriban, "
                            + "no quiero que me contacten, quítenme de su lista, quíteme de su lista, "
                            + "quítame de tu lista, stop llamadas, stop mensajes, no más encuestas, "
                            + "no quiero más encuestas, no me manden más encuestas, no me envíen más encuestas, "
                            // Being left alone and the number deleted, as English and French have them (a
                            // newcomer's probe, 2026-12-07: answers before).
                            + "déjame en paz, déjenme en paz, déjeme en paz, eliminen mi número, elimina mi número, "
                            + "borren mi número, borra mi número, dejen de molestarme, deja de molestarme, "
                            + "no me molesten más, no me moleste más, no quiero recibir encuestas, "
                            + "ya no quiero recibir encuestas, "
                            // "Usted" forms and unsubscribing are REFUSED_ALONE (2026-12-07).
                            + "no me contacte más, "
                            // As respondents and reviewers texted them (answers until 2026-12-07).
                            + "no enviarme más mensajes, no más textos, no más msjs, ya no quiero encuestas, "
                            + "no quiero encuestas, no quiero mensajes, para de escribirme, basta de mensajes, "
                            + "basta de encuestas, basta con los mensajes, déjame tranquilo, déjame tranquila, "
                            + "déjenme tranquilo, déjenme tranquila, "
                            + "no quiero que me sigan escribiendo, no quiero que me sigan llamando, "
                            + "no quiero que me sigan enviando, "
                            // Texting's Spanglish, as a compliance reviewer texted it (answers until 2026-12-07).
                            + "no me texten, no me texteen, no me textees, no me textes, dejen de textearme, "
                            + "deja de textearme, no más msgs, no más texts, dejen de spamear, "
                            + "no me spameen, stop mandándome mensajes, stop con los mensajes",
                    "comenzar, iniciar, alta, reanudar",
                    "ayuda, ayúdame, ayúdenme, necesito ayuda",
                    "por favor, porfa, porfavor, x favor, xfa, gracias, ya, hola, ahora").builtIn("es"),
            "fr", of(
                    "arrêt, arrête, arrêtez, arrêter, désabonner, désinscrire, annuler, désinscription, "
                            + "désabonnement",
                    "arrêtez de m'écrire, arrête de m'écrire, ne m'écrivez plus, ne m'écris plus, "
                            + "ne m'appelez plus, ne m'appelle plus, arrêtez de m'appeler, arrête de m'appeler, "
                            + "arrêtez les messages, plus de messages, plus d'appels, ne me contactez plus, "
                            + "retirez-moi, désabonnez-moi, désinscrivez-moi, laissez-moi tranquille, "
                            + "me désabonner, me désinscrire, je ne veux plus de messages, "
                            // Sending and stopping in other words (an operator's probe, 2026-12-06: answers before).
                            + "arrêtez de m'envoyer, arrête de m'envoyer, cessez de m'envoyer, cesse de m'envoyer, "
                            + "cessez de m'écrire, cesse de m'écrire, cessez de m'appeler, cesse de m'appeler, "
                            + "ne m'envoyez plus, ne m'envoie plus, cessez les messages, cessez les appels, "
                            + "arrêtez les appels, je ne veux plus d'appels, "
                            // Calling and writing without me, and no more (a compliance officer's probe, 2026-12-06:
                            // answers before).
                            + "je ne veux plus recevoir, n'appelez plus, n'appelle plus, arrêtez d'appeler, "
                            + "arrête d'appeler, arrêtez d'écrire, arrête d'écrire, cessez d'appeler, "
                            + "stop appels, ne me dérangez plus, ne me dérange plus, plus de sondages, plus de sms, "
                            + "plus de textos, "
                            + "je me désabonne, je me désinscris, "
                            // The number deleted, and being bothered (a newcomer's probe, 2026-12-07: answers).
                            + "supprimez mon numéro, effacez mon numéro, arrêtez de me déranger, "
                            + "arrête de me déranger, cessez de me déranger, "
                            // "Ne m'appelez pas", texting and no more contact are REFUSED_ALONE (2026-12-07).
                            + "ne me textez plus, "
                            // As respondents and reviewers texted them (answers until 2026-12-07).
                            + "arrêtez vos sondages, arrêtez les sondages, arrêtez vos messages, arrêtez vos appels, "
                            + "retirez mon numéro, enlevez mon numéro, laisse-moi tranquille, fichez-moi la paix, "
                            + "je ne veux plus de sms, je ne veux plus de textos, je ne veux plus de sondages, "
                            + "arrêtez de me contacter, arrête de me contacter, cessez de me contacter, "
                            + "cesse de me contacter, cesser de me contacter, arrêter de me contacter, "
                            + "je ne veux plus participer à vos sondages, je ne veux plus participer aux sondages, "
                            + "je ne veux plus répondre à vos sondages, "
                            // As a breaker texted them (answers until 2026-12-07); not where they quote staff or
                            // are said to staff (REPORTED).
                            + "foutez-moi la paix, fous-moi la paix, fiche-moi la paix, laissez-moi en paix, "
                            + "laisse-moi en paix, arrêtez de me harceler, arrête de me harceler, "
                            + "cessez de me harceler",
                    "debut, reprendre, abonner",
                    "aide, aidez-moi, aide-moi, j'ai besoin d'aide",
                    "s il vous plait, s il te plait, svp, stp, merci, maintenant, bonjour, desole, desolee, merci de, "
                            + "merci d, veuillez, je vous prie de, priere de")
                    .builtIn("fr"));
    /** Every built-in language's words together. */
    private static final ConsentWords ALL_BUILT_IN = ENGLISH.plus(BY_LANGUAGE.get("es")).plus(BY_LANGUAGE.get("fr"));

    /**
     * True when the language of {@code tag} (its primary subtag) has built-in words of its own: English, Spanish
     * and French. Any other language understands only the English ones unless its prompt file adds its own.
     */
    public static boolean hasBuiltInWords(String tag) {
        String primary = tag.split("-", 2)[0].toLowerCase(Locale.ROOT);
        return primary.equals("en") || BY_LANGUAGE.containsKey(primary);
    }

    /** The default words of a language: English's, plus those of the tag's primary language when there are some. */
    public static ConsentWords defaults(String tag) {
        String primary = tag.split("-", 2)[0].toLowerCase(Locale.ROOT);
        ConsentWords own = BY_LANGUAGE.get(primary);
        return own == null ? ENGLISH : ENGLISH.plus(own);
    }

    /**
     * Words from comma-separated lists, each {@link Replies#normalise normalised}; a null list is empty.
     *
     * @throws IllegalArgumentException when a word is blank after normalising (only punctuation, say)
     */
    public static ConsentWords of(String optOut, String optOutPhrases, String optIn, String help, String polite) {
        Set<String> asWritten = new LinkedHashSet<>(asWritten(optOut));
        asWritten.addAll(asWritten(optOutPhrases));
        return new ConsentWords(words(optOut), words(optOutPhrases), words(optIn), words(help), words(polite),
                Set.copyOf(asWritten), Set.of());
    }

    /** These words, reading the built-in sentence patterns of {@code language} too. */
    private ConsentWords builtIn(String language) {
        return new ConsentWords(optOutWords, optOutPhrases, optInWords, helpWords, politeWords, optOutAsWritten,
                union(builtIn, Set.of(language)));
    }

    /** The entries of a comma-separated list as written, trimmed (blank ones left out); a null list is empty. */
    private static Set<String> asWritten(String list) {
        return list == null ? Set.of() : Stream.of(list.split(",")).map(String::strip)
                .filter(word -> !word.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> words(String list) {
        Set<String> words = new LinkedHashSet<>();
        if (list == null) {
            return Set.of();
        }
        for (String word : list.split(",")) {
            String normalised = Replies.normalise(word);
            if (normalised.isEmpty()) {
                throw new IllegalArgumentException("\"" + word.strip() + "\" has no letters or digits");
            }
            words.add(normalised);
        }
        return Set.copyOf(words);
    }

    /** Both sets of words together. */
    public ConsentWords plus(ConsentWords other) {
        return new ConsentWords(union(optOutWords, other.optOutWords), union(optOutPhrases, other.optOutPhrases),
                union(optInWords, other.optInWords), union(helpWords, other.helpWords),
                union(politeWords, other.politeWords), union(optOutAsWritten, other.optOutAsWritten),
                union(builtIn, other.builtIn));
    }

    private static Set<String> union(Collection<String> one, Collection<String> other) {
        Set<String> all = new LinkedHashSet<>(one);
        all.addAll(other);
        return Set.copyOf(all);
    }

    /** Every word and phrase that means something other than an answer (for the lint: a reply must not be one). */
    public Set<String> reserved() {
        Set<String> all = new LinkedHashSet<>(optOutWords);
        all.addAll(optOutPhrases);
        all.addAll(optInWords);
        all.addAll(helpWords);
        return all;
    }

    /** Cyrillic and Greek letters that look like Latin ones, as a respondent's keyboard may give them for STOP. */
    private static final Map<Character, Character> LOOKALIKES = letters("аеорсхукмнтвѕіјԁһԛԝαεορτυικνχ",
            "aeopcxykmhtbsijdhqwaeoptuikvx");
    /** Small capitals, which fancy-text keyboards type ("sᴛᴏᴘ ᴘʟᴇᴀsᴇ": an answer until 2026-12-07), and letters. */
    private static final Map<Character, Character> SMALL_CAPITALS = letters("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ",
            "abcdefghijklmnoprstuvwyz");

    /** Each letter of {@code foreign} to the Latin letter at its place in {@code latin}. */
    private static Map<Character, Character> letters(String foreign, String latin) {
        Map<Character, Character> map = new java.util.HashMap<>();
        for (int i = 0; i < foreign.length(); i++) {
            map.put(foreign.charAt(i), latin.charAt(i));
        }
        return Map.copyOf(map);
    }

    /** The text with every letter {@code letters} maps in Latin; the text itself when it has none; null for null. */
    private static String asLatin(String text, Map<Character, Character> letters) {
        if (text == null || text.chars().noneMatch(c -> letters.containsKey((char) c))) {
            return text;
        }
        StringBuilder latin = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            latin.append(letters.getOrDefault(c, c));
        }
        return latin.toString();
    }

    /**
     * True when the whole reply, polite words and an interjection aside, is one of the refusals taken only so
     * ({@link #REFUSED_AS_THE_WHOLE_REPLY}, {@link #NO_CONTACT_SAID_SO}).
     */
    private boolean refusedAsTheWholeReply(String text) {
        String normalised = Replies.normalise(NUMBER_SIGN.matcher(text).replaceAll(" number "));
        String rest = TRAILING_ASIDE.matcher(withoutPoliteWords(normalised)).replaceAll("");
        if (QUESTION_MARK.matcher(text).find() && ASKED_NOT_TOLD.matcher(rest).matches()) {
            return false;
        }
        return refused(REFUSED_AS_THE_WHOLE_REPLY, rest)
                || builtIn.contains("en") && NO_CONTACT_SAID_SO.matcher(normalised).matches();
    }

    /** Characters that show nothing (zero-width space, soft hyphen, word joiner, BOM): Unicode's {@code Cf}. */
    private static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}+");

    /** Where a sentence of a reply ends: full stops, question and exclamation marks, semicolons, line breaks. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?;\u2026\u3002\uFF01\uFF1F\r\n]+");

    /**
     * Where a clause of a sentence ends: commas (full-width and ideographic ones too), and a hyphen, en or em dash
     * standing apart ({@code "stop - wrong person"}); one inside a word ({@code "opt-out"}, {@code "stop—go"}) joins it.
     */
    private static final Pattern CLAUSE_END = Pattern.compile(
            "[,\uFF0C\u3001]+|\\s+[-\u2013\u2014]+(?:\\s+|$)|^[-\u2013\u2014]+\\s+");

    /**
     * The opt-out words that opt out as a clause of their own ({@code "No, stop"}), normalised: the ones no answer
     * uses as a word of its own. Not {@code cancel}, {@code end}, {@code quit}, {@code alto}, {@code para},
     * {@code baja}, {@code basta}, {@code arret} or {@code annuler}, which answers do ("End, really", "Alto, muy alto"
     * for a price, "Trop cher, annuler": each opted out for a few hours on 2026-12-06, a probe of the clause rule).
     */
    private static final Set<String> CLAUSE_WORDS = Set.of("stop", "stopall", "unsubscribe", "unsub", "optout",
            "revoke", "desuscribir", "desabonner", "desinscrire");

    /**
     * What may follow or precede one of {@link #CLAUSE_WORDS} in a sentence that still says nothing but stop: an
     * intensifier ("stop already", "stop immediately", "STOP or else"), normalised. "Stop" with any of these, with a
     * help word ("HELP STOP": CTIA has the opt-out win), or with a sentence that opts out on its own ("wrong # stop")
     * opts out; each was an answer until 2026-12-07 (a compliance officer's probe), so "STOP ALREADY" was stored as a
     * product. With digits ("Stop 12", a bus stop) it stays an answer, as a choice label may be one.
     */
    private static final String INTENSIFIER = "(?:already|immediately|asap|right|right away|right now|at once"
            + "|for good|forever|or else|seriously|i said|i mean it|stop"
            // Spanish and French (a compliance officer's probe, 2026-12-07: "stop immédiatement", "alto
            // inmediatamente", "no gracias, alto ya" were answers).
            + "|ya|ya mismo|ahora|ahora mismo|inmediatamente|de inmediato|de una vez|de una vez por todas"
            + "|immediatement|tout de suite|maintenant|deja|sur le champ|une fois pour toutes)";
    private static final Pattern STOP_ASIDE = Pattern.compile(INTENSIFIER + "(?: " + INTENSIFIER + ")*");
    /** Laughter and exasperation, normalised, as alternatives of a pattern: "lol", "haha", "omg", "ugh". */
    private static final String INTERJECTION = "lol|lmao|lmfao|haha|hahaha|hehe|omg|ugh";
    /**
     * What may stand beside "stop" and its kin ({@link #CLAUSE_WORDS}) alone, besides an intensifier: an interjection
     * ("lol stop", "ugh stop", "k stop"), a decline or being done ("no stop", "I'm done stop", "enough stop"): each
     * was an answer until 2026-12-07 (a compliance reviewer's probe). Not beside "cancel", "end" or "quit", which
     * answers use ("Cancel lol" is a churn reason); slang only in the whole reply ({@link #STOP_SLANG}).
     */
    private static final String BESIDE_STOP = "(?:" + INTENSIFIER.substring(3, INTENSIFIER.length() - 1) + "|"
            + INTERJECTION + "|k|kk|ok|okay|jeez|geez|smh|wtf|ffs|pls|plz|man|dude|jaja|jajaja|mdr|pff|pfff"
            + "|no|nope|nah|non|done|i m done|im done|i am done|enough|so done|yeah|yea|yes|yep)";
    private static final Pattern STOP_BESIDE = Pattern.compile(BESIDE_STOP + "(?: " + BESIDE_STOP + ")*");
    /**
     * Slang beside stop, which opts out only as the whole reply ("bro stop", "stop fr", "for real stop", "jeez louise
     * stop": answers until 2026-12-07, a compliance reviewer's probe): beside an answer it is praise or disbelief
     * ("Girl stop, it was amazing", "bruh stop, that's a 9" opted out for a few hours that day, a second reviewer's
     * probe).
     */
    private static final String SLANG = "(?:" + BESIDE_STOP.substring(3, BESIDE_STOP.length() - 1)
            + "|bro|bruh|fam|girl|sis|yo|dawg|fr|frfr|for real|jeez louise|lmaoo|lolol|omfg)";
    private static final Pattern STOP_SLANG = Pattern.compile(SLANG + "(?: " + SLANG + ")*");
    /**
     * An interjection or an intensifier at either end of a reply that opts out as a whole one ("get lost lol"). Not
     * "now", which may narrow a refusal to the moment (though "now" is a polite word, taken out before, so "I don't
     * want surveys now" opts out all the same, as "no quiero encuestas ahora" has: a reviewer's probe, 2026-12-07).
     */
    private static final Pattern TRAILING_ASIDE = Pattern.compile("^(?:(?:" + INTERJECTION + "|already|seriously) )+"
            + "|(?: (?:" + INTERJECTION + "|already|seriously|forever|for good))+$");

    /**
     * What a text or utterance means, by the rule above; {@link Intent#NONE} for an answer (or null). Besides the
     * whole reply, each of its sentences is read by the same rule, so "Who is this? Stop." and "STOP!! I said stop"
     * opt out as "Stop" alone does (a revocation "by any reasonable means", 47 CFR 64.1200(a)(10)), while "Don't
     * stop." stays an answer; a clause between commas or dashes ({@link #CLAUSE_END}) that is one of the words no
     * answer uses alone ({@link #CLAUSE_WORDS}: "stop", "unsubscribe") opts out too, so "No, stop" and "Stop, I'm not
     * interested" do (answers until 2026-12-06), while "Don't stop, keep going" and "End, really" stay answers; and a
     * word with an invisible character inside it (a zero-width space or a soft hyphen) is read without it, as it
     * shows on the respondent's screen.
     */
    public Intent classify(String text) {
        try {
            return classifyReply(text);
        } catch (StackOverflowError e) {
            // A few regular expressions recurse once a repeated word: 4,096 characters of "no no no" or "lol lol"
            // (a WhatsApp message's most) overflowed a request thread's stack, and the webhook failed (found measuring
            // the worst case, 2026-12-08). Such a reply names no refusal ("stop stop stop" is read well before), so
            // it is an answer; the words are not logged.
            org.slf4j.LoggerFactory.getLogger(ConsentWords.class).warn("A reply of {} characters was too repetitive "
                    + "to read for an opt-out; taken as an answer", text == null ? 0 : text.length());
            return Intent.NONE;
        }
    }

    private Intent classifyReply(String text) {
        text = asLatin(text, SMALL_CAPITALS);
        Intent whole = classifyWhole(text, true);
        if (whole == Intent.OPT_OUT || text == null) {
            return whole;
        }
        if (refusedAsTheWholeReply(text)) {
            return Intent.OPT_OUT;
        }
        String visible = INVISIBLE.matcher(text).replaceAll("");
        if (!visible.equals(text) && classifyWhole(visible, true) == Intent.OPT_OUT) {
            return Intent.OPT_OUT;
        }
        String[] sentences = SENTENCE_END.split(visible);
        Kinds declining = kinds(DECLINES, sentences);
        Kinds uninterested = kinds(NOT_INTERESTED, sentences);
        Kinds notWanted = kinds(NOT_WANTED, sentences);
        Kinds refusing = kinds(REFUSING, sentences);
        for (int index = 0; index < sentences.length; index++) {
            String sentence = sentences[index];
            // Beside sentences that only decline ("No. Cancel right away."), a sentence reads as a whole reply, as
            // beside a clause that does ("No, cancel right away"): a third reviewer's probe, 2026-12-07.
            if (sentences.length > 1 && (classifyWhole(sentence, declining.othersAre(index))
                    == Intent.OPT_OUT || uninterested.othersAre(index) && stopAsideIn(sentence, true)
                    || notWanted.othersAre(index) && refusing.anyOther(index) && stopKin(sentence))) {
                return Intent.OPT_OUT;
            }
            String[] clauses = CLAUSE_END.split(sentence);
            Kinds decliningClauses = kinds(DECLINES, clauses);
            Kinds uninterestedClauses = kinds(NOT_INTERESTED, clauses);
            Kinds notWantedClauses = kinds(NOT_WANTED, clauses);
            Kinds refusingClauses = kinds(REFUSING, clauses);
            for (int at = 0; at < clauses.length; at++) {
                String clause = clauses[at];
                if (clauses.length > 1 && (stopWordAlone(clause) || stopReferentAlone(clause)
                        || stopAsideIn(clause, uninterestedClauses.othersAre(at))
                        || notWantedClauses.othersAre(at) && refusingClauses.anyOther(at) && stopKin(clause)
                        || decliningClauses.othersAre(at) && classifyWhole(clause, true) == Intent.OPT_OUT)) {
                    return Intent.OPT_OUT;
                }
            }
            if (clauses.length == 2 && wrongPersonToldTwice(clauses[0], clauses[1]) || refusedAfterAnd(sentence)) {
                return Intent.OPT_OUT;
            }
        }
        return whole;
    }

    /**
     * A refusal for good joined to the end of a sentence by "and" or "so", normalised, polite words and an interjection
     * after it aside: "Please delete my info and never contact me, thanks", "I moved away so never call me again",
     * "Borren mis datos y nunca me llamen", "Borren mis datos y no me vuelvan a marcar", "Effacez mes données et ne me
     * contactez plus jamais", "Rayez mon numéro pis appelez-moi plus jamais" (answers until 2026-12-07, a breaker's
     * probe: a refusal counted only as a sentence of its own). The joined part must read as a refusal alone
     * ({@link #REFUSED_ALONE}, {@link #REFUSED_SENTENCE}) and say "never", "again" or their kin
     * ({@link #EVER_AGAIN}), so "fix it and don't call me at work" stays an answer; so does one after a request to be
     * reached another way ({@link #OTHER_WAY_ASKED}: "Only text me and never call me", "Llámenme y nunca me escriban")
     * or words said to someone else ({@link #SAID_TO_ANOTHER}: "The judge told him to stay away and never contact me",
     * "I told Comcast to cancel and never call me"), as a business's voice ({@link #REPORTED}) and a past tense ("and
     * never called me") do. For a few hours that day each of those opted out (a reviewer's probe).
     */
    private static final Pattern JOINED = Pattern.compile("^(.+) (?:and|so|and then|then|y|et|donc|alors|asi que"
            + "|pis)"
            + " ((?:never|just never|don t|dont|do not|nunca|no me|ya no me|dejen de|ne m|ne me|ne plus|plus jamais"
            + "|(?:appelez|ecrivez|textez|contactez|rappelez) moi) .+)$");
    /** What makes a joined refusal one for good ({@link #JOINED}): "never", "again", "anymore" and their kin. */
    private static final Pattern EVER_AGAIN = Pattern.compile("(?:^| )(?:never|ever|again|any ?more|for good"
            + "|forever|nunca|jamas|mas|ya no|vuelv(?:an|as|a) a|jamais|plus)(?: |$)");
    /**
     * A request to be reached another way before a joined refusal, normalised: "text me", "texts only", "call me",
     * "email me"; "llámenme", "escríbanme", "mándenme mensajes", "por WhatsApp"; "textez-moi", "appelez-moi", "par
     * courriel".
     */
    private static final Pattern OTHER_WAY_ASKED = Pattern.compile("(?:^| )(?:(?:text|txt|call|email|e mail"
            + "|message|msg|whatsapp|ring|phone|write) me|(?:texts?|txt|calls?|emails?|messages?|sms|whatsapp) only"
            // A preference stated ("Prefiero correo así que nunca me llamen", "J'aime mieux les courriels",
            // "Les textos c'est correct pis appelez-moi plus jamais": a second reviewer's probe, 2026-12-07).
            + "|prefer|prefiero|prefiere|preferimos|mejor por|je prefere|j aime mieux|c est correct|c est correcte"
            + "|are fine|is fine|is ok|are ok|son mejores|esta bien"
            + "|only (?:text|txt|call|email|message)|llamenme|llamame|escribanme|escribeme|mandenme|envienme"
            + "|textame|textenme|(?:por|par) (?:texto|textos|sms|mensaje|mensajes|correo|courriel|email|whatsapp"
            + "|telefono|telephone)|(?:textez|ecrivez|appelez|envoyez|texte|ecris|appelle) moi)(?: |$)");
    /**
     * Words said, told or ordered to someone else before a joined refusal, normalised: "told him to", "asked my old
     * bank to", "was ordered to", "said to"; "le dije a", "j'ai dit à".
     */
    private static final Pattern SAID_TO_ANOTHER = Pattern.compile("(?:^| )(?:told|tell|tells|telling|asked|ask|asks"
            + "|ordered|orders|said|says|warned|begged|dije|dijo|dijeron|pedi|pidio|ordeno|dit|demande|ordonne)"
            + "(?: |$)");

    private boolean refusedAfterAnd(String sentence) {
        String normalised = Replies.normalise(sentence);
        // Polite words out first ("delete my info and never contact me thanks"), and kept when nothing would be left
        // before the joining word ("Merci pis rappelez-moi plus jamais": a second reviewer's probe, 2026-12-07).
        for (String rest : List.of(withoutPoliteWords(normalised), normalised)) {
            Matcher joined = JOINED.matcher(TRAILING_ASIDE.matcher(rest).replaceAll(""));
            if (joined.matches()) {
                return refusedAfter(joined.group(1) + " ", joined.group(2), normalised);
            }
        }
        return false;
    }

    /**
     * @param before what comes before the joining word, and a space
     * @param refusal what comes after it
     * @param normalised the whole sentence, polite words kept: "ya no" (no more) is a polite "ya" and a "no"
     */
    private boolean refusedAfter(String before, String refusal, String normalised) {
        if (REPORTED.matcher(before).find() || OTHER_WAY_ASKED.matcher(before).find()
                || SAID_TO_ANOTHER.matcher(before).find() || FRENCH_NOT_TO_US.matcher(refusal).find()) {
            return false;
        }
        return (EVER_AGAIN.matcher(refusal).find() || normalised.contains(" ya no me "))
                && (REFUSED_ALONE.matcher(refusal).matches() || refused(REFUSED_SENTENCE, refusal));
    }

    /**
     * A French "ne me ..." joined refusal whose verb is not the "vous" imperative: "Votre agent a pris ma plainte et
     * ne me recontacte plus jamais" says what the agent does (an opt-out for a few hours on 2026-12-07, a second
     * reviewer's probe); "et ne me recontactez plus" tells us.
     */
    private static final Pattern FRENCH_NOT_TO_US = Pattern.compile("^ne (?:me |m )(?!\\S*ez(?: |$))\\S+");

    /**
     * A reassigned number's holder telling us so, normalised: each opts out as a whole sentence
     * ({@link #WHOLE_SENTENCE_OPT_OUTS}), or as a clause of a sentence of two whose other clause says so again
     * ({@link #WRONG_PERSON_ASIDE}).
     */
    private static final Set<String> WRONG_NUMBER_ES = Set.of("numero equivocado", "tiene el numero equivocado",
            "se equivoco de numero", "se equivocaron de numero", "tienen el numero equivocado",
            // As respondents texted them at a welcome (answers until 2026-12-07, the welcome sent again).
            "se equivoco de persona", "se equivocaron de persona", "persona equivocada");
    private static final Set<String> WRONG_NUMBER_FR = Set.of("mauvais numero", "vous avez le mauvais numero",
            "erreur de numero",
            // As respondents texted them at a welcome (answers until 2026-12-07, the welcome sent again).
            "vous vous etes trompe de numero", "vous vous etes trompes de numero", "vous vous etes trompee de numero",
            "trompe de numero");
    private static final Set<String> WRONG_NUMBER = union(union(WRONG_NUMBER_ES, WRONG_NUMBER_FR), Set.of(
            "wrong number", "you have the wrong number",
            "youve got the wrong number", "you have got the wrong number", "this is the wrong number",
            "you have a wrong number", "wrong person",
            "wrong number lol", "wrong number haha", "lol wrong number",
            // A compliance officer's probe (the welcome again, or answers, until 2026-12-07): "You've" normalises to
            // "you ve", so "youve got the wrong number" alone took only the spelling without an apostrophe.
            "you ve got the wrong number", "you got the wrong number", "u have the wrong number",
            "u got the wrong number", "you have the wrong person", "you ve got the wrong person",
            "i think you have the wrong number", "you got the wrong guy", "you have the wrong guy", "wrongnumber",
            "wrong num"));

    /**
     * What a reassigned number's holder says beside "wrong number" in one sentence, normalised: who they are not
     * ("This is not Maria, wrong number", "no soy Juan, número equivocado"; "Not Maria, wrong number" since
     * 2026-12-07, {@link #NOT_A_NAME}), or that the number be removed ("Wrong number, please remove"). Each was an
     * answer until 2026-12-07 (a compliance officer's probe), as "wrong number" opted out as a whole sentence only; a
     * list of complaints ("Wrong number, wrong address, late delivery") is still an answer, and so is a state rather
     * than a person ("Wrong number, I'm not happy", "..., it is not fixed": opt-outs for a few hours that day, a
     * reviewer's probe).
     */
    private static final Pattern WRONG_PERSON_ASIDE = Pattern.compile("(?:(?:this is|it is|its|it s|i am|im|i m)"
            + " not|this isnt|this isn t) (?!(?:happy|satisfied|sure|fixed|working|good|ok|okay|right|correct"
            + "|done|resolved|great|bad|fine|pleased|impressed|available|able|home|working|helpful)(?: |$))\\p{L}+"
            + "(?: \\p{L}+)?|no \\p{L}+ here"
            + "|there is no \\p{L}+ here|who is this|remove(?: me| this number| my number| it)?|no soy \\p{L}+"
            + "|(?:ce n est pas|je ne suis pas) \\p{L}+|quit(?:e|a)me|borr(?:e|a) (?:este numero|mi numero)"
            + "|retirez(?: moi| ce numero| mon numero)?");

    /**
     * "Not" and a name, as written: "Not Maria", "not John Smith", "not me" (since 2026-12-07). A name only when it is
     * capitalised and no state ("Not Happy", "Not Delivered" in title case), so that "Wrong number, not delivered"
     * and "Not acceptable, wrong number", complaints, stay answers (for a few hours that day any word after "not"
     * counted, a reviewer's probe); a name written in lower case ("not maria") is not taken for one.
     */
    private static final Pattern NOT_A_NAME = Pattern.compile("\\s*(?i:not)\\s+(?:(?i:me)|(?!(?i:happy|satisfied|sure"
            + "|fixed|working|good|ok|okay|right|correct|done|resolved|great|bad|fine|pleased|impressed|available|able"
            + "|home|helpful|now|delivered|received|acceptable|possible|refunded|professional|recommended|surprised"
            + "|cool|sorted|really|very|so|too|at|yet|again|interested|even|much|true|today|here|yours|mine)\\b)"
            + "\\p{Lu}\\p{Ll}*(?:\\s+\\p{Lu}\\p{Ll}*)?)\\s*[.!?]*\\s*");

    /** True when one clause is a wrong-number phrase and the other says it again ({@link #WRONG_PERSON_ASIDE}). */
    private boolean wrongPersonToldTwice(String first, String second) {
        String one = withoutPoliteWords(Replies.normalise(NUMBER_SIGN.matcher(first).replaceAll(" number ")));
        String two = withoutPoliteWords(Replies.normalise(NUMBER_SIGN.matcher(second).replaceAll(" number ")));
        return WRONG_NUMBER.contains(one) && aside(two, second) || WRONG_NUMBER.contains(two) && aside(one, first);
    }

    /** The clause beside "wrong number", normalised and as written, says it again ({@link #WRONG_PERSON_ASIDE}). */
    private static boolean aside(String normalised, String written) {
        return WRONG_PERSON_ASIDE.matcher(normalised).matches() || NOT_A_NAME.matcher(written).matches();
    }

    /** True when a clause, polite words aside, is "stop it" or its kin ({@link #stopReferent}): "Stop it, no". */
    private boolean stopReferentAlone(String clause) {
        return stopReferent(withoutPoliteWords(Replies.normalise(clause)));
    }

    /** True when a clause, polite words aside, is one of {@link #CLAUSE_WORDS}, once or repeated ("stop stop"). */
    private boolean stopWordAlone(String clause) {
        String rest = withoutPoliteWords(Replies.normalise(STOP_SIGN.matcher(clause).replaceAll(" stop ")));
        Set<String> words = Set.copyOf(spelled(List.of(rest.split(" "))));
        return words.size() == 1 && CLAUSE_WORDS.containsAll(words);
    }

    /**
     * The number sign, read as the word it stands for ("wrong #"): normalising would drop it as punctuation, leaving
     * "wrong", and an opt-out phrase may not be a word every complaint holds. One before a letter is a hashtag's
     * ("#stop", read as "stop": an answer until 2026-12-07), dropped as punctuation.
     */
    private static final Pattern NUMBER_SIGN = Pattern.compile("[#\uFF03](?!\\p{L})");

    /** Spanish's whole-sentence refusals ({@link #WHOLE_SENTENCE_OPT_OUTS}), for {@link #writtenIn}. */
    private static final Set<String> WHOLE_SENTENCE_ES = union(WRONG_NUMBER_ES, Set.of("dejen de acosarme",
            "deja de acosarme", "borrame de la lista", "borrenme de la lista", "saquenme de la lista",
            "sacame de la lista", "no quiero sus encuestas", "no quiero sus mensajes", "ya no me manden nada",
            "no me manden nada", "no molesten", "dar de baja",
            // Whole sentences only: inside one a preference ("No quiero texts en inglés, mejor en español", a
            // reviewer's probe, 2026-12-07).
            "no quiero texts", "no quiero mas texts", "no quiero texts de ustedes", "no quiero sus texts"));
    /** French's whole-sentence refusals ({@link #WHOLE_SENTENCE_OPT_OUTS}), for {@link #writtenIn}. */
    private static final Set<String> WHOLE_SENTENCE_FR = union(WRONG_NUMBER_FR, Set.of("je ne veux pas de sondages",
            "je veux pas de sondages", "enlevez moi de votre liste", "enlevez moi de la liste",
            "ca suffit les messages", "j en ai marre de vos messages"));

    /**
     * The language, Spanish ({@code es}) or French ({@code fr}), of a reply that is one of the whole-sentence refusals
     * every language's words read ({@link #WHOLE_SENTENCE_OPT_OUTS}: "Mauvais numéro", "No molesten"), polite words of
     * any built-in language aside; empty for any other reply. English's words read these too, so "Mauvais numéro" to
     * an English survey was confirmed in English while "Faux numéro" was in French (a reviewer's probe, 2026-12-07).
     */
    public static Optional<String> writtenIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String rest = ALL_BUILT_IN.withoutPoliteWords(Replies.normalise(text));
        return WHOLE_SENTENCE_ES.contains(rest) ? Optional.of("es")
                : WHOLE_SENTENCE_FR.contains(rest) ? Optional.of("fr") : Optional.empty();
    }

    /**
     * Replies that opt out as a whole sentence only, normalised: chiefly a reassigned number's holder telling us so,
     * in any of the built-in languages, since "wrong number" inside a sentence is as likely a complaint about a call
     * centre.
     */
    private static final Set<String> WHOLE_SENTENCE_OPT_OUTS = union(union(WRONG_NUMBER, union(WHOLE_SENTENCE_ES,
            WHOLE_SENTENCE_FR)), Set.of(
            // Opt-outs only as a whole reply or sentence, polite words aside: inside a longer sentence they are as
            // likely an answer ("they should stop asking for my zip code"). A compliance officer's probe texted
            // each alone (answers until 2026-12-06).
            "stop asking", "but stop", "no stop", "i revoke", "delete me",
            // Opting out in other words, as a compliance officer texted them (answers until 2026-12-07); inside a
            // sentence each is as likely an answer ("opting out of the premium plan", "a cease and desist letter",
            // "I do not consent to sharing my data"), as a reviewer's probe found the same day.
            "opting out", "im opting out", "i m opting out", "i am opting out", "i opt out", "cease and desist",
            "i do not consent",
            "i dont consent", "i don t consent",
            // Until 2026-12-07 phrases anywhere in a reply, so "Please stop these price increases" and "they should
            // stop it with the ads" opted out (an analyst's probe): they name nothing refused.
            "stop it", "stop this", "stop these", "stop all", "stop this nonsense", "stop this crap", "stop this bs",
            // In a sentence an answer names others ("take my number off the old account", "the rep said never call
            // this number for support"): alone, the respondent's own (a breaker's probe, 2026-12-07).
            "take my number off", "never call this number", "stop phoning",
            // As a respondent texted them (answers until 2026-12-07); inside a sentence as likely a complaint ("the
            // app should remove this number from my old account").
            "go away", "go away already", "go away forever", "go away seriously", "stop asking already",
            "remove this number", "delete this number", "lose this number",
            // As breakers texted them (answers until 2026-12-07); whole sentences only, as inside one they may report
            // what someone said ("Le vendeur m'a dit foutez-moi la paix": a compliance reviewer's probe).
            "leave me be", "let me be", "get lost", "i don t want surveys", "i dont want surveys",
            "i do not want surveys", "don t want surveys", "dont want surveys", "i don t want your surveys",
            "i dont want your surveys", "i do not want your surveys", "i don t want texts", "i dont want texts",
            "i do not want texts", "i don t want your texts", "i dont want your texts", "i don t want messages",
            "i do not want messages", "i dont want messages", "i m done with your texts", "im done with your texts",
            "done with the texts", "stop with the surveys", "stop with the texts",
            // A compliance officer's probe (asked again until 2026-12-07).
            "unenroll", "unenroll me",
            // As a compliance reviewer texted them (answers until 2026-12-07); inside a sentence as likely a
            // complaint ("no surveys at the register", "I don't do surveys on the phone usually but ok").
            "no surveys", "i don t do surveys", "i dont do surveys", "i do not do surveys", "pas de sondages",
            "i don t want ur texts", "i dont want ur texts", "i do not want ur texts", "no surveys for me",
            "quit sending surveys", "we don t want your surveys", "we dont want your surveys",
            "we do not want your surveys",
            "wrong numbr",
            "wrng number", "wrong nmber"));


    /**
     * The stop sign emoji (U+1F6D1, with or without its emoji presentation selector U+FE0F), read as the word "stop":
     * normalising would drop it as a symbol, and a respondent texting 🛑 alone asks to stop "by any reasonable means"
     * (47 CFR 64.1200(a)(10)); Twilio's keyword filter does not catch it, so the service confirms the opt-out itself.
     */
    private static final Pattern STOP_SIGN = Pattern.compile("\uD83D\uDED1\uFE0F?");

    /**
     * "Stop it", "stop this", "stop these" or "stop all" as the whole of a sentence or clause, with the words said
     * around it ("Oh stop it", "Can you stop this?", "STOP IT STOP IT", "stop it already"), normalised and without
     * polite words: until 2026-12-07 these were phrases matched anywhere, so "Please stop these price increases" opted
     * out; for a few hours that day only the bare phrase did, and "Stop it, I'm not interested" was an answer (a
     * breaker's probe). Inside a longer clause ("they should stop it with the ads") it is an answer.
     */
    private static boolean stopReferent(String normalised) {
        String[] words = normalised.split(" ");
        int at = 0;
        while (at < words.length) {
            if (REFERENT_LEAD.contains(words[at])) {
                at++;
            } else if (at + 1 < words.length && REFERENT_LEAD.contains(words[at] + " " + words[at + 1])) {
                at += 2;
            } else {
                break;
            }
        }
        if (at + 1 >= words.length || !words[at].equals("stop") || !REFERENTS.contains(words[at + 1])) {
            return false;
        }
        for (int after = at + 2; after < words.length; after++) {
            if (!REFERENT_TRAIL.contains(words[after])) {
                return false;
            }
        }
        return true;
    }

    /**
     * What may come before "stop it" ({@link #stopReferent}), a word or two at a time. Read word by word, not as a
     * regular expression's repeated group, which recursed once a word: 4,096 characters of "no," overflowed the stack
     * (until 2026-12-08, found measuring the worst case).
     */
    private static final Set<String> REFERENT_LEAD = Set.of("oh", "no", "so", "please", "come on", "can you",
            "could you", "will you", "would you");
    /** What "stop" refers to in "stop it" ({@link #stopReferent}). */
    private static final Set<String> REFERENTS = Set.of("it", "this", "these", "all");
    /** What may follow "stop it" ({@link #stopReferent}): "stop it already", "STOP IT STOP IT", "stop it now". */
    private static final Set<String> REFERENT_TRAIL = Set.of("stop", "it", "this", "these", "all", "already", "no",
            "right", "now", "immediately");

    /**
     * Stop and what is refused named, anywhere in a reply, with the words that may stand between them: "Stop all of
     * these messages", "stop these annoying texts", "stop these robocalls", "stop all communication", "Stop this
     * harassment" (answers for a few hours on 2026-12-07, by a breaker's probe).
     */
    private static final Pattern STOP_CONTACT = Pattern.compile("(?:^| )stop (?:(?:all|of|these|this|the|your|my"
            + "|annoying|spam|spammy|stupid|automated|unwanted|robo|constant|fucking|freaking|frigging|damn|bloody) )*"
            + "(?:texts?|txts?|messages?|msgs?|calls?|robocalls?|surveys?|communications?|contact|contacting|spam"
            + "|emails?|harassment|harassing|sms)(?: |$)"
            // An oath between stop and the contact it refuses: "Stop fucking texting me" (an answer until 2026-12-07).
            + "|(?:^| )stop (?:fucking|freaking|frigging|damn|bloody) (?:texting|txting|messaging|calling|contacting"
            + "|spamming|bothering)(?: |$)");

    /**
     * Refusals that opt out only as the whole reply (polite words aside), as respondents' and a caller's probes wrote
     * and said them on 2026-12-07 (asked again, or answers, before): French without "plus" ("Ne m'appelez pas",
     * "ne me contactez pas, merci"), no more contact ("je ne veux plus être contacté", "arrêtez de me texter");
     * Spanish unsubscribing ("desuscríbanme", "me quiero dar de baja") and the "usted" forms the survey speaks in
     * ("no me envíe más mensajes", "deje de llamarme"); English "I don't want any more of these calls", "enough with
     * the texts", "not interested in any more messages", "I never want to hear from you again". Inside a longer reply
     * each is as often no refusal (two reviewers' probes the same day): "Pourquoi vous ne m'appelez pas ?",
     * "no me envíe mensajes después de las 8", "El técnico dijo que deje de llamarme", "enough with the calls from
     * sales reps",
     * "I don't want to hear from you again until the outage is fixed"; and "cancelar mi suscripción", "no me
     * contacté" are a churn reason and a past tense, no refusal even alone.
     */
    private static final Pattern REFUSED_ALONE = Pattern.compile("(?:(?:je )?(?:ne m appelez|ne m appelle"
            + "|ne me contactez|ne me contacte|ne m ecrivez|ne m ecris|ne me textez|ne m envoyez|ne m envoie) pas"
            + "(?: de messages?)?"
            + "|(?:non )?je (?:ne )?veux plus etre contactee?(?: par (?:telephone|sms|texto|textos|messages?|courriel"
            + "|email|appels?))?|arretez? de me texter"
            + "|(?:quiero )?(?:desuscribirme|desuscribanme|desuscribame|desuscribeme)|me quiero dar de baja"
            + "|no me molesten|no me moleste|no me contacte|no me (?:envie|mande|envien|manden) (?:mas )?"
            + "(?:mensajes|encuestas)"
            + "|ya no me (?:envie|mande|envien|manden) (?:mensajes|encuestas|nada)"
            + "|(?:ya )?dejen? de (?:llamarme|escribirme|enviarme mensajes|mandarme mensajes|marcarme|hablarme)"
            + "|(?:(?:no|nope) )?(?:(?:i )?(?:don t|dont|do not) want (?:any ?more|no more) (?:of )?(?:these |your )?"
            + "(?:calls|texts|text messages|messages|surveys)"
            + "|(?:no more|enough with)(?: of)?(?: these| your| the)? (?:calls|texts|text messages|messages|surveys)"
            + "|(?:i m |im |i am )?not interested in any ?more(?: of)?(?: these| your)? (?:calls|texts|messages"
            + "|surveys)"
            + "|(?:i )?(?:never|don t|dont|do not) want to hear from you(?: guys| people)? (?:ever )?again"
            // A compliance officer's probe (answers, or asked again, until 2026-12-07): "Never text me", "Don't send
            // me texts", "No calls please", "How can I stop getting these texts?", "Can you please stop?", "I'd like
            // to be removed". Inside a longer sentence each is as likely an answer ("they never call me back", "no
            // calls were returned").
            + "|(?:i )?(?:don t|dont|do not|never|never ever) (?:send|text|txt|message|msg|call|contact|survey|bother"
            + "|bug|reach out to)(?: or (?:call|text|message|email))? me(?: (?:texts?|messages?|surveys?|sms|calls?"
            + "|anything))?(?: (?:ever )?again| any ?more)?"
            + "|(?:don t|dont|do not|never) ask me (?:ever )?again"
            + "|(?:don t|dont|do not) send (?:me )?(?:any )?(?:texts|messages|surveys|sms)"
            + "|(?:i )?(?:don t|dont|do not) want to (?:get|receive) (?:any ?more |no more )?(?:of )?(?:these |your"
            + " |the |any )?(?:texts|text messages|messages|calls|surveys|sms)(?: from you(?: guys)?)?"
            + "|how (?:to|do i|can i|do you) (?:unsubscribe|opt out|get off (?:this|your|the) list|stop (?:these"
            + "|getting (?:these |this |your |the )?(?:texts|messages|calls|surveys))|make (?:these|the) (?:texts"
            + "|messages|calls) stop)"
            + "|(?:fuck|piss|bugger) off|knock it off"
            + "|(?:i d|id|i would|i want|i wish|i d like|id like|i would like) to be removed(?: from (?:your|the|this)"
            + " (?:list|mailing list|contact list|database|system|survey list|surveys|texts|calling list|call list))?"
            + "|i want off (?:this|your|the) list)"
            + "(?: already| anymore| any more)?)"
            + "(?: (?:svp|stp|merci|s il vous plait|por favor|gracias))*");

    /**
     * More refusals that opt out as a whole reply or sentence only, normalised and without polite words, each in its
     * language's built-in words, as a compliance officer's and two reviewers' probes wrote them (asked again, or
     * answers, until 2026-12-07): being done with them all ("I'm done with your surveys"), "stop getting these texts",
     * "no more survey texts"; Spanish "paren los mensajes", "no me vuelvan a contactar", "sáquenme de su lista",
     * "nunca me llamen", "no envíen encuestas", "harto de sus encuestas"; French "ne me recontactez pas", "ne m'appelez
     * jamais", "arrêtez les sms", "stop les textos", "plus jamais de sondages", "merci de ne plus me contacter",
     * "j'en ai marre de vos sondages". For a few hours that day they were matched anywhere, and complaints opted out
     * ("I stop getting texts when I'm roaming", "Le technicien ne m'appelle jamais", "Stop les appels coupés", "Que
     * paren las llamadas caídas", "No manden encuestas tan largas", "J'en ai assez de vos appels coupés").
     */
    private static final Map<String, Pattern> REFUSED_SENTENCE = Map.of(
            "en", Pattern.compile("(?:i m |im |i am )?(?:so )?done with (?:your|these) (?:surveys|texts|messages)"
                    + "|(?:i want to |i d like to |id like to )?stop getting (?:these |your |the )?(?:texts|messages"
                    + "|calls|surveys)|(?:please )?stop getting in touch"
                    + "|no more questions ever|no more survey (?:texts|messages|calls)"
                    + "|no (?:surveys|texts|calls|messages) ever(?: again)?"
                    + "|(?:put|add) me (?:on|to) (?:your|the) (?:dnc|do not call) list|dnc list|cease all contact"
                    + "|count me out of (?:these|your) surveys"),
            "es", Pattern.compile("(?:que )?paren(?: ya)? (?:los mensajes|las llamadas|las encuestas"
                    + "|de (?:escribirme|llamarme|enviarme(?: mensajes| encuestas)?|mandarme(?: mensajes| encuestas)?"
                    + "|molestarme|contactarme))"
                    // The negation is no option: "me vuelva a llamar" asks for a call back (an opt-out for a few
                    // hours on 2026-12-07, a third reviewer's probe).
                    + "|(?:no quiero que me|no me|nunca (?:mas )?me) vuelv(?:an|as|a) a (?:contactar|escribir|llamar"
                    + "|marcar|hablar|mandar(?: mensajes| encuestas)?|enviar(?: mensajes| encuestas)?)"
                    + "(?: nunca(?: mas)?| jamas)?"
                    // Mexican wordings (answers until 2026-12-07, a breaker's probe): "No me vuelvan a marcar", "Ya
                    // no me hablen", "No me marquen más".
                    + "|(?:ya )?no me (?:marquen|hablen|marques|hables)(?: mas| nunca| nunca mas)?"
                    + "|ya no me (?:llamen|escriban|contacten)(?: mas| nunca| nunca mas)?"
                    + "|no me esten (?:marcando|llamando|escribiendo|molestando)(?: mas)?"
                    + "|no me (?:marquen|llamen|hablen) ni me (?:escriban|marquen|llamen|(?:manden|envien) mensajes)"
                    + "|nunca (?:mas )?me (?:llamen|escriban|contacten|llames|escribas|contactes|manden|envien"
                    + "|marquen|hablen)"
                    + "(?: (?:mensajes|encuestas))?|no quiero recibir mas encuestas"
                    + "|(?:eliminenme|elimineme|eliminame) de (?:su|sus|la|tu) listas?"
                    + "|(?:saquenme|saqueme|sacame) de (?:su|sus|esta|la|tu|vuestra) listas?(?: de (?:contactos|correo"
                    + "|mensajes|envios|llamadas))?"
                    + "|no (?:me )?(?:envien|manden|envies|mandes) (?:mas )?encuestas|no molestar"
                    + "|como (?:dejo de recibir|hago para no recibir) (?:estos |sus |los )?(?:mensajes|encuestas"
                    + "|llamadas)|(?:estoy )?(?:harto|harta|cansado|cansada) de sus (?:encuestas|mensajes)"),
            "fr", Pattern.compile("(?:je ne veux plus (?:que vous )?)?ne (?:me recontactez|me recontacte) (?:pas|plus"
                    + "|jamais|plus jamais)|ne (?:m appelez|m ecrivez|me contactez|me rappelez) (?:jamais|plus jamais"
                    + "|a aucun moment)"
                    + "|(?:stop|arrete|arretez) (?:les|vos|ces) (?:sms|textos|messages|appels|sondages)|arretez? tout"
                    + "|n envoyez plus de sondages|plus jamais de (?:sondages|messages|sms|appels|textos)"
                    + "|je ne veux plus de (?:vos|ces) (?:messages|sms|appels|sondages|textos)|ne plus me contacter"
                    + "|comment arreter (?:ces|les|vos) (?:messages|sms|textos|appels|sondages)"
                    + "|ne plus (?:me contacter|m ecrire|m appeler|me deranger|m envoyer de (?:messages|sms|sondages))"
                    + "|(?:j en ai|jen ai) (?:assez|marre) de vos (?:sondages|messages|appels|textos|sms)"
                    + "|(?:je suis |chu |j suis )?tannee? de vos (?:sondages|messages|appels|textos)"
                    + "|lachez moi avec vos (?:sondages|messages|appels|textos)"
                    + "|(?:cesser|arreter) de (?:m appeler|m ecrire|me contacter"
                    + "|m envoyer des (?:messages|sms|sondages))"
                    + "|(?:cesser|arreter) (?:les|vos) (?:messages|appels|sms|sondages)"
                    + "|me retirer de (?:la|votre|vos) listes?"
                    // Québec and spoken wordings without "ne" (answers until 2026-12-07, a breaker's probe): "Rayez
                    // mon numéro", "Appelez-moi plus jamais".
                    + "|(?:rayez|supprimez|effacez|retirez|enlevez) mon numero(?: de (?:votre|vos|la|cette) listes?)?"
                    + "|(?:appelez|ecrivez|textez|contactez|rappelez|appelle|ecris|texte) moi (?:plus )?jamais"
                    + "(?: plus)?"));

    /**
     * Refusals that opt out only as the whole reply, normalised and without polite words: after another sentence they
     * are as often about a product ("You charged me twice. Can you stop?", "The buffering never ends. Make it stop.",
     * "The invoice has a typo. Not my number.", "End the survey? Sure, 5 stars", "Done with the calls. Switching to
     * another carrier.": reviewers' probes, 2026-12-07). Alone, each refuses the texts or says the number is not the
     * respondent's: "Can you please stop?", "Make them stop", "I want these texts to stop", "End the survey" (as "end
     * survey" and "stop the survey" opt out), "I'm done with you guys", "DNC", "Not my number", "Ce n'est pas mon
     * numéro", "No es mi número".
     */
    private static final Map<String, Pattern> REFUSED_AS_THE_WHOLE_REPLY = Map.of(
            "en", Pattern.compile("(?:can|could|will|would) you stop(?: it| this| that| these| texting me"
                    + "| messaging me)?|how do i stop (?:it|them|this)|make (?:it|them|this) stop"
                    + "|(?:i )?(?:just )?want (?:these|the|your) (?:texts|messages|calls|surveys) to stop"
                    + "|not my number|this isn t my number|this isnt my number|this is not my number"
                    + "|this number isn t mine|this number isnt mine|this isn t my phone|this isnt my phone"
                    + "|(?:i m |im |i am )?(?:so )?done with (?:the (?:surveys|texts|messages|calls)|you guys"
                    + "|you people)|(?:end|quit|cancel|stop) (?:the|this) survey(?: now)?|dnc"
                    + "|i (?:didn t|didnt|did not|never) sign(?:ed)? up for (?:this|these|that|any of this"
                    + "|(?:these|your) (?:texts|surveys|messages|calls)|this crap)|never signed up for (?:this|these)"),
            "es", Pattern.compile("numero incorrecto|numero erroneo|(?:ese )?no es mi numero|(?:que )?paren(?: ya)?"
                    + "|como me doy de baja"),
            "fr", Pattern.compile("ce n est pas (?:le bon numero|mon numero)|c est pas (?:le bon numero|mon numero)"
                    + "|faux numero|mauvais numero|lachez moi"));

    /**
     * Whole-reply refusals that a question mark makes a question ("DNC?", "End the survey?"), as it does "Start?": no
     * refusal (opt-outs for a few hours on 2026-12-07, a third reviewer's probe).
     */
    private static final Pattern ASKED_NOT_TOLD = Pattern.compile("dnc|(?:end|quit|cancel|stop) (?:the|this) survey"
            + "(?: now)?");

    /** True when {@code rest} is one of {@code patterns}' refusals, in a language these words read. */
    private boolean refused(Map<String, Pattern> patterns, String rest) {
        return builtIn.stream().anyMatch(language -> patterns.get(language).matcher(rest).matches());
    }

    /**
     * "No calls", "No texts" with a polite word, or two of them ("No calls or texts", "No calls, no texts"),
     * normalised, as the whole reply: "No texts please" refuses them (answers until 2026-12-07), where "No texts"
     * alone is as likely a telecom customer's fault report, or the no to "May we contact you?" (a reviewer's probe).
     */
    private static final String NO_CONTACT = "no (?:more )?(?:calls|texts|contact|surveys|messages|sms|phone calls)";
    private static final String THANKS = "(?: (?:please|pls|plz|thanks|thank you|thx|ty))";
    private static final Pattern NO_CONTACT_SAID_SO = Pattern.compile("(?:please |pls |plz )?" + NO_CONTACT
            + "(?: (?:or|and|nor|ni))? (?:no )?" + NO_CONTACT.substring(3) + THANKS + "*"
            + "|(?:please|pls|plz) " + NO_CONTACT + THANKS + "*|" + NO_CONTACT + THANKS + "+");

    /**
     * A question mark, Latin, Spanish or full-width: "Start?" asks what starting means, and is no consent given again
     * (it opted a number back in until 2026-12-07, a compliance officer's probe), as Twilio's keyword match takes no
     * punctuation either.
     */
    private static final Pattern QUESTION_MARK = Pattern.compile("[?\u00BF\uFF1F]");

    /**
     * A Spanish past tense that normalises as a refusal does: "No me contacté" (I did not get in touch) is "no me
     * contacte" without its accent (a third reviewer's probe, 2026-12-07); French "être contacté" is no past tense.
     */
    private static final Pattern PAST_TENSE = Pattern.compile("(?iu)\\bme (?:contact|molest)\u00e9(?!\\p{L})");

    /**
     * "Stop" negated, normalised: "Never stop texting me", "Don't ever stop sending deals", "Don't you dare stop",
     * "Nunca dejen de llamarme", "No dejen de escribirme" ask for more, and opted out until 2026-12-07 (two reviewers'
     * probes), "stop texting me" being read anywhere. Read as "keep". Not "no" before "stop": "No, stop texting me"
     * is a refusal.
     */
    private static final Pattern NEVER_STOP = Pattern.compile("(^| )(?:(?:never|never ever|don t|dont|do not"
            + "|don t ever|dont ever|do not ever|don t you dare|dont you dare|nunca|nunca me|jamais)"
            + " (?:stop|quit|dejen de|dejes de|deje de|arretez de|arrete de)"
            // Spanish "no" only before its own verb: "No dejen de llamarme" asks for more, where "no stop texting
            // me" is "No, stop texting me" without its comma.
            + "|no (?:dejen de|dejes de|deje de)) ");

    /**
     * "Never" without "me", as the whole reply or beside a decline, polite words and an aside apart: "Never call again
     * please", "never text again", "Never call or text again", "Never call this number again" (answers until
     * 2026-12-08, while "don't text again" opted out; a carried gap). Not in a sentence among others nor after "and":
     * without "me" the subject may be the respondent's ("I'll cancel and never call again", "Never call again. The
     * chat is way faster.": opt-outs for a few hours that day, a compliance reviewer's probe).
     */
    private static final Pattern NEVER_AGAIN_BARE = Pattern.compile("(?:just )?(?:never )+(?:ever )*(?:text|txt|call"
            + "|message|msg|contact|email|phone|ring|survey|bother)(?: (?:or|nor) (?:call|text|message|email))?"
            + "(?: (?:this number|here|us|my phone))? (?:ever )?(?:again|any ?more)(?: ever)?");

    /** @param whole the whole reply, not one of its sentences or clauses ({@link #stopAside}'s any opt-out word) */
    private Intent classifyWhole(String text, boolean whole) {
        String rest = NEVER_STOP.matcher(withoutPoliteWords(Replies.normalise(text == null ? null
                : STOP_SIGN.matcher(NUMBER_SIGN.matcher(text).replaceAll(" number ")).replaceAll(" stop "))))
                .replaceAll("$1keep ");
        if (rest.isEmpty()) {
            return Intent.NONE;
        }
        List<String> words = List.of(rest.split(" "));
        List<String> asSpelled = spelled(words);
        if (asSpelled.stream().distinct().count() == 1 && optOutWords.contains(asSpelled.get(0))
                || (REFUSED_ALONE.matcher(rest).matches() || refused(REFUSED_SENTENCE, rest))
                && !PAST_TENSE.matcher(
                        java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC)).find()) {
            return Intent.OPT_OUT;
        }
        // Nothing but opt-out words, one of them a word no answer uses alone: "UNSUBSCRIBE STOP", "stop cancel",
        // "STOP STOPALL" (answers until 2026-12-06, as only one distinct word was taken).
        if (optOutWords.containsAll(words) && words.stream().anyMatch(CLAUSE_WORDS::contains)) {
            return Intent.OPT_OUT;
        }
        // "S T O P", "s.t.o.p" and Cyrillic or Greek letters that look Latin ("ЅТОР"): a respondent asking to stop by
        // any reasonable means (47 CFR 64.1200(a)(10)) is heard, where these were taken for answers.
        String spelled = asLatin(words.stream().allMatch(word -> word.length() == 1)
                ? String.join("", words) : rest, LOOKALIKES);
        if (!spelled.equals(rest) && optOutWords.contains(spelled)) {
            return Intent.OPT_OUT;
        }
        String trimmed = TRAILING_ASIDE.matcher(rest).replaceAll("");
        if (whole && (NEVER_AGAIN_BARE.matcher(rest).matches() || NEVER_AGAIN_BARE.matcher(trimmed).matches())) {
            return Intent.OPT_OUT;
        }
        if (!trimmed.equals(rest) && !trimmed.isEmpty() && (WHOLE_SENTENCE_OPT_OUTS.contains(trimmed)
                || REFUSED_ALONE.matcher(trimmed).matches() || refused(REFUSED_SENTENCE, trimmed))) {
            // "get lost lol", "leave me be already": an interjection or intensifier beside a refusal that opts out as
            // a whole reply (answers until 2026-12-07, a compliance reviewer's probe).
            return Intent.OPT_OUT;
        }
        if (WHOLE_SENTENCE_OPT_OUTS.contains(rest) || stopReferent(rest)
                || STOP_CONTACT.matcher(rest).find() || NO_MORE_SENDING.matcher(rest).find()
                || NO_MORE_OF_BOTH.matcher(rest).find() || REASSIGNED.matcher(rest).find()
                || ERASED_FROM_A_LIST.matcher(rest).find()
                || stopAside(asSpelled, whole) || stopAsideIn(text, whole)
                || misspelt(words)) {
            return Intent.OPT_OUT;
        }
        String padded = " " + rest + " ";
        for (String phrase : optOutPhrases) {
            if (saidUnqualified(padded, " " + phrase + " ")) {
                return Intent.OPT_OUT;
            }
        }
        if (optInWords.contains(rest) && !QUESTION_MARK.matcher(text).find()) {
            return Intent.OPT_IN;
        }
        return helpWords.contains(rest) ? Intent.HELP : Intent.NONE;
    }

    /**
     * What narrows a refusal to a time or a place, right after it and the person it names, normalised: "do not contact
     * me at work", "Please don't call me before 6pm, a text is fine", "do not text me at night", "no me llamen al
     * trabajo", "ne m'appelez plus le soir". Such a reply says when or where to reach the respondent (the shipped
     * quarterly-nps survey asks "When is the best time to reach you?"), and is an answer; until 2026-12-07 it opted the
     * number out for good and lost the answer (a respondent's probe). Only a refusal of the "do not call" kind is
     * narrowed ({@link #NARROWABLE}); one for good in itself ("never call me again", "revoke consent", "stop calling
     * me"), or widened after ({@link #FOR_GOOD}: "or any other time", "forever"), or of a channel ("by phone") still
     * opts out. A time is a clock's (at 5, 5pm, 17 00), never a phone number's digits.
     */
    private static final String WEEKDAY = "(?:mon|tues|wednes|thurs|fri|satur|sun)day";

    /** A clock time, normalised: 5, 5pm, 10am, 17 00 (one or two digits). */
    private static final String CLOCK = "\\d{1,2}(?:am|pm|h)?(?: |$)";

    private static final Pattern NARROWED = Pattern.compile("^(?:(?:me|us|him|her|them|my husband|my wife) )?"
            + "(?:at (?:work|night|home|the office|dinner|lunch|dinnertime|bedtime|" + CLOCK + ")|in the (?:morning"
            + "|mornings|evening|evenings|afternoon|afternoons|night)|before (?:" + CLOCK + "|noon|lunch|dinner|work|"
            + WEEKDAY + ")|after (?:" + CLOCK + "|noon|lunch|dinner|work|hours|" + WEEKDAY + ")|during (?:work"
            + "|the day|the week|business hours|office hours|meetings|dinner|lunch)|on (?:weekends|weekdays"
            + "|the weekend|" + WEEKDAY + "s?) |between " + CLOCK
            + "|al trabajo|en el trabajo|en la noche|por la noche|en la manana|por la manana|en la tarde|por la tarde"
            + "|antes de las|despues de las|los fines de semana|en horario de trabajo|a la oficina|en la oficina"
            + "|entre semana|el fin de semana"
            + "|au travail|au bureau|le soir|la nuit|le matin|avant " + CLOCK + "|apres " + CLOCK + "|le week end"
            + "|pendant les heures|en semaine|pendant la semaine)");

    /**
     * The refusals a time or a place may narrow, normalised: "do not" or "don't" and one way of contact, and their
     * Spanish and French kin ("no me llamen", "ne m'appelez plus"), without a word saying for good ("ever", "never",
     * "again"). A reviewer's probe found "Never call me again at work" and "i revoke consent at 5" narrowed for a few
     * hours on 2026-12-07.
     */
    private static final Pattern NARROWABLE = Pattern.compile("^(?!.*\\b(?:ever|never|again|nunca|jamas|mas"
            + "|jamais)\\b)(?:do not|dont|don t|dnt|please do not|please dont|no me|no|ne me|ne m|n)"
            + " (?:call|text|txt|message|msg|contact|phone|llamen|llames|llame|escriban|escribas|escriba|contacten"
            + "|contactes|contacte"
            + "|appelez|appelle|contactez|ecrivez)\\b.*");

    /**
     * Words after a narrowed refusal that widen it again: "don't call me, at work or anywhere", "at night or any other
     * time", "on weekends or weekdays", "ni le jour", "for good".
     */
    private static final Pattern FOR_GOOD = Pattern.compile("(?:^| )(?:anywhere|ever|again|any ?more|at all"
            + "|for good|forever|any other time|anytime|any time|or|ni|ou|nunca|jamas|jamais)(?: |$)");

    /**
     * A business's voice, just before a refusal, quoting it: "the support line kept saying do not call back" (an
     * opt-out until 2026-12-07). Only these subjects: the respondent's own repeated refusal ("I keep saying do not
     * call me", "I've said stop calling me", "We said do not call", "Mom says do not call this number") opts out, as
     * a reviewer's probe found it did not for a few hours that day.
     */
    private static final Pattern REPORTED = Pattern.compile("(?:^| )(?:(?:agent|rep|representative|support"
            + "|support line|line|staff|employee|manager|cashier|driver|technician|website|app|system|recording"
            + "|automated message) (?:\\p{L}+ )?(?:said|says|saying|told me|tells me|kept saying|keeps saying)"
            // French and Spanish, both ways: staff saying it, or the respondent saying it to staff ("Le vendeur m'a
            // dit foutez-moi la paix", "j'ai dit au vendeur arrêtez de me harceler": a compliance reviewer's probe,
            // 2026-12-07).
            + "|(?:vendeur|vendeuse|caissier|caissiere|employe|employee|conseiller|conseillere|agent|gerant"
            + "|vendedor|vendedora|cajero|cajera|empleado|empleada|agente|gerente) (?:\\p{L}+ )?(?:m a dit|a dit"
            + "|disait|me disait|me dijo|dijo|decia|me decia)"
            + "|(?:j ai dit|je lui ai dit|le dije|les dije) (?:au |a la |aux |al |a )?(?:vendeur|vendeuse|caissier"
            + "|caissiere|employe|employee|conseiller|conseillere|agent|gerant|vendedor|vendedora|cajero|cajera"
            + "|empleado|empleada|agente|gerente)) $");

    /**
     * True when {@code phrase} (padded with spaces) is in {@code padded} at least once neither narrowed to a time or a
     * place ({@link #NARROWED}, a refusal {@link #NARROWABLE} or {@link #DESCRIBABLE} and not widened again:
     * {@link #FOR_GOOD}), nor quoted from a business ({@link #REPORTED}), nor describing ({@link #DESCRIBED_BEFORE},
     * {@link #DESCRIBED_AFTER}).
     */
    private static boolean saidUnqualified(String padded, String phrase) {
        int first = padded.indexOf(phrase);
        if (first < 0) {
            // Most phrases are in no reply: their kind is read only for one that is (every text reads them all).
            return false;
        }
        boolean describable = DESCRIBABLE.matcher(phrase.strip()).matches();
        boolean narrowable = describable || NARROWABLE.matcher(phrase.strip()).matches();
        for (int at = first; at >= 0; at = padded.indexOf(phrase, at + 1)) {
            String after = padded.substring(at + phrase.length());
            String before = padded.substring(0, at + 1);
            boolean narrowed = narrowable && NARROWED.matcher(after).find() && !FOR_GOOD.matcher(after).find();
            boolean described = describable && (DESCRIBED_BEFORE.matcher(before).find()
                    || DESCRIBED_AFTER.matcher(after).find());
            boolean notOurs = ADDRESSABLE.matcher(phrase.strip()).matches()
                    && notToThisNumber(phrase.strip(), after, OWN_REQUEST.matcher(before.strip()).matches());
            if (!narrowed && !described && !notOurs && !REPORTED.matcher(before).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refusals of sending, calling or contacting without their object, normalised ("stop sending", "stop calling",
     * "don't call", "dejen de mandarme", "arrêtez de m'envoyer", "arrêtez d'appeler"): what follows may name what is
     * sent, or whom, and it may be no text or call to this number ({@link #NOT_TO_THIS_NUMBER}).
     */
    private static final Pattern ADDRESSABLE = Pattern.compile("(?:stop|quit|cease) (?:sending|calling|texting|txting"
            + "|messaging|msging|contacting|phoning|ringing|textin|textng|texing|textimg|txtin|callin|callng|messging)"
            + "|(?:don t|dont|do not|dnt) (?:call|text|txt|message|msg|contact|phone)"
            + "|(?:dejen|deja) de (?:enviar|mandar|llamar|escribir|enviarme|mandarme)"
            + "|(?:arretez|arrete|cessez|cesse) (?:de m envoyer|d appeler|d ecrire)|ne m envoyez plus"
            + "|ne m envoie plus");

    /** The {@link #ADDRESSABLE} refusals of sending, whose object may be goods ({@link #NOT_TO_THIS_NUMBER}). */
    private static final Pattern SENDING = Pattern.compile("(?:stop|quit|cease) sending|(?:dejen|deja) de (?:enviar"
            + "|mandar)(?:me)?|(?:arretez|arrete|cessez|cesse) de m envoyer|ne m envoyez plus|ne m envoie plus");

    /**
     * What, later in the words after an {@link #NOT_TO_THIS_NUMBER} object, names this number's texts, calls or
     * surveys, or the respondent, normalised: "stop sending me letters and texts", "stop sending me bills by text",
     * "stop calling my wife and me", "Dejen de llamar a mi mamá y a mí", "Stop calling the office for a survey". With
     * it the refusal stands (each was an answer for a few hours on 2026-12-07, a reviewer's probe).
     */
    private static final Pattern NAMES_THIS_NUMBER = Pattern.compile("(?:^| )(?:texts|txts|messages|msgs|sms"
            + "|calls|surveys|a survey|the survey|your survey|feedback|questionnaires?|polls?|ratings?|a rating"
            + "|(?:by|via|per|in a|a) (?:text|txt|message|msg|call)|mensajes|llamadas|encuestas|textos"
            + "|por (?:mensaje|texto|sms)|appels|sondages|messages texte|par (?:texto|message|sms)|and me|or me|me too"
            + "|y a mi|o a mi|et moi|ou moi)(?: |$)");
    /** Goods sent to this number ("Stop sending me bills on this number"): texts, whatever they carry. */
    private static final Pattern SENT_HERE = Pattern.compile("(?:^| )(?:on|to|at) this (?:number|phone)(?! s)(?: |$)");

    /**
     * What, after {@link #SOMEONE_ELSE}, says that person's phone is this one, normalised: it named the same way, its
     * holder gone or a child ("stop texting my husband, it's his phone", "stop calling my husband on this number",
     * "Please stop calling my mom, she passed away", "she's a minor", "Dejen de llamar a mi mamá, falleció",
     * "Arrêtez d'appeler mon père, il est mort"). Each was an answer for a few hours on 2026-12-07 (a reviewer's
     * probe); so, for a few more, were "the deadline passed" after goods and "call him on this number instead" (a
     * second reviewer's probe): the holder's pronoun must say it, and "on this number" must come first.
     */
    private static final Pattern HOLDER_IS_THIS_NUMBER = Pattern.compile("^(?:on|at) this (?:number|phone)(?: |$)"
            + "|(?:^| )(?:this (?:is|s)|it s|it is) (?:her|his|their) (?:phone|number|cell)(?: |$)"
            + "|(?:^| )this (?:phone|number) is (?:hers|his|theirs)(?: |$)|(?:^| )(?:his|her) phone is this one"
            + "|(?:^| )(?:she|he|they)(?: s| is| has| was| are| has been| s been)? (?:passed away|passed ?$|passed"
            + " (?:last|in|recently|yesterday)|died ?$|died (?:last|in|on|this|a|of|yesterday|recently|\\d)"
            + "|deceased|dead ?$|dead (?:for|since|now)|gone ?$|no longer with us|no longer alive|a minor|underage"
            + "|a child|a kid|(?:only )?(?:[1-9]|1[0-7])(?: years old)?(?: ?$| and )|only (?:one|two|three|four|five"
            + "|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
            + "|in \\d+(?:st|nd|rd|th) grade|passed on ?$)"
            + "|(?:^| )(?:this is|it s) my (?:phone|number|cell)(?: |$)|(?:^| )this phone belongs to (?:her|him|them)"
            + "|(?:^| )(?:this is|it s) (?:his|her) mobile"
            + "|(?:^| )(?:she|he) uses this phone|(?:^| )(?:she|he) (?:doesn t|does not|no longer) (?:have|has) this"
            + " number|(?:^| )(?:doesn t|does not) live here|(?:^| )moved out ?$|(?:^| )(?:tiene (?:[1-9]|1[0-7])"
            + " anos|es (?:un nino|una nina)|(?:ya )?no tiene este numero|(?:ya )?no vive aqui|(?:ya )?no esta con"
            + " nosotros|(?:il|elle) a (?:[1-9]|1[0-7])"
            + " ans|nous a quittes?|n habite plus ici|c est mon numero)(?: |$)"
            + "|(?:^| )(?:este es su (?:telefono|numero|celular)|c est son (?:telephone|numero|cellulaire)"
            + "|fallecio|murio|esta muerto|esta muerta|ya no esta con nosotros|es menor(?: de edad)?"
            + "|(?:il|elle) est (?:decede|decedee|mort|morte|mineur|mineure))(?: |$)");

    /**
     * What, right after an {@link #SENDING} refusal, names something sent that is no text or call, normalised (or,
     * {@link #SOMEONE_ELSE}, someone called who is not the respondent): bills, statements, catalogs, coupons, orders
     * and goods ("stop sending paper bills", "Stop sending me the wrong order", "Dejen de mandarme estados de cuenta",
     * "Arrêtez de m'envoyer des factures papier"), a relative, a workplace or a line ("I asked them to stop calling my
     * mom", "told the rep to stop calling her work", "told me to stop calling the hotline"). Each opted the number out
     * until 2026-12-07 (a compliance reviewer's probe). "Me" and the respondent's own phone are not here: "stop sending
     * me texts", "stop calling me and my mom", "stop calling my cell" still opt out.
     */
    private static final Pattern NOT_TO_THIS_NUMBER = Pattern.compile("^(?:(?:me|us) )?(?:(?:the|a|an|any|more|these"
            + "|those|all|my|your|wrong|expired|damaged|broken|paper|printed|physical|old|extra|duplicate|useless"
            + "|monthly|mailed|same|free|de|des|les|mes|vos|los|las|mis|sus|el|la|un|una|unos|unas|mas) ){0,3}"
            + "(?:bills?|statements?|catalogs?|catalogues?|coupons?|vouchers?|items?|products?|orders?|packages?"
            + "|parcels?|boxes|box|junk mail|mail|letters?|invoices?|cards?|samples?|checks?|cheques?|refunds?"
            + "|replacements?|shipments?|deliveries|flyers?|brochures?|magazines?|estados de cuenta|facturas?"
            + "|cupones|catalogos?|productos?|pedidos?|paquetes?|cartas?|recibos?|tarjetas?|factures?|colis"
            + "|produits?|lettres?|releves?|courriers?|echantillons?|commandes?)(?: |$)");
    /**
     * Someone else called, texted or sent to, right after an {@link #ADDRESSABLE} refusal, normalised: a relative (not
     * their phone, which may be this one: "stop calling my husband's phone"), a workplace or a line. See {@link
     * #NOT_TO_THIS_NUMBER}.
     */
    private static final Pattern SOMEONE_ELSE = Pattern.compile(""
            + "^(?:my|his|her|their|your|mi|su|sus|mis|a mi|a su|a mis|ma|mon|mes|sa|son|ses|leur) (?:mom|mother"
            + "|dad|father|parents|wife|husband|son|daughter|kids|children|brother|sister|grandma|grandmother|grandpa"
            + "|grandfather|boss|neighbor|neighbour|friend|roommate|partner|girlfriend|boyfriend|family|mama|madre"
            + "|papa|padre|esposa|esposo|marido|mujer|hijo|hija|hijos|hermano|hermana|abuela|abuelo|jefe|vecino"
            + "|vecina|novio|novia|mere|pere|mari|femme|fils|fille|frere|soeur|grand mere|grand pere|patron|voisin"
            + "|voisine|enfants|copain|copine)(?! s? ?(?:phones?|cells?|numbers?|mobiles?|lines?)(?: |$))(?: |$)"
            + "|^(?:his|her|their) (?:work|office|job)(?: |$)"
            + "|^the (?:hotline|help ?line|helpline|support line|call center)(?: |$)"
            // "The store", "the office" alone may be the business's own phone answering ("Please stop calling the
            // office", a reviewer's probe); with a time or a purpose after, others are told ("Customers should stop
            // calling the office for refunds", a second reviewer's probe, 2026-12-07).
            + "|^the (?:store|office|shop|branch)(?= (?:during|before|after|on|at|for|to|with|about|once|when|while"
            + "|until|every|and just)(?: |$))");

    /** What may stand before a respondent's own refusal in a sentence, normalised: nothing, or a plea. */
    private static final Pattern OWN_REQUEST = Pattern.compile("(?:(?:please|pls|plz|just|so|and|ok|okay|can you"
            + "|could you|would you|will you|i said|i asked you to|i told you to|i need you to|i want you to) ?)*");

    /**
     * Whether what follows an {@link #ADDRESSABLE} refusal makes it no refusal of this number's texts or calls: goods
     * after a refusal of sending ({@link #NOT_TO_THIS_NUMBER}), someone else after any ({@link #SOMEONE_ELSE}), and
     * nothing after them naming texts, calls, surveys or the respondent ({@link #NAMES_THIS_NUMBER}), nor, after
     * someone else, saying their phone is this one ({@link #HOLDER_IS_THIS_NUMBER}).
     *
     * @param phrase the refusal, normalised; {@code after} what follows it in the sentence, normalised
     * @param ownRequest whether the refusal is the respondent's own ({@link #OWN_REQUEST}): "The coach should stop
     *     calling my daughter, she is 14" tells another, and says nothing of this number (an opt-out for a few hours
     *     on 2026-12-07, a reviewer's probe)
     */
    private static boolean notToThisNumber(String phrase, String after, boolean ownRequest) {
        java.util.regex.Matcher object = SOMEONE_ELSE.matcher(after);
        if (!object.find()) {
            object = NOT_TO_THIS_NUMBER.matcher(after);
            if (!SENDING.matcher(phrase).matches() || !object.find()) {
                return false;
            }
        }
        String rest = after.substring(object.end()).strip();
        boolean someoneElse = object.pattern() == SOMEONE_ELSE;
        if (someoneElse && ownRequest && rest.isEmpty()) {
            // "Stop calling my husband" as the whole request: most likely said on his phone, this number (it was an
            // answer for a few hours on 2026-12-07); with more said ("call me instead", "he's not a customer"), or
            // told to others ("I asked them to stop calling my mom"), someone else's.
            return false;
        }
        return !NAMES_THIS_NUMBER.matcher(rest).find() && !(someoneElse
                ? ownRequest && HOLDER_IS_THIS_NUMBER.matcher(rest).find() : SENT_HERE.matcher(rest).find());
    }

    /**
     * Refusals that a reply may hold while describing what happened, what others should do, or what it wants more of,
     * normalised: "no more texts" and its Spanish and French kin, "leave me alone", "take me off", "stop asking me",
     * "quit bugging me", "I don't want these surveys", "no quiero encuestas", "arrêtez vos sondages", "retirez mon
     * numéro". Matched anywhere, as a revocation "by any reasonable means" (47 CFR 64.1200(a)(10)) is; not where the
     * words around them describe ({@link #DESCRIBED_BEFORE}, {@link #DESCRIBED_AFTER}), or narrow them to a time
     * ({@link #NARROWED}). On 2026-12-07 complaints ("I got no more messages about my order after it shipped", "Staff
     * should leave me alone while I browse", "take me off hold faster", "stop asking me for my zip code at checkout")
     * and wishes for more ("J'aimerais plus de messages de suivi") opted the number out (a respondent's probe); for a
     * few hours that day these phrases counted only as a clause of their own, and clear refusals ("Great survey but no
     * more texts please", "No more texts because I never signed up", "Take me off your database") were answers (a
     * second reviewer's probe).
     */
    private static final Pattern DESCRIBABLE = Pattern.compile("(?:no more|no mas|plus de|plus d|basta de|basta con)"
            + " .*|leave me (?:the hell |the fuck )?alone|take me off"
            + "|(?:stop|quit) (?:asking|bugging|pestering|harassing) me"
            + "|(?:don t|dont|do not) want these surveys|(?:ya )?no quiero (?:encuestas|mensajes)"
            + "|arretez (?:vos|les) (?:sondages|messages|appels)|(?:retirez|enlevez|supprimez|effacez) mon numero"
            + "|enough texts");

    /**
     * What describes a {@link #DESCRIBABLE} refusal, just before it, normalised: receiving or there being ("got no more
     * messages", "there were no more calls", "Je ne reçois plus de messages", "no recibí más"), staff who should or
     * would not ("staff should leave me alone", "the salesman wouldn't leave me alone"), and French "more"
     * ("J'aimerais plus de messages", "Moins d'appels, plus de sms", "Plus de choix, plus de messages"). Only these:
     * for a few hours on 2026-12-07 a subject's "have to", "need to", "should" and a bare "is" or "get" counted too,
     * and "You guys have to leave me alone", "The answer is no more texts", "How do I get no more texts?" were answers
     * (a third reviewer's probe).
     */
    private static final Pattern DESCRIBED_BEFORE = Pattern.compile("(?:^| )(?:got|received|receive|receiving"
            + "|getting|there (?:s|is|are|was|were)|theres|(?:staff|salespeople|sales people|salesman|salesmen"
            + "|saleswoman|employees|cashiers?|clerks?|the rep|the agent|the staff|the store|the app|the website)"
            + " (?:should|would|wouldn t|wouldnt|won t|wont|didn t|didnt|don t|dont|doesn t|doesnt|never|can t|cant"
            + "|could|must|need to|needs to|have to|has to)|recois|recoit|recevons|recu|recevais|recevez|recibi|recibo"
            + "|recibimos|hubo|habia|hay|aimerais|voudrais|faudrait|un peu|beaucoup|moins (?:de|d) \\p{L}+"
            + "|plus (?:de|d) \\p{L}+) $");

    /**
     * What describes a {@link #DESCRIBABLE} refusal, right after it, normalised: who sent what was refused, when it is
     * not the business asking ("from support", "from customer service", "del soporte", "du service client"), what
     * it was about ("about my order", "de suivi", "de confirmation", "d'erreur"), how long ("this long", "tan
     * largas", "trop longs"), a while ("while I browse"), a hold, a waitlist or a zip code ("take me off hold", "stop
     * asking me for my zip code", "to donate"), an app's nagging ("with notifications", "to upgrade"), voice messages
     * ("de voz"), and a bill, a receipt or a profile ("de la facture", "du reçu", "de mon profil"). Only these: for a
     * few hours on 2026-12-07 "like this", "to be", "so long", "que", "tan", "trop", "comme", "from the store",
     * "about my", "in English", "with 5" counted too, and "No more surveys like this please", "No más mensajes, tan
     * simple como eso", "Plus de messages, trop c'est trop" were answers (a third reviewer's probe).
     */
    private static final Pattern DESCRIBED_AFTER = Pattern.compile("^(?:from (?:support|customer service"
            + "|customer support|tech support|the technician|the tech|the agent|the driver|the courier|the pharmacy"
            + "|the clinic|my doctor|the delivery (?:guy|driver|company))|about my (?:order|delivery|package|shipment"
            + "|parcel)|about the order|de suivi|de confirmation|de relance|d erreur|del soporte|de seguimiento"
            + "|de confirmacion|del servicio tecnico|du service client|du support|du technicien|de voz"
            + "|comme (?:celui|celle|ceux|celles) ci"
            + "|this long|that long|tan largas|tan largos|trop longs|trop longues|while i|while we|during"
            + "|in the (?:store|shop)|hold|speaker|mute|autopay|auto pay|paper billing|the waitlist|the wait list"
            + "|for my (?:zip|email|phone number|post|postal|postcode|name|id|receipt|address|loyalty|rewards|card)"
            + "|to (?:donate|sign up|join|upgrade|download|round up|apply|update|rate it|buy|subscribe|log in|end"
            + "|be so|be that|be this)|with (?:notifications|pop ups|popups|ads)|en caisse|de la facture"
            + "|de ma facture|du recu|de mon recu|de ma fiche|de mon profil|du profil|de carte|de ma carte"
            + "|de mon compte|du compte"
            // Another number or record ("Supprimez mon numéro de carte du dossier", "Effacez mon numéro de téléphone
            // de l'ancien compte", "Enlevez mon numéro de bureau": opt-outs until 2026-12-07, a reviewer's probe).
            + "|de bureau|de telephone de|de la fiche|de l ancien|de cellulaire de)(?: |$)");

    /**
     * True when the sentence is one of {@link #CLAUSE_WORDS} first or last, and what is left says nothing but stop
     * ({@link #STOP_ASIDE}), asks for help, or opts out as a sentence of its own
     * ({@link #WHOLE_SENTENCE_OPT_OUTS}); or, when {@code anyOptOutWord}, another opt-out word with nothing but an
     * intensifier but "right" ("alto inmediatamente", "cancel right away", "end already": answers until 2026-12-07, a
     * compliance officer's probe), which "Alto, muy alto" and "Cancel, right?" are not.
     *
     * @param anyOptOutWord true for the whole reply, or a clause beside a decline ({@link #DECLINES},
     *     {@link #NOT_INTERESTED}); false for a sentence or clause among others: "Too expensive. Cancel right away.",
     *     "Muy caro, basta ya" are churn reasons and complaints (opt-outs for a few hours on 2026-12-07, two reviewers'
     *     probes)
     */
    private boolean stopAside(List<String> words, boolean anyOptOutWord) {
        if (words.size() < 2) {
            return false;
        }
        String first = words.get(0);
        String last = words.get(words.size() - 1);
        String afterFirst = String.join(" ", words.subList(1, words.size()));
        String beforeLast = String.join(" ", words.subList(0, words.size() - 1));
        if (CLAUSE_WORDS.contains(first) || CLAUSE_WORDS.contains(last)) {
            String rest = CLAUSE_WORDS.contains(first) ? afterFirst : beforeLast;
            return STOP_ASIDE.matcher(rest).matches() || STOP_BESIDE.matcher(rest).matches()
                    || anyOptOutWord && STOP_SLANG.matcher(rest).matches()
                    || helpWords.contains(rest) || WHOLE_SENTENCE_OPT_OUTS.contains(rest)
                    // "not my number stop", "DNC stop": beside a refusal taken only as the whole reply, in the
                    // whole reply (answers until 2026-12-07, a breaker's probe).
                    || anyOptOutWord && refused(REFUSED_AS_THE_WHOLE_REPLY, rest);
        }
        return anyOptOutWord && (optOutWords.contains(first) && intensifies(afterFirst)
                || optOutWords.contains(last) && intensifies(beforeLast));
    }

    private static boolean intensifies(String rest) {
        return !rest.equals("right") && STOP_ASIDE.matcher(rest).matches();
    }

    /**
     * True when a reply or clause is an opt-out word and an intensifier ({@link #stopAside}), read with its polite
     * words and without them: "ya", "ahora" and "maintenant" are polite words that are intensifiers beside "alto" or
     * "arrêt" ("Alto ya mismo" was an answer for a few hours on 2026-12-07, its "ya" dropped: a reviewer's probe).
     */
    private boolean stopAsideIn(String text, boolean anyOptOutWord) {
        String normalised = Replies.normalise(STOP_SIGN.matcher(text).replaceAll(" stop "));
        return stopAside(spelled(List.of(normalised.split(" "))), anyOptOutWord)
                || stopAside(spelled(List.of(withoutPoliteWords(normalised).split(" "))), anyOptOutWord);
    }

    /**
     * A decline, normalised and without polite words: beside it, a clause that opts out as a whole reply opts out
     * ("No gracias, alto", "No thanks, cancel right away", "Non merci, arrêtez tout de suite"), where beside anything
     * else only "stop" and its kin do ("Muy caro, basta ya" is a complaint): a reviewer's probes, 2026-12-07. Not "not
     * interested", which a churn reason may be ("cancel, not interested").
     */
    private static final Set<String> DECLINES = Set.of("no", "nope", "nah", "no thank you", "no way", "no gracias",
            "non", "non merci", "ca suffit", "enough", "no no", "ya basta",
            // Being done ("get lost, I'm done", "I'm done, leave me be": a compliance reviewer's probe, 2026-12-07).
            "i m done", "im done", "i am done", "done", "so done", "j ai fini", "ya termine");

    /**
     * Not being interested, normalised: beside it an opt-out word with an intensifier opts out ("No me interesa, basta
     * ya", "Not interested, cancel right away"), a bare one does not ("cancel, not interested": a churn reason).
     */
    private static final Set<String> NOT_INTERESTED = Set.of("not interested", "im not interested",
            "i m not interested", "i am not interested", "no me interesa", "no estoy interesado",
            "no estoy interesada", "pas interesse", "pas interessee", "ca ne m interesse pas",
            // Québec and Mexico's other ways (a compliance reviewer's probe, 2026-12-08).
            "ca m interesse pas", "chu pas interesse", "chu pas interessee", "je suis pas interesse",
            "je suis pas interessee", "j suis pas interesse", "je ne suis pas interesse", "je ne suis pas interessee",
            "no nos interesa", "no me interesa nada");

    /**
     * Spanish and French for "stop (it)", normalised, that opt out beside not being interested ({@link
     * #NOT_INTERESTED}) as "stop" does ("Pas intéressé, arrêtez", "No me interesa, basta", "Alto, no me interesa"):
     * answers until 2026-12-08, while "Not interested, stop" and "Pas intéressé. Arrêtez." opted out (a carried gap).
     * Not in {@link #CLAUSE_WORDS}, as answers use them beside anything else ("Alto, muy alto" for a price); not
     * "cancel" nor "annuler", a churn reason beside "not interested".
     */
    private static final Set<String> STOP_KIN = Set.of("basta", "ya basta", "alto", "alto ya", "paren", "paren ya",
            "ya paren", "pare", "parale", "ya parale", "parenle", "ya parenle", "parenle ya", "arretez", "arrete",
            "arreter", "arret", "arretez ca", "arrete ca", "arretez tout");

    /** Not being interested ({@link #NOT_INTERESTED}) or a decline ({@link #DECLINES}), normalised. */
    private static final Set<String> REFUSING = java.util.stream.Stream.of(NOT_INTERESTED, DECLINES)
            .flatMap(Set::stream).collect(java.util.stream.Collectors.toUnmodifiableSet());
    /**
     * {@link #REFUSING}, or polite words alone ("gracias", "merci": empty once they are out): beside these, with one
     * of the first, stop's kin ({@link #STOP_KIN}) opts out ("No gracias, no me interesa, basta", "Merci, pas
     * intéressé, arrêtez", "Pas intéressé. Arrêtez ça."; answers until 2026-12-08, a compliance reviewer's probe).
     */
    private static final Set<String> NOT_WANTED = java.util.stream.Stream.of(REFUSING, Set.of(""))
            .flatMap(Set::stream).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** True when a sentence or clause, polite words aside, is one of {@link #STOP_KIN}. */
    private boolean stopKin(String part) {
        return STOP_KIN.contains(withoutPoliteWords(Replies.normalise(part)));
    }

    /** True when every clause of {@code clauses} but the one at {@code at} is one of {@code these}. */
    private Kinds kinds(Set<String> these, String[] parts) {
        boolean[] member = new boolean[parts.length];
        int outside = 0;
        if (parts.length == 1) {
            member[0] = true; // no other part: every other one is of the kind
        } else {
            for (int i = 0; i < parts.length; i++) {
                member[i] = these.contains(withoutPoliteWords(Replies.normalise(parts[i])));
                outside += member[i] ? 0 : 1;
            }
        }
        return new Kinds(member, outside);
    }

    /**
     * Which sentences or clauses of a reply are of one kind ({@link #DECLINES}, {@link #NOT_INTERESTED}), each read
     * once: until 2026-12-07 each part read every other again, and a text of 400 "no," took seconds of CPU (a
     * breaker's probe; a webhook has 15 s, Twilio's error 11200).
     *
     * @param member for each part, whether it is of the kind (a lone part counts as one)
     * @param outside how many parts are not of the kind
     */
    private record Kinds(boolean[] member, int outside) {

        /** True when every part but the one {@code at} is of the kind. */
        boolean othersAre(int at) {
            return outside - (member[at] ? 0 : 1) == 0;
        }

        /** True when a part other than the one {@code at} is of the kind (a lone part has no other). */
        boolean anyOther(int at) {
            int members = member.length - outside - (member[at] ? 1 : 0);
            return member.length > 1 && members > 0;
        }
    }

    /**
     * One word with a letter held down ("STOPPPP", "stooop", "unsubscribeee"), read as the opt-out word it spells once:
     * an answer until 2026-12-07. Only for a reply of one word, and only when the word spelled is an opt-out word.
     */
    private static final Pattern HELD_DOWN = Pattern.compile("(\\p{L})\\1{2,}");

    /** A word's last letter typed twice ("STOPP"): "stoop", a word of its own, doubles a letter inside. */
    private static final Pattern LAST_LETTER_TWICE = Pattern.compile("(\\p{L})\\1$");

    /** The word of {@link #CLAUSE_WORDS} that a misspelling within one edit of opts out: the longest one. */
    private static final String UNSUBSCRIBE = "unsubscribe";

    /**
     * True for a reply of one word that spells an opt-out word as thumbs on a small keyboard do: a letter held down
     * ({@link #HELD_DOWN}, any opt-out word), and, for the words no answer uses alone ({@link #CLAUSE_WORDS}), the
     * last letter typed twice ("STOPP"), digits for the letters they look like ("St0p", "5TOP", "0ptout"), or
     * "unsubscribe" within one letter left out, added, changed or swapped ("unsubcribe", "unsuscribe",
     * "unsbuscribe"). Each was an answer until 2026-12-07, when a compliance officer texted them; a revocation is
     * "by any reasonable means" (47 CFR 64.1200(a)(10)). A one-word answer near "stop" ("stoop", "step", "shop")
     * changes more than these do, and stays an answer.
     */
    private boolean misspelt(List<String> words) {
        return words.size() == 1 && !spelled(words.get(0)).equals(words.get(0));
    }

    /**
     * The opt-out word a word spells as thumbs type it ({@link #misspelt}'s rules), or the word itself: so "STOPP
     * STOPP", "Stopp, wrong number" and "Stopp already" read as their "stop" does (answers for a few hours on
     * 2026-12-07, as only a reply of one word was read so: a reviewer's probe).
     */
    private String spelled(String word) {
        String once = HELD_DOWN.matcher(word).replaceAll("$1");
        if (!once.equals(word) && (optOutWords.contains(once) || CLAUSE_WORDS.contains(once))) {
            return once;
        }
        String single = LAST_LETTER_TWICE.matcher(word).replaceAll("$1");
        if (!single.equals(word) && CLAUSE_WORDS.contains(single)) {
            return single;
        }
        String lettersForDigits = word.chars().anyMatch(Character::isLetter) ? word.replace('0', 'o')
                .replace('1', 'i').replace('3', 'e').replace('5', 's') : word;
        if (!lettersForDigits.equals(word) && CLAUSE_WORDS.contains(lettersForDigits)) {
            return lettersForDigits;
        }
        if (STOP_SWAPPED.contains(word) || STOP_SWAPPED.contains(once)
                || STOP_SWAPPED.contains(DOUBLED.matcher(word).replaceAll("$1"))) {
            return "stop";
        }
        return !word.equals(UNSUBSCRIBE) && withinOneEdit(word, UNSUBSCRIBE) ? UNSUBSCRIBE : word;
    }

    /**
     * "Stop" with two letters next to each other swapped, as thumbs type it ("stpo": an answer until 2026-12-07, a
     * respondent's probe), and as it is drawled in writing ("stahp", "stawp", with a letter held down too: asked
     * again until 2026-12-07); no English, Spanish or French word. "Spot" and "tops" move letters further, and stay.
     */
    private static final Set<String> STOP_SWAPPED = Set.of("tsop", "sotp", "stpo", "stahp", "stawp");
    /** A letter typed twice or more in a row: "stahhp" and "stawwp" drawl "stahp" and "stawp" as "staaahp" does. */
    private static final Pattern DOUBLED = Pattern.compile("(\\p{L})\\1+");

    /** The words, each as it spells an opt-out word ({@link #spelled}). */
    private List<String> spelled(List<String> words) {
        return words.stream().map(this::spelled).toList();
    }

    /**
     * True when {@code word} is {@code target} with at most one letter left out, added, changed, or swapped with the
     * next (the optimal string alignment distance, at most 1).
     */
    static boolean withinOneEdit(String word, String target) {
        int lengths = word.length() - target.length();
        if (Math.abs(lengths) > 1) {
            return false;
        }
        int at = 0;
        while (at < Math.min(word.length(), target.length()) && word.charAt(at) == target.charAt(at)) {
            at++;
        }
        if (at == word.length() && at == target.length()) {
            return true;
        }
        if (lengths > 0) {
            return word.substring(at + 1).equals(target.substring(at));
        }
        if (lengths < 0) {
            return word.substring(at).equals(target.substring(at + 1));
        }
        boolean swapped = at + 1 < word.length() && word.charAt(at) == target.charAt(at + 1)
                && word.charAt(at + 1) == target.charAt(at) && word.substring(at + 2).equals(target.substring(at + 2));
        return swapped || word.substring(at + 1).equals(target.substring(at + 1));
    }

    /**
     * Sending refused, anywhere in a reply: "Please don't send me any more messages", "do not send me anymore texts"
     * (an answer until 2026-12-07, a compliance officer's probe). Without "any more" it is as likely a complaint ("You
     * never send me messages when my order ships", "don't send me texts at 6am"), and stays an answer.
     */
    private static final Pattern NO_MORE_SENDING = Pattern.compile("(?:^| )(?:dont|don t|do not|stop|quit)"
            + " send(?:ing)? me (?:any ?more|no more) (?:texts?|txts?|messages?|msgs?|surveys?|sms|calls?)(?: |$)"
            // Surveys refused in other words, to the end of the sentence (a compliance reviewer's probe, 2026-12-07:
            // answers before): "I don't want to do your surveys", "i dont want to answer surveys anymore", "I'm not
            // doing any more surveys", "ya no quiero contestar encuestas", "je ne veux plus faire de sondages", "je
            // ne réponds plus aux sondages". Followed by more ("...surveys that are this long") they stay answers, and
            // the survey taken ("I don't want to do the survey") declines it (WelcomeDecline, MidSurveyLeave).
            // Said by the respondent ("I", or no subject: "Customers don't want to fill out surveys because..." is a
            // suggestion), with a reason but no "but" after it ("...because they're long, but this one was ok, 8"):
            // a reviewer's probe, 2026-12-07.
            // "Honestly", "Sorry but" and "we" before it are the respondent's too (answers for a few hours that day,
            // a reviewer's probe).
            + "|^(?:(?:honestly|sorry|sorry but|but|nope|no|look|ok|okay|yeah|well) )*(?:i |we |my \\p{L}+ and i "
            + "|me and my \\p{L}+ )?(?:really |just |honestly )?(?:dont|don t|do not) (?:want to|wanna) (?:do|fill out"
            + "|fill in"
            + "|answer|take|complete) (?:your |ur |these |any more |anymore |any |more |the )?surveys"
            + "(?: (?:anymore|any more|again|ever|from you))*(?:$| (?:because|cause|cuz|since|they|theyre|it s|its)"
            + " (?!.* but ))"
            + "|(?:^| )(?:i m|im|i am) not (?:doing|taking|answering) (?:any more|anymore|more|any|your) surveys?$"
            + "|(?:^| )(?:ya )?no quiero (?:hacer|contestar|responder|llenar) (?:mas |sus |las )?encuestas"
            + "(?: mas)?$|(?:^| )je ne (?:veux plus (?:faire|remplir)|reponds plus|fais plus) (?:de |des |vos |les"
            + " |aux |a vos )?sondages$");
    /**
     * What a Spanish or French "number of ..." names when it is a record, not a person ("No es el número de pedido",
     * "Ce n'est plus le numéro de commande": opt-outs for a few hours on 2026-12-07, a reviewer's probe).
     */
    private static final String RECORD_NOUNS = "(?:pedido|cuenta|casa|sucursal|servicio|orden|cliente|referencia"
            + "|seguimiento|factura|tarjeta|oficina|trabajo|confirmacion|reservacion|reserva|tienda|commande|dossier"
            + "|service|compte|client|suivi|facture|carte|bureau|maison|travail|reference|confirmation|reservation"
            + "|succursale|magasin)$";
    /** Articles and possessives before a Spanish or French noun: "la tienda", "mon bureau" name no person. */
    private static final String ARTICLES = "(?:la|le|les|l|el|los|las|del|de|mon|ma|mes|mi|mis|su|sus|sa|son|ses"
            + "|notre|nos|nuestro|nuestra|tu|ton|ta) ";

    /**
     * Who may be a number's former holder, normalised: a relative or a title ("my mom", "my late husband", "Dr
     * Patel"), "the person you're looking for", "your customer", a pronoun; a name only as {@link #NAME} says. "My
     * bank" and "The store" are not: "My bank no longer has this number, so I
     * missed the fraud alert" was an opt-out for a few hours on 2026-12-07 (a reviewer's probe).
     */
    private static final String HOLDER = "(?:my (?:late )?(?:mom|mother|dad|father|wife|husband|son|daughter|brother"
            + "|sister|grandma|grandmother|grandpa|grandfather|aunt|uncle|cousin|friend|partner|girlfriend|boyfriend"
            + "|ex|ex wife|ex husband|roommate|tenant|kid|child)|(?:dr|mr|mrs|ms|miss) \\p{L}+|she|he|they|your"
            + " customer|the person you re (?:looking for|texting|calling|trying to reach)|whoever you re (?:texting"
            + "|calling|looking for))";
    /**
     * A name of one or two words that is no article's ("Sarah", "Maria Lopez"), which may as well be a business's
     * ("FedEx", "Customer service"): taken only for a whole sentence saying the number is no longer theirs ("FedEx
     * doesn't have this number since I moved, so they couldn't text me" opted out for a few hours on 2026-12-07, a
     * reviewer's probe).
     */
    private static final String NAME = "(?!(?:it|this|that|the|my|our|your|their|his|her|a|an|we|i|you) )\\p{L}+"
            + "(?: (?!no |doesn |does )\\p{L}+)?";

    /**
     * A number that is someone else's no longer, said without "wrong number", normalised: "Sarah no longer has this
     * number" (a person's: "The store no longer has this number of cashiers" opted out for a few hours on 2026-12-07, a
     * reviewer's probe), "this number isn't Sarah's anymore", "This is not Sarah's phone anymore", "Ya no es el número
     * de Sarah", "Ce n'est plus le numéro de Sarah" (answers until 2026-12-07, a compliance reviewer's probe). The FCC
     * holds that a reassigned number's new holder never consented (47 CFR 64.1200(m), the Reassigned Numbers Database).
     */
    private static final Pattern REASSIGNED = Pattern.compile("^" + NAME + " (?:no longer has|doesn t have"
            + "|does not have|doesnt have) this (?:number|phone|cell)(?: any ?more)?(?: lol| fyi)? ?$"
            + "|^" + HOLDER + " (?:no longer has|doesn t have"
            + "|does not have|doesnt have) this (?:number|phone|cell)(?: any ?more)?(?:$| (?:she|he|they|it s mine"
            + "|i got|i have|i ve|i do|this is|it belongs to me|since|lol|fyi|remove it|you have the wrong person"
            + "|so update|update your|so remove|so take)"
            + "(?: |$))|^this (?:number|phone) (?:no longer belongs|doesn t belong|does not belong) to (?:my )?"
            + "\\p{L}+(?: \\p{L}+)?$"
            + "|^this (?:number|phone|cell) (?:is not|isn t|isnt|is no longer) (?:my )?\\p{L}+ s"
            + "(?: (?:number|phone|cell))?(?: any ?more)?$|^this (?:is not|isn t|isnt|is no longer) (?:my )?\\p{L}+ s"
            + " (?:number|phone|cell)(?: any ?more)?$|^(?:este )?(?:ya )?no es el (?:numero|telefono|celular)"
            + "(?: de telefono)? de (?:mi (?:mama|madre|papa|padre|esposa|esposo|marido|mujer|hijo|hija|hermano"
            + "|hermana|abuela|abuelo|tio|tia|novio|novia)|(?:la senora|el senor|la sra|el sr|dona|don) \\p{L}+"
            + "(?: \\p{L}+)?)$|^ce n est plus le (?:numero|telephone|cellulaire)(?: de telephone)? de (?:(?:mon|ma)"
            + " (?:mere|pere|mari|femme|fils|fille|frere|soeur|grand mere|grand pere|oncle|tante|copain|copine)"
            + "|(?:madame|monsieur|mme) \\p{L}+(?: \\p{L}+)?)$");

    /**
     * Erasure from the business's lists asked for, normalised: "erase me from your mailing list", "Erase me from your
     * system", "erase me from ur list", "Erase me from the survey" (answers for a few hours on 2026-12-07, a reviewer's
     * probe), not from a photo or a loyalty program; as the sentence's request, not inside another ("Please don't
     * erase me from your list", "I asked your agent to erase me from your mailing list": a second reviewer's probe).
     */
    private static final Pattern ERASED_FROM_A_LIST = Pattern.compile("^erase me from (?:your|ur|all your"
            + "|this|the|all) (?:(?:mailing|contact|call|calling|texting|text|sms|survey|marketing) )?(?:lists?"
            + "|system|database|records|surveys?)(?: |$)");

    /**
     * No more questions and no more texts, in one breath: "no more questions or texts", "no más preguntas ni
     * mensajes", "basta de preguntas y de mensajes", "plus de questions ni de messages". Stored as "no" to "May we
     * contact you?" until 2026-12-07, or read as "yes" by the Spanish "y" (a compliance reviewer's probe).
     */
    private static final Pattern NO_MORE_OF_BOTH = Pattern.compile("(?:^| )(?:no more|no mas|basta de|plus de)"
            + " (?:questions?|surveys?|preguntas|encuestas|sondages?) (?:or|and|nor|ni|y|o|ou|et)"
            + " (?:no more |no mas |de |des |more )?(?:texts?|txts?|messages?|msgs?|mensajes|sms|calls?|llamadas"
            + "|appels|textos)(?: |$)");

    private String withoutPoliteWords(String normalised) {
        String padded = " " + normalised + " ";
        List<String> longestFirst = new ArrayList<>(politeWords);
        longestFirst.sort((a, b) -> b.length() - a.length());
        for (String polite : longestFirst) {
            String word = " " + polite + " ";
            while (padded.contains(word)) {
                padded = padded.replace(word, " ");
            }
        }
        return padded.strip();
    }
}
