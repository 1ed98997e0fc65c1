package com.surveyrelay.survey;

import java.util.List;

/**
 * What the processor says or texts next, before it is rendered for a channel: TwiML for a call
 * ({@link CallTwiml}), texts for SMS and WhatsApp ({@link SmsReplyTexts}).
 *
 * @param lines what is said or texted first, in order
 * @param offerLanguages whether the survey's other languages are offered next
 * @param question the question asked next; null when none is
 * @param end whether the conversation ends here (a call hangs up)
 */
record Reply(List<String> lines, boolean offerLanguages, Question question, boolean end) {

    static Reply offerLanguages(String welcome) {
        return offerLanguages(List.of(welcome));
    }

    /** The language offer after {@code lines} (the welcome, or why the offer is made again). */
    static Reply offerLanguages(List<String> lines) {
        return new Reply(List.copyOf(lines), true, null, false);
    }

    static Reply ask(List<String> lines, Question question) {
        return new Reply(List.copyOf(lines), false, question, false);
    }

    static Reply end(String line) {
        return end(List.of(line));
    }

    static Reply end(List<String> lines) {
        return new Reply(List.copyOf(lines), false, null, true);
    }

    /** This reply with {@code line} said first. */
    Reply after(String line) {
        List<String> all = new java.util.ArrayList<>(lines.size() + 1);
        all.add(line);
        all.addAll(lines);
        return new Reply(List.copyOf(all), offerLanguages, question, end);
    }
}
