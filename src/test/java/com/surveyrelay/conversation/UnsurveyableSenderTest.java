package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnsurveyableSenderTest {

    @Test
    void namesTheSendersTwilioDeliversFromThatAreNoPhoneNumber() {
        assertThat(UnsurveyableSender.kindOf("12345")).hasValue("a short code");
        assertThat(UnsurveyableSender.kindOf("whatsapp:12345")).hasValue("a short code");
        assertThat(UnsurveyableSender.kindOf("5550100555")).hasValue("a number without its country code");
        assertThat(UnsurveyableSender.kindOf("ACME Bank")).hasValue("an alphanumeric sender");
        assertThat(UnsurveyableSender.kindOf("Shop-2_&+")).hasValue("an alphanumeric sender");
    }

    /** What no Twilio sender looks like stays a bad request: the hostile-requests corpus pins these 400. */
    @Test
    void aFromNoTwilioSenderHasIsNone() {
        for (String from : new String[] {null, "", " ", "whatsapp:", "12", "1234567890123456",
                "ACMEBANK12345", "not-a-number", "../../x", "+1555<script>", "' OR 1=1", "%2B15550990001",
                "+15550990001\u0000", "ACME\nBank"}) {
            assertThat(UnsurveyableSender.kindOf(from)).as(String.valueOf(from)).isEmpty();
        }
    }
}
