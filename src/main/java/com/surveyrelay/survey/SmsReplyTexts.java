package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders the processor's {@link Reply} as texts, for SMS and WhatsApp. */
final class SmsReplyTexts {

    private SmsReplyTexts() {
    }

    /**
     * The texts answering a respondent: the reply's lines, then the language offer (each language's line, the
     * prompt to continue and how to opt out, {@link TextOptOutOffer}, as one paragraph) and the question, fitted
     * into parts of at most 1,600 characters ({@link SmsTexts#fit}). When the offer's texts take more than one part
     * and the opt-out line would fall past the first, it ends the first part instead, as a paragraph of its own:
     * a survey's first text says how to opt out.
     */
    static List<String> render(Survey survey, SurveySession session, Reply reply) {
        SurveyLanguage language = survey.language(session.languageSet());
        Optional<String> optOut = reply.offerLanguages() ? TextOptOutOffer.line(language) : Optional.empty();
        List<String> texts = SmsTexts.fit(parts(survey, session, reply, language, optOut));
        if (optOut.isPresent() && texts.size() > 1 && !texts.get(0).contains(optOut.get())) {
            return SmsTexts.fit(parts(survey, session, reply, language, Optional.empty()), optOut.get());
        }
        return texts;
    }

    private static List<String> parts(Survey survey, SurveySession session, Reply reply, SurveyLanguage language,
            Optional<String> optOut) {
        List<String> parts = new ArrayList<>(reply.lines());
        if (reply.offerLanguages()) {
            List<String> offerLines = new ArrayList<>();
            survey.offersFrom(session.languageSet()).forEach(offer -> offerLines.add(offer.sms()));
            language.optionalText(Prompt.CONTINUE_SMS).ifPresent(offerLines::add);
            optOut.ifPresent(offerLines::add);
            if (!offerLines.isEmpty()) {
                parts.add(String.join("\n", offerLines));
            }
        }
        if (reply.question() != null) {
            parts.add(language.textedQuestionPrompt(reply.question()));
        }
        return parts;
    }
}
