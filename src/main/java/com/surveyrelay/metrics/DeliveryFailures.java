package com.surveyrelay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts the texts Twilio accepted and then reported not delivered, from its message status callbacks
 * ({@code MessageStatus} {@code failed} or {@code undelivered}), as
 * {@code survey_relay_message_delivery_failures_total{channel, status, error}}: {@code channel} {@code sms} or
 * {@code whatsapp}, {@code status} Twilio's word, {@code error} Twilio's error code ({@code 30003} unreachable handset,
 * {@code 30005} unknown number, {@code 30006} landline or unreachable carrier, {@code 30007} carrier filtering,
 * {@code 30008} unknown error, {@code 21610} unsubscribed, {@code 63016} WhatsApp window closed, ...; {@code none}
 * when the callback carried none of Twilio's shape, at most six digits). Until 2026-12-05 such a report was one WARN
 * line naming the message's sid, and nothing an alert could read: a campaign's texts blocked by carrier filtering
 * (30007) showed nowhere else. A series appears at its first failure; tags never hold a number.
 */
@Component("deliveryFailures")
public class DeliveryFailures {

    /** The counter's name. */
    public static final String NAME = "survey.relay.message.delivery.failures";

    private final MeterRegistry registry;

    public DeliveryFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts one delivery failure.
     *
     * @param channel {@code sms} or {@code whatsapp}
     * @param status {@code failed} or {@code undelivered}
     * @param errorCode Twilio's error code, already checked to be at most six digits, or null for {@code none}
     */
    public void count(String channel, String status, String errorCode) {
        Counter.builder(NAME)
                .description("Texts Twilio accepted, then reported failed or undelivered, by its error code")
                .tag("channel", channel).tag("status", status).tag("error", errorCode == null ? "none" : errorCode)
                .register(registry).increment();
    }
}
