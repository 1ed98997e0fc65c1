package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.List;

/** Renders the processor's {@link Reply} as texts, for SMS and WhatsApp. */
final class SmsReplyTexts {

    private SmsReplyTexts() {
    }

    /**
     * The texts answering a respondent: the reply's lines, then the language offer (each language's line, the
     * prompt to continue and how to opt out, {@link TextOptOutOffer}, as one paragraph) and the question, fitted
     * into parts of at most 1,600 characters ({@link SmsTexts#fit}).
     */
    static List<String> render(Survey survey, SurveySession session, Reply reply) {
        SurveyLanguage language = survey.language(session.languageSet());
        List<String> parts = new ArrayList<>(reply.lines());
        if (reply.offerLanguages()) {
            List<String> offerLines = new ArrayList<>();
            survey.offersFrom(session.languageSet()).forEach(offer -> offerLines.add(offer.sms()));
            language.optionalText(Prompt.CONTINUE_SMS).ifPresent(offerLines::add);
            TextOptOutOffer.line(language).ifPresent(offerLines::add);
            if (!offerLines.isEmpty()) {
                parts.add(String.join("\n", offerLines));
            }
        }
        if (reply.question() != null) {
            parts.add(language.questionPrompt(reply.question()));
        }
        return SmsTexts.fit(parts);
    }
}
