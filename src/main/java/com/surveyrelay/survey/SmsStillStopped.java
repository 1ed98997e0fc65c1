package com.surveyrelay.survey;

import java.util.Map;
import java.util.Optional;

/**
 * The line texted after {@code optInConfirmation} to a WhatsApp opt-in that ended an opt-out Twilio enforces on SMS
 * (STOP texted to the SMS number, Twilio's {@code OptOutType}, or its error 21610): the language file's
 * {@code smsStillStopped}, else a built-in one for English, Spanish and French. Twilio keeps refusing texts to a number
 * that texted STOP until that number texts START to the same sender (Twilio's Advanced Opt-Out; a send meanwhile is
 * error 21610); a START on WhatsApp does not lift it. Until 2026-12-07 the WhatsApp opt-in was told "You will get our
 * surveys again" alone, and the next SMS survey to the number failed.
 */
public final class SmsStillStopped {

    /** The line a language file without {@code smsStillStopped} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", "Our texts by SMS stay stopped until you text START to our SMS number.",
            "es", "Nuestros SMS siguen detenidos hasta que envíe START a nuestro número de SMS.",
            "fr", "Nos SMS restent arrêtés jusqu'à ce que vous envoyiez START à notre numéro SMS."));

    private SmsStillStopped() {
    }

    /** The line for {@code language}: its file's {@code smsStillStopped}, else the built-in one, else none. */
    public static Optional<String> line(SurveyLanguage language) {
        return language.optionalText(Prompt.SMS_STILL_STOPPED).or(() -> BUILT_IN.in(language.tag()));
    }
}
