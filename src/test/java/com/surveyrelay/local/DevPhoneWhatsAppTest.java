package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dev phone starts WhatsApp surveys and sends WhatsApp messages, through the emulator, as Twilio would. */
class DevPhoneWhatsAppTest {

    private static final String TOKEN = "token";
    private final TwilioEmulator emulator = TwilioEmulator.start(0, "AC" + "0".repeat(32), TOKEN, "+15005550006");
    private final FakeTwilioApp service = FakeTwilioApp.start(TOKEN);
    private final DevPhone phone = DevPhone.start(0, emulator, service.url(), "key");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        phone.close();
        emulator.close();
        service.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(phone.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsAWhatsAppSurveyOfTheChosenSurvey() throws Exception {
        service.answer("/whatsapp/initiate-whatsapp", 201, "{\"sessionId\":\"s-1\"}");
        HttpResponse<String> started = post("/api/start", "{\"channel\": \"whatsapp\", \"number\": \"+15551234567\", "
                + "\"surveyId\": \"quarterly-nps\"}");
        assertThat(started.statusCode()).isEqualTo(201);
        assertThat(service.received()).singleElement().satisfies(request -> {
            assertThat(request.target()).isEqualTo("/whatsapp/initiate-whatsapp");
            // The fake reads bodies as forms: the JSON request is its one key.
            assertThat(request.params().keySet()).singleElement().asString()
                    .contains("\"surveyId\":\"quarterly-nps\"").contains("15551234567");
        });
    }

    @Test
    void sendsAWhatsAppMessageFromTheNumbersWhatsAppAddress() throws Exception {
        emulator.connect(URI.create(service.url().toString()), service.url());
        emulator.smsWebhook(URI.create(service.at("/sms/webhook")));
        service.answer("/sms/webhook", "<Response><Message>Thanks!</Message></Response>");

        assertThat(post("/api/phones/%2B15551234567/text", "{\"body\": \"hola\", \"whatsApp\": true}").statusCode())
                .isEqualTo(200);

        assertThat(service.received()).singleElement().satisfies(webhook ->
                assertThat(webhook.params().get("From")).isEqualTo("whatsapp:+15551234567"));
        assertThat(emulator.phone("+15551234567").thread()).extracting(SmsEntry::body, SmsEntry::whatsApp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hola", true),
                        org.assertj.core.groups.Tuple.tuple("Thanks!", true));
    }
}
