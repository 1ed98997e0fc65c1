package com.surveyrelay.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.VoiceWebhook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox numbers what a step publishes, once and in order, and lets go of its lease when emptied. */
class OutboxTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final String SESSION = "3f2c1a9e-8b7d-4e21-9c55-0a6b1d2e7f48";

    private final Survey survey;
    private final SurveyProcessor processor = new SurveyProcessor(Clock.fixed(NOW, ZoneOffset.UTC),
            new VoiceWebhook(URI.create("https://relay.example.com/voice/webhook"),
                    URI.create("https://relay.example.com/voice/status")));

    OutboxTest() throws Exception {
        survey = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
    }

    /** An SMS session just started, then opted out: one event to publish, and the session finished. */
    private com.surveyrelay.survey.Decision optedOut() {
        SurveySession started = processor.process(survey, SurveySession.begin(SESSION, survey,
                new E164("+15551234567"), Channel.SMS, null, NOW), new SurveyInput.Start()).session();
        return processor.process(survey, started, new SurveyInput.SmsReceived("STOP", null));
    }

    @Test
    void numbersEventsInOrderThenTheResultsCopyWithStableIds() throws Exception {
        var opted = optedOut();

        Outbox outbox = Outbox.EMPTY.append(opted.events(), opted.session(), NOW);
        assertThat(outbox.entries()).extracting(OutboxEntry::id, OutboxEntry::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SESSION + "/1", OutboxEntry.Kind.EVENT),
                org.assertj.core.groups.Tuple.tuple(SESSION + "/2", OutboxEntry.Kind.RESULT));
        assertThat(outbox.entries().get(0).event().eventId()).isEqualTo(SESSION + "/1");
        assertThat(outbox.entries().get(0).event().sequence()).isEqualTo(1L);
        assertThat(outbox.nextSequence()).isEqualTo(3);
        assertThat(outbox.oldest()).isEqualTo(NOW);
        assertThat(Outbox.EMPTY.append(List.of(), null, NOW)).isSameAs(Outbox.EMPTY);
    }

    @Test
    void removingTheLastEntryReleasesTheLeaseButKeepsTheNumbering() throws Exception {
        var opted = optedOut();
        Outbox leased = Outbox.EMPTY.append(opted.events(), null, NOW).leasedTo("instance-a", NOW.plusSeconds(30));

        assertThat(leased.deliverableBy("instance-a", NOW)).isTrue();
        assertThat(leased.deliverableBy("instance-b", NOW)).as("a live lease of another").isFalse();
        assertThat(leased.deliverableBy("instance-b", NOW.plusSeconds(31))).as("a lapsed lease").isTrue();

        Outbox emptied = leased.without(entry -> entry.id().equals(SESSION + "/1"));
        assertThat(emptied.isEmpty()).isTrue();
        assertThat(emptied.lease()).isNull();
        assertThat(emptied.append(opted.events(), null, NOW).entries().get(0).id())
                .as("never renumbered").isEqualTo(SESSION + "/2");
    }

    @Test
    void theInboxKeepsTheLastFiftyTexts() {
        Inbox inbox = Inbox.EMPTY;
        for (int i = 0; i < 60; i++) {
            inbox = inbox.with(new Inbox.InboundMessage("SM" + i, List.of("reply " + i), null, false));
        }
        assertThat(inbox.messages()).hasSize(50);
        assertThat(inbox.find("SM9")).isEmpty();
        assertThat(inbox.find("SM10")).hasValueSatisfying(message ->
                assertThat(message.replies()).containsExactly("reply 10"));
    }
}
