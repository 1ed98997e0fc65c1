package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.privacy.RespondentErased;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The refused starts' ends kept in memory: a sweep during an outage tries one write, not one an end, and stores them
 * all once storage is back. Storage is a stand-in here (its failures are the subject; {@code MetricsServiceTest} runs
 * the whole path against the local S3 with its fault switch).
 */
class RefusedStartEndsTest {

    private static final SurveyInput.Ended END = new SurveyInput.Ended(SurveyStatus.ABANDONED,
            "not-delivered:invalid_recipient", true);

    private final SessionSteps steps = mock(SessionSteps.class);
    private final RefusedStartEnds ends = new RefusedStartEnds(steps, mock(OutboxRelay.class));
    private final List<SessionRef> refs = List.of(
            new SessionRef(new E164("+15550145460"), "00000000-0000-4000-8000-000000000001"),
            new SessionRef(new E164("+15550145461"), "00000000-0000-4000-8000-000000000002"),
            new SessionRef(new E164("+15550145462"), "00000000-0000-4000-8000-000000000003"));

    @Test
    void aSweepWhileStorageFailsTriesOneEndAndKeepsThemAllThenStoresThemAllOnceItIsBack() {
        refs.forEach(ref -> assertThat(ends.keep(ref, END)).isTrue());
        when(steps.apply(any(SessionRef.class), eq(END))).thenThrow(SdkClientException.create("S3 unreachable"));

        assertThat(ends.endKept()).as("ends still kept").isEqualTo(3);
        verify(steps, times(1)).apply(any(SessionRef.class), eq(END));

        reset(steps);
        when(steps.apply(any(SessionRef.class), eq(END))).thenReturn(Optional.empty());
        assertThat(ends.endKept()).as("ends still kept once storage is back").isZero();
        refs.forEach(ref -> verify(steps).apply(ref, END));
    }

    @Test
    void anErasedNumbersKeptEndIsDroppedAndTheOthersStay() {
        refs.forEach(ref -> ends.keep(ref, END));

        ends.forget(new RespondentErased(refs.get(1).phone()));

        when(steps.apply(any(SessionRef.class), eq(END))).thenReturn(Optional.empty());
        assertThat(ends.endKept()).isZero();
        verify(steps).apply(refs.get(0), END);
        verify(steps, times(0)).apply(refs.get(1), END);
        verify(steps).apply(refs.get(2), END);
    }
}
