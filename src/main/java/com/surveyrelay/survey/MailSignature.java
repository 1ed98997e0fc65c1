package com.surveyrelay.survey;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes a phone or mail app's signature off the end of a typed reply, for the questions that read a number, yes or no
 * or a choice. Phones that send texts through a mail app add one on its own line: "4\nSent from my Galaxy S21" was no
 * answer until 2026-12-05 (break-it probe), as the signature's "S21" made the reply unreadable, and "9\nSent from my
 * iPhone 15" is two numbers. Only the end is cut, and only a signature on a line of its own after a line with words:
 * <ul>
 *   <li>a last line starting "Sent from", "Sent via", "Sent with", "Sent using", "Get Outlook for", "Enviado desde",
 *   "Enviado con", "Envoyé de", "Envoyé depuis" or "Envoyé avec" (case and accents ignored), as mail apps write
 *   them in English, Spanish and French;</li>
 *   <li>a line that is "--" (with or without the blank after it: the mail signature delimiter of RFC 3676, 4.3) and
 *   every line after it.</li>
 * </ul>
 * What is left is read as the whole reply was, so an ambiguous answer stays ambiguous ("4 or 5\nSent from my iPhone"
 * chooses nothing). A reply that is nothing but a signature, or has it on the answer's own line ("4 sent from my
 * phone"), is left whole.
 *
 * <p>A words answer loses only what is plainly a phone's or mail app's own line ({@link #cutClientLines}): "Great
 * service\nSent from my iPhone" was stored with the signature until 2026-12-06. There "Sent from" alone is not enough,
 * as a respondent may end with their own words ("The parcel\nsent from Leeds was late"); the line must name a device's
 * maker or a mail app and nothing else ("Sent via phone" may answer "How did you contact us?").
 */
final class MailSignature {

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    /** A mail app's "sent from" line, folded ({@link ReplyTokens#fold}: lower case, no accents). */
    private static final Pattern SENT_FROM = Pattern.compile(
            "(?:sent (?:from|via|with|using)|get outlook for|enviado (?:desde|con)|envoye (?:de|depuis|avec))\\b.*");
    /** The signature delimiter: two hyphens, maybe a blank after them. */
    private static final Pattern DELIMITER = Pattern.compile("--\\s*");
    /**
     * The start of a phone's own line, folded, in English, Spanish and French ("Sent from my", "Enviado desde mi",
     * "Envoyé de mon"); what follows must name a device ({@link #BRANDS}).
     */
    private static final Pattern DEVICE_LINE = Pattern.compile("(?:sent (?:from|with|via|using)|enviado (?:desde|con)"
            + "|envoye (?:de|depuis|avec|a partir de)) (?:(?:my|mi|mon|ma) )?(.+)");
    /**
     * A mail app's own line, folded: "Sent from Outlook", "Sent from Yahoo Mail for iPhone", "Sent from Mail for
     * Windows 10", "Get Outlook for Android", "Obtener Outlook para iOS", "Enviado desde Correo para Windows",
     * "Obtenir Outlook pour Android", "Envoyé à partir de Courrier pour Windows".
     */
    private static final Pattern APP_LINE = Pattern.compile("(?:(?:sent (?:from|with|via|using)|enviado (?:desde|con)"
            + "|envoye (?:de|depuis|avec|a partir de)) (?:the )?(?:yahoo mail|outlook|mail|gmail|aol|aol mail"
            + "|proton ?mail|samsung mail|bluemail|spark|edison mail|correo|courrier)(?: app| application)?"
            + "|(?:get|obtener|descargar|obtenir|telecharger) outlook)"
            + "(?: (?:for|on|para|en|pour|sur) (?:ios|android|iphone|ipad|windows|mac)(?: [0-9]{1,2})?)?");
    /**
     * Words that name a device's maker, product line, system or carrier: what makes a line a phone's own. The line
     * must hold one: "Sent via phone" or "Sent with the mobile" names no client and may be the respondent's answer
     * ("How did you contact us?"), so it stays (2026-12-06).
     */
    private static final Set<String> BRANDS = Set.of("iphone", "ipad", "ipod", "apple", "galaxy", "samsung",
            "android", "pixel", "google", "huawei", "honor", "xiaomi", "redmi", "oneplus", "oppo", "vivo", "realme",
            "motorola", "moto", "nokia", "lg", "sony", "xperia", "htc", "blackberry", "nexus", "fairphone", "zte",
            "alcatel", "verizon", "t-mobile", "sprint", "at&t", "cricket");
    /**
     * Kinds of device, in English, Spanish and French: a phone's line may hold them beside a {@link #BRANDS} word
     * ("Sent from my Samsung Galaxy smartphone"), never instead of one.
     */
    private static final Set<String> KINDS = Set.of("watch", "phone", "smartphone", "mobile", "cellphone", "device",
            "tablet", "handheld", "telefono", "movil", "celular", "dispositivo", "tableta", "telephone", "portable",
            "appareil", "tablette");
    /**
     * The other words of a device's name: of models, and the articles and adjectives between ("an AT&T 4G LTE
     * smartphone", "smartphone Samsung Galaxy inteligente"). A token with a digit ("s21", "15", "5g") or a single
     * letter ("s" of "Galaxy S® 5") is a model's too.
     */
    private static final Set<String> MODEL_WORDS = Set.of("pro", "max", "plus", "mini", "ultra", "se", "xr", "xs",
            "note", "fold", "flip", "edge", "air", "lite", "fe", "tab", "wireless", "lte", "tm", "cell", "the", "an",
            "de", "inteligente");
    /** What a device line's name is read as words through: the brand marks and commas between them are no words. */
    private static final Pattern NOT_A_WORD = Pattern.compile("[,()\u00ae\u2122]+");

    private MailSignature() {
    }

    /**
     * The reply without the signature at its end.
     *
     * @param reply what the respondent typed; null for none
     * @return the lines before the signature, stripped; {@code reply} itself when it has no signature as above
     */
    static String cut(String reply) {
        if (reply == null) {
            return null;
        }
        List<String> lines = LINE_BREAK.splitAsStream(reply).toList();
        int last = lines.size() - 1;
        while (last > 0 && lines.get(last).isBlank()) {
            last--;
        }
        int signature = -1;
        for (int line = 1; line <= last; line++) {
            if (DELIMITER.matcher(lines.get(line).strip()).matches()) {
                signature = line;
                break;
            }
        }
        if (signature < 0 && last > 0 && SENT_FROM.matcher(ReplyTokens.fold(lines.get(last).strip())).matches()) {
            signature = last;
        }
        if (signature < 0) {
            return reply;
        }
        String before = String.join("\n", lines.subList(0, signature)).strip();
        return PlainText.invisible(before) ? reply : before;
    }

    /**
     * A words answer without the phone's or mail app's own lines at its end: each last line, blank lines aside, that
     * names a device's maker, product line, system or carrier ({@link #BRANDS}) after "Sent from my" (or the Spanish
     * and French lines: "Enviado desde mi", "Envoyé de mon"), a model's words and nothing else ("Sent from my Galaxy
     * S21 Ultra 5G"), or is a mail app's line ("Get Outlook for Android", "Sent from Yahoo Mail on Android"); case,
     * accents and a final full stop ignored. Anything else on such a line ("Sent from my iPhone because the app
     * crashed") keeps it, and so does a line naming only a kind of device ("Sent via phone", "Sent with the mobile",
     * "Sent from my phone"), which may be the respondent's answer ("How did you contact us?"): both are the
     * respondent's own words.
     *
     * @param reply what the respondent typed; null for none
     * @return the lines before those, stripped; {@code reply} itself when it ends with none; empty when the reply is
     *     nothing but such lines (it answers nothing)
     */
    static String cutClientLines(String reply) {
        if (reply == null) {
            return null;
        }
        List<String> lines = LINE_BREAK.splitAsStream(reply).toList();
        int end = lines.size();
        boolean cut = false;
        while (true) {
            while (end > 0 && lines.get(end - 1).isBlank()) {
                end--;
            }
            if (end == 0 || !clientLine(lines.get(end - 1))) {
                break;
            }
            end--;
            cut = true;
        }
        return cut ? String.join("\n", lines.subList(0, end)).strip() : reply;
    }

    /** Whether the line is a phone's or mail app's own line, as {@link #cutClientLines} says. */
    private static boolean clientLine(String line) {
        String folded = NOT_A_WORD.matcher(ReplyTokens.fold(line.strip())).replaceAll(" ")
                .replaceAll("\\s+", " ").strip();
        folded = folded.endsWith(".") ? folded.substring(0, folded.length() - 1).strip() : folded;
        if (APP_LINE.matcher(folded).matches()) {
            return true;
        }
        Matcher device = DEVICE_LINE.matcher(folded);
        if (!device.matches()) {
            return false;
        }
        boolean named = false;
        for (String word : device.group(1).split(" ")) {
            boolean model = MODEL_WORDS.contains(word)
                    || word.length() <= 12 && (word.length() == 1 || word.chars().anyMatch(Character::isDigit));
            if (!model && !BRANDS.contains(word) && !KINDS.contains(word)) {
                return false;
            }
            named |= BRANDS.contains(word);
        }
        return named;
    }
}
