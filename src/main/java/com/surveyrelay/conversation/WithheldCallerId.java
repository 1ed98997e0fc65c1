package com.surveyrelay.conversation;

import com.surveyrelay.survey.E164;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of a call to the survey number, when Twilio's {@code From} names one: not {@code anonymous}, a SIP or
 * client address, nor one of the numbers Twilio writes for a caller ID withheld or unknown to the carrier, which parse
 * as E.164 but spell a word on a keypad (Twilio support, "Why am I getting calls from these strange numbers?"):
 * {@code +266696687} ANONYMOUS, {@code +7378742833} RESTRICTED, {@code +2562533} BLOCKED, {@code +8656696} UNKNOWN,
 * {@code +86282452253} UNAVAILABLE. An opt-out recorded on one of those stops nothing for the caller, who is told
 * so, and would pile every hidden caller's opt-out on one record (until 2026-12-07 a hidden caller pressing star was
 * told "you will get no more surveys" while their number stayed callable: a compliance officer's probe). A number
 * of a length no number of its country code has ({@link E164#lengthProblem}) is no caller either.
 */
final class WithheldCallerId {

    /** Twilio's stand-ins for a withheld or unknown caller ID, as its {@code From} writes them. */
    static final Set<String> STAND_INS = Set.of("+266696687", "+7378742833", "+2562533", "+8656696",
            "+86282452253");

    private WithheldCallerId() {
    }

    /**
     * The caller's number, or empty when {@code from} names none a survey can reach: not E.164, one of Twilio's
     * {@link #STAND_INS}, or of an impossible length.
     *
     * @param from Twilio's {@code From} as received, or null
     */
    static Optional<E164> caller(String from) {
        return E164.parse(from).filter(number -> !STAND_INS.contains(number.value()))
                .filter(number -> E164.lengthProblem(number).isEmpty());
    }
}
