package com.surveyrelay.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.survey.E164;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A number's SMS pointer in a real S3-protocol server: its exact JSON, and written only when nobody else wrote first.
 */
class SmsPointersTest {

    private static LocalS3 s3;
    private static S3Client client;
    private static SmsPointers pointers;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket("sessions"));
        pointers = new SmsPointers(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), "sessions", "sessions", "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        s3.close();
    }

    @Test
    void aNumbersSmsPointerIsStoredAsItsSessionIdAndReadBack() {
        E164 phone = new E164("+15551230077");
        String etag = pointers.pointSmsConversation(phone, "session-77", null);
        assertThat(client.getObjectAsBytes(get -> get.bucket("sessions").key("sms-conversations/15551230077.json"))
                .asUtf8String()).isEqualTo("""
                {
                  "sessionId" : "session-77"
                }""");
        assertThat(pointers.findSmsConversation(phone)).hasValueSatisfying(pointer -> {
            assertThat(pointer.sessionId()).isEqualTo("session-77");
            assertThat(pointer.etag()).isEqualTo(etag);
        });
    }

    @Test
    void aPointerThatNamesNoSessionIsRefusedWithoutItsNumber() {
        s3.putDirect("sessions", "sms-conversations/15551230078.json", "{\"other\":1}");
        assertThatThrownBy(() -> pointers.findSmsConversation(new E164("+15551230078")))
                .isInstanceOf(IllegalStateException.class).hasMessage("An SMS pointer names no session");
    }

    @Test
    void aPointerChangedSinceItWasReadIsNotTakenOver() {
        E164 phone = new E164("+15551230079");
        pointers.pointSmsConversation(phone, "session-first", null);
        SmsConversation read = pointers.findSmsConversation(phone).orElseThrow();
        pointers.pointSmsConversation(phone, "session-second", read);

        assertThatThrownBy(() -> pointers.pointSmsConversation(phone, "session-third", read))
                .isInstanceOf(SessionConflictException.class);
        assertThatThrownBy(() -> pointers.pointSmsConversation(phone, "session-third", null))
                .isInstanceOf(SessionConflictException.class);
        assertThat(pointers.findSmsConversation(phone)).map(SmsConversation::sessionId).contains("session-second");
    }

    @Test
    void aRemovedPointerIsFoundNoMore() {
        E164 phone = new E164("+15551230080");
        pointers.pointSmsConversation(phone, "session-80", null);

        pointers.removeSmsConversation(phone);

        assertThat(pointers.findSmsConversation(phone)).isEmpty();
    }
}
