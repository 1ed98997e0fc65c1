package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Twilio's settings that the service can check itself: until 2026-12-07 {@code TWILIO_API_BASE_URL=notaurl} made every
 * start "Twilio refused the text" while Twilio was never asked, and a WhatsApp number with its {@code whatsapp:} prefix
 * was taken (an operator's probe).
 */
class TwilioPropertiesTest {

    private static TwilioProperties with(URI apiBaseUrl, String whatsAppNumber) {
        return new TwilioProperties(com.surveyrelay.local.LocalServices.ACCOUNT_SID, "token", "+15005550006", null,
                apiBaseUrl, whatsAppNumber, null);
    }

    @Test
    void anApiBaseUrlThatIsNoUrlStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> with(URI.create("notaurl"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TWILIO_API_BASE_URL (twilio.api-base-url) must be")
                .hasMessageEndingWith("not notaurl");
        assertThat(with(URI.create("http://127.0.0.1:8089"), null).apiBaseUrl()).hasPort(8089);
        assertThat(with(null, null).apiBaseUrl()).isNull();
    }

    @Test
    void aWhatsAppNumberNotInE164FormStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> with(null, "whatsapp:+14155238886")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TWILIO_WHATSAPP_NUMBER (twilio.whatsapp-number) must be the WhatsApp sender's number in "
                        + "E.164 form, like +14155238886 (without whatsapp:), not whatsapp:+14155238886");
        assertThatThrownBy(() -> with(null, "4155238886")).isInstanceOf(IllegalArgumentException.class);
        assertThat(with(null, "+14155238886").whatsappConfigured()).as("no template").isFalse();
        assertThat(with(null, "").whatsappNumber()).isEmpty();
        assertThat(with(null, " +14155238886 ").whatsappNumber()).as("kept as checked, stripped")
                .isEqualTo("+14155238886");
    }

    /** A survey number without its "+" started until 2026-12-07 (an operator's probe); a short code still does. */
    @Test
    void aSurveyNumberWithoutItsPlusStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new TwilioProperties("AC1", "token", "15005550006", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TWILIO_PHONE_NUMBER (twilio.phone-number) must be the survey number in E.164 form, a + "
                        + "and the country code, like +15005550006, not 15005550006");
        assertThatThrownBy(() -> new TwilioProperties("AC1", "token", "(500) 555-0006", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        // Spaced as a console shows it (started until 2026-12-07: the welcome went out from that form).
        assertThatThrownBy(() -> new TwilioProperties("AC1", "token", "+1 500 555 0006", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("not +1 500 555 0006");
        assertThatThrownBy(() -> new TwilioProperties("AC1", "token", "+1-500-555-0006", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        // Blanks around it are dropped, not sent as the sender; a WhatsApp sender is no survey number (a breaker's
        // probe, 2026-12-07).
        assertThat(new TwilioProperties("AC1", "token", " +15005550006 ", null, null, null, null).phoneNumber())
                .isEqualTo("+15005550006");
        assertThatThrownBy(() -> new TwilioProperties("AC1", "token", "whatsapp:+15005550006", null, null, null,
                null)).isInstanceOf(IllegalArgumentException.class);
        for (String taken : new String[] {"+15005550006", "12345", "SurveyCo", "", null}) {
            assertThat(new TwilioProperties("AC1", "token", taken, null, null, null, null).phoneNumber()).as(taken)
                    .isEqualTo(taken);
        }
    }
}
