package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.SurveySession;
import org.junit.jupiter.api.Test;

/** The relay's copies of documents: none kept of a session whose document an erasure deleted. */
class KnownDocumentsTest {

    private static StoredSession stored(String phone) {
        SurveySession session = OutboxRelayBatchTest.session(phone);
        return new StoredSession(session, Outbox.EMPTY, Inbox.EMPTY, "etag");
    }

    @Test
    void aDeletedSessionsCopyHandedBackLaterIsNotKept() {
        KnownDocuments known = new KnownDocuments();
        StoredSession erased = stored("+15550136100");
        known.remember(erased);

        known.forgetDeleted(erased.ref());
        assertThat(known.take(erased.ref())).isNull();
        // A batch in flight hands its copy back: a failed call's retry, a delivered entry's next one.
        known.remember(erased);
        known.keepUnlessWokenSince(erased);
        assertThat(known.take(erased.ref())).isNull();

        StoredSession other = stored("+15550136101");
        known.remember(other);
        assertThat(known.take(other.ref())).isSameAs(other);
    }

    @Test
    void onlyTheLastDeletedSessionsAreRemembered() {
        KnownDocuments known = new KnownDocuments();
        StoredSession first = stored("+15550136102");
        known.forgetDeleted(first.ref());
        for (int i = 0; i < KnownDocuments.DELETED_KEPT; i++) {
            known.forgetDeleted(stored("+15550136103").ref());
        }

        known.remember(first);
        assertThat(known.take(first.ref())).as("forgotten once 1,024 later sessions were deleted").isSameAs(first);
    }
}
