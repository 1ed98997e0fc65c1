package com.surveyrelay.survey;

import java.util.List;
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
 * phone"), is left whole. Words questions keep the reply as typed: what a respondent typed is theirs to keep.
 */
final class MailSignature {

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    /** A mail app's "sent from" line, folded ({@link ReplyTokens#fold}: lower case, no accents). */
    private static final Pattern SENT_FROM = Pattern.compile(
            "(?:sent (?:from|via|with|using)|get outlook for|enviado (?:desde|con)|envoye (?:de|depuis|avec))\\b.*");
    /** The signature delimiter: two hyphens, maybe a blank after them. */
    private static final Pattern DELIMITER = Pattern.compile("--\\s*");

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
}
