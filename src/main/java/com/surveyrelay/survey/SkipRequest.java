package com.surveyrelay.survey;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A respondent asking to skip the open question ("skip", "next question", "pass", "siguiente", "je passe"), said or
 * texted as the whole reply: the question is recorded skipped and the survey goes on, as after {@code maxRetries}
 * replies it could not read. Until 2026-12-07 "skip" and "next question" were stored as the answer to a words question
 * and spent a retry at any other (a caller's probe). Only the whole reply, polite words aside, counts: "skip the
 * queue" or "next time, faster delivery" are answers, and so is any reply the question reads as one (an option worded
 * "next").
 */
final class SkipRequest {

    /** Normalised ({@link Replies#normalise}) requests to skip, in English, Spanish and French. */
    private static final Set<String> SKIPPING = Set.of(
            "skip", "skip it", "skip this", "skip this one", "skip this question", "skip that", "skip question",
            "next", "next question", "next one", "pass", "i pass", "i ll pass", "ill pass", "move on",
            "siguiente", "siguiente pregunta", "la siguiente", "paso", "saltar", "saltala", "salta", "omitir",
            "suivant", "suivante", "question suivante", "la suivante", "je passe", "passer", "passons");
    /** Polite words around a request to skip: "skip please", "ok, next question". */
    private static final Pattern POLITE = Pattern.compile("^(?:(?:ok|okay|please|just|lets|let s|can we|sorry|por favor"
            + "|vale|s il vous plait|svp) )*|(?: (?:please|thanks|thank you|por favor|gracias|s il vous plait|svp"
            + "|merci))*$");

    private SkipRequest() {
    }

    /**
     * Normalised ways of not knowing, not saying or not applying, in English, Spanish and French: at a question they
     * cannot answer (a number, a choice, yes or no) they skip it at once; until 2026-12-07 each was told "that answer
     * doesn't fit" until its retries ran out (a caller's probe). A words question takes them as its answer.
     */
    private static final Set<String> NOT_ANSWERING = Set.of("i don t know", "i dont know", "i do not know",
            "dont know", "don t know", "idk", "no idea", "i have no idea", "not sure", "i m not sure", "im not sure",
            "no comment", "i d rather not say", "id rather not say", "rather not say", "i prefer not to say",
            "prefer not to say", "i prefer not to answer", "prefer not to answer", "i d rather not answer",
            "no se", "no lo se", "ni idea", "no estoy seguro", "no estoy segura", "sin comentarios",
            "prefiero no decir", "prefiero no contestar", "prefiero no responder", "je ne sais pas", "je sais pas",
            "aucune idee", "sans commentaire", "je prefere ne pas repondre", "je prefere ne pas dire",
            // Not applying: "no aplica" and "non applicable" were stored as "no" at a yes-or-no question, and "not
            // applicable" asked again (an analyst's probe, 2026-12-07).
            "not applicable", "n a", "does not apply", "doesn t apply", "doesnt apply", "it doesn t apply",
            "that doesn t apply", "not relevant", "no aplica", "no me aplica", "no corresponde", "no procede",
            "non applicable", "sans objet", "ne s applique pas", "pas applicable", "non concerne", "pas concerne",
            "je ne suis pas concerne", "je ne suis pas concernee");

    /** Whether {@code reply}, texted or said, as a whole asks to skip the question. */
    static boolean asks(String reply) {
        return SKIPPING.contains(said(reply));
    }

    /** Whether {@code reply}, as a whole, says the respondent does not know or won't say ({@link #NOT_ANSWERING}). */
    static boolean declinesToAnswer(String reply) {
        return NOT_ANSWERING.contains(said(reply));
    }

    private static String said(String reply) {
        return POLITE.matcher(Replies.normalise(reply)).replaceAll("").strip();
    }
}
