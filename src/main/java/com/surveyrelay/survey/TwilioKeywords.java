package com.surveyrelay.survey;

import java.util.Locale;

/**
 * What Twilio itself does with a text on SMS, before and whatever the survey does: its default keywords
 * ({@link Replies#OPT_OUT_KEYWORDS}, {@link Replies#OPT_IN_KEYWORDS}, {@link Replies#HELP_KEYWORDS}), each answered
 * by Twilio's own reply (opt-out confirmation, re-subscribe message, help), and the {@code OptOutType} parameter its
 * Advanced Opt-Out adds to the webhook. WhatsApp has none of this; the callers check the channel. Apart from
 * {@link ConsentWords}, which reads what a reply means in words: a change to Twilio's keywords changes this class
 * only.
 */
public final class TwilioKeywords {

    private TwilioKeywords() {
    }

    /**
     * True when Twilio answers this text itself with its own reply, and so the survey sends no confirmation of its
     * own: Twilio reported an opt-out ({@code OptOutType=STOP}), or the text is exactly one of its keywords (opt-out,
     * opt-in or help: {@code STOP}, {@code START}, {@code YES}, {@code HELP}...), in any case and surrounded by blanks
     * only. Punctuation, full-width letters or a second word defeat Twilio's match, so such a text gets ours.
     *
     * @param body the text as received, or null
     * @param optOutType Twilio's {@code OptOutType}, or null when it sent none
     */
    public static boolean answered(String body, String optOutType) {
        if (optOutType != null && intentOf(optOutType) == ConsentWords.Intent.OPT_OUT) {
            return true;
        }
        String exact = body == null ? "" : body.strip().toLowerCase(Locale.ROOT);
        return exact.matches("[a-z]+") && Replies.isTwilioKeyword(exact);
    }

    /**
     * True when Twilio answers this HELP itself: {@code OptOutType=HELP} (Advanced Opt-Out), or a text that is exactly
     * one of its help keywords ({@code HELP}, {@code INFO}), which a long code answers by default.
     */
    public static boolean answersHelp(String body, String optOutType) {
        if (optOutType != null && intentOf(optOutType) == ConsentWords.Intent.HELP) {
            return true;
        }
        String exact = body == null ? "" : body.strip().toLowerCase(Locale.ROOT);
        return Replies.HELP_KEYWORDS.contains(exact);
    }

    /**
     * Twilio's {@code OptOutType} parameter (Advanced Opt-Out): {@code STOP}, {@code START} or {@code HELP}, any case.
     *
     * @return what it says; {@link ConsentWords.Intent#NONE} for anything else
     */
    public static ConsentWords.Intent intentOf(String optOutType) {
        return switch (Replies.normalise(optOutType)) {
            case "stop" -> ConsentWords.Intent.OPT_OUT;
            case "start" -> ConsentWords.Intent.OPT_IN;
            case "help" -> ConsentWords.Intent.HELP;
            default -> ConsentWords.Intent.NONE;
        };
    }
}
