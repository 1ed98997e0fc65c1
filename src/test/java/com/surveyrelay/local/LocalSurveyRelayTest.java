package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The local default's banner says where events go. */
class LocalSurveyRelayTest {

    private static final Path JOURNAL = Path.of("/tmp/data/events.jsonl");

    @Test
    void theLocalBusPointsAtItsJournal() {
        assertThat(LocalSurveyRelay.eventBridgeLine("http://127.0.0.1:4000", "", true, JOURNAL))
                .isEqualTo("  EventBridge  http://127.0.0.1:4000  (events also in /tmp/data/events.jsonl)");
    }

    @Test
    void anEventsEndpointOfYourOwnMarksTheBusUnused() {
        assertThat(LocalSurveyRelay.eventBridgeLine("http://127.0.0.1:4000", "file:data/events", true, JOURNAL))
                .isEqualTo("  EventBridge  http://127.0.0.1:4000  (unused: events go to file:data/events, "
                        + "from SURVEY_EVENTS_ENDPOINT)");
    }

    @Test
    void aBusOfYourOwnIsNamedAsSuch() {
        assertThat(LocalSurveyRelay.eventBridgeLine("https://events.example", " ", false, JOURNAL))
                .isEqualTo("  EventBridge  https://events.example  (from EVENTBRIDGE_ENDPOINT)");
    }
}
