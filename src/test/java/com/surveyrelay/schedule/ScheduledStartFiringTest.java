package com.surveyrelay.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.conversation.ContactPace;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Firing decisions that need no bucket: mocks stand for the store, the ledger and the starts. */
class ScheduledStartFiringTest {

    private static final Instant NOW = Instant.parse("2026-12-08T14:00:00Z");
    private static final String KEY = "scheduled-starts/0001796739305000-8453ee2c-ee5c-4067-8527-f433cc1f279b.json";

    /**
     * A survey whose contact hours were narrowed since the start was deferred, so that they never open in all the
     * number's zones: the start was fired at once, at any hour. It is refused instead, as a start would be.
     */
    @Test
    void aDueStartWhoseHoursNeverOpenNowIsRefusedNotSent() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        ScheduledStart due = new ScheduledStart("8453ee2c-ee5c-4067-8527-f433cc1f279b", "sms", "+74951234567", null,
                null, null, "crm-42", NOW.minusSeconds(60), NOW.minusSeconds(86_400));
        HttpProblem never = new HttpProblem(422, "contact_hours_never_open", "never open");
        when(store.dueKeys(any(), anyInt(), isNull())).thenReturn(List.of(KEY));
        when(store.find(KEY)).thenReturn(Optional.of(due));
        when(starts.stillQuiet(due)).thenThrow(never);
        when(ledger.claim(eq("scheduled-start:" + due.id()), any(Instant.class))).thenReturn(Optional.of(
                new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null)));
        List<Object> published = new ArrayList<>();

        int fired = new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), published::add,
                () -> 0, ContactPace.NONE)
                .fireDue();

        assertThat(fired).isZero();
        verify(starts, never()).startScheduled(any(), any());
        verify(starts).refuseScheduled(due, never);
        verify(ledger).failed("scheduled-start:" + due.id(), "contact_hours_never_open");
        verify(store).delete(KEY);
        assertThat(published).containsExactly(new ScheduledStartEnded("crm-42", "sms", false,
                "contact_hours_never_open"));
    }

    /**
     * A campaign cancelled while rows of it waited in quiet hours: those rows fell due and went out all the same, the
     * morning after the operator stopped the campaign. Each is refused {@code campaign_cancelled} now, recorded and
     * removed, and takes no slot of the campaign pace.
     */
    @Test
    void aDueRowOfACancelledCampaignIsRefusedNotSent() {
        DueCampaignRow row = DueCampaignRow.promoRow7();
        List<Object> published = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        int[] paceSlots = {0};

        int fired = new ScheduledStartFiring(row.store(), row.ledger(), row.starts(), Clock.fixed(NOW, ZoneOffset.UTC),
                published::add, () -> paceSlots[0]++, ContactPace.NONE,
                key -> asked.add(key) && key.startsWith("campaign-row:promo-")).fireDue();

        assertThat(fired).isZero();
        assertThat(asked).containsExactly("campaign-row:promo-0123456789ab:7");
        verify(row.starts(), never()).startScheduled(any(), any());
        verify(row.starts()).refuseScheduled(eq(row.due()), any(HttpProblem.class));
        verify(row.ledger()).failed("scheduled-start:" + row.due().id(), ScheduledStartFiring.CAMPAIGN_CANCELLED);
        verify(row.store()).delete(row.key());
        assertThat(published).containsExactly(new ScheduledStartEnded("campaign-row:promo-0123456789ab:7", "sms", false,
                "campaign_cancelled"));
        assertThat(paceSlots[0]).as("no slot of the campaign pace taken").isZero();
    }

    /**
     * The campaign is cancelled while a deferred row of it waits for its slots, after the look made before it was
     * claimed: the row's text went out all the same. The start now asks again at its contact slot, and sends nothing;
     * the row is refused {@code campaign_cancelled} as a row caught by the first look is. The mock plays the start's
     * part: it waits its turn, then refuses when the pace is called off, as {@code SurveyOpener} does.
     */
    @Test
    void aDeferredRowWhoseCampaignIsCancelledWhileItWaitsForItsContactSlotSendsNothing() {
        DueCampaignRow row = DueCampaignRow.promoRow7();
        boolean[] cancelled = {false};
        List<String> sent = new ArrayList<>();
        when(row.starts().startScheduled(eq(row.due()), any(ContactPace.class))).thenAnswer(start -> {
            ContactPace pace = start.getArgument(1, ContactPace.class);
            pace.awaitTurn();
            if (pace.calledOff()) {
                throw new HttpProblem(409, ScheduledStartFiring.CAMPAIGN_CANCELLED, "Nothing was sent.");
            }
            sent.add(row.due().to());
            return mock(com.surveyrelay.conversation.StartedSurvey.class);
        });
        List<Object> published = new ArrayList<>();
        ContactPace contactPace = () -> {
            cancelled[0] = true; // the operator's cancel lands while the row waits here
            return false;
        };

        int fired = new ScheduledStartFiring(row.store(), row.ledger(), row.starts(), Clock.fixed(NOW, ZoneOffset.UTC),
                published::add, () -> 0, contactPace, key -> cancelled[0]).fireDue();

        assertThat(fired).isZero();
        assertThat(sent).isEmpty();
        verify(row.ledger()).failed("scheduled-start:" + row.due().id(), ScheduledStartFiring.CAMPAIGN_CANCELLED);
        verify(row.store()).delete(row.key());
        assertThat(published).containsExactly(new ScheduledStartEnded("campaign-row:promo-0123456789ab:7", "sms", false,
                "campaign_cancelled"));
    }

    /**
     * A call's SMS fallback deferred by quiet hours, whose number is in another texted survey when it falls due: it is
     * skipped for good, as the fallback would have been at once, not moved to try again later as a request's start is.
     */
    @Test
    void aDeferredFallbackWhoseNumberIsInAnotherSurveyWhenDueIsSkippedNotMoved() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        ScheduledStart due = new ScheduledStart("8453ee2c-ee5c-4067-8527-f433cc1f279b", "sms", "+15550139101",
                "en-US", "customer-satisfaction", null, "fallback:6f1c8a52-3b1e-4c55-9d0f-2a4b6c8d0e1f",
                NOW.minusSeconds(60), NOW.minusSeconds(3_600), null, new com.surveyrelay.survey.FallbackFrom(
                        "6f1c8a52-3b1e-4c55-9d0f-2a4b6c8d0e1f", "no-answer"));
        HttpProblem busy = new com.surveyrelay.conversation.SurveyInProgress("in another survey", "other-survey")
                .askedFor("customer-satisfaction");
        when(store.dueKeys(any(), anyInt(), isNull())).thenReturn(List.of(KEY));
        when(store.find(KEY)).thenReturn(Optional.of(due));
        when(starts.stillQuiet(due)).thenReturn(Optional.empty());
        when(ledger.claim(eq("scheduled-start:" + due.id()), any(Instant.class))).thenReturn(Optional.of(
                new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null)));
        when(starts.startScheduled(eq(due), any())).thenThrow(busy);
        List<Object> published = new ArrayList<>();

        int fired = new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), published::add,
                () -> 0, ContactPace.NONE)
                .fireDue();

        assertThat(fired).isZero();
        verify(store, never()).save(any());
        verify(ledger, never()).release(any());
        verify(starts).refuseScheduled(due, busy);
        verify(ledger).failed("scheduled-start:" + due.id(), "survey_in_progress");
        verify(store).delete(KEY);
        assertThat(published).containsExactly(new ScheduledStartEnded(due.idempotencyKey(), "sms", false,
                "survey_in_progress"));
    }

    /**
     * A log line names a deferred start by its id, its campaign row (the service's own key) and its number masked;
     * a caller's own key is left out, as it may hold anything (an operator could not tell which row of which campaign
     * a refusal was until 2026-12-07).
     */
    @Test
    void aDeferredStartIsDescribedByItsCampaignRowAndItsNumberMasked() {
        ScheduledStart row = new ScheduledStart("8453ee2c-ee5c-4067-8527-f433cc1f279b", "sms", "+15550139101",
                "en-US", "customer-satisfaction", null, "campaign-row:spring-5ee6df7a1ac5:12", NOW, NOW);
        assertThat(row.described()).isEqualTo("8453ee2c-ee5c-4067-8527-f433cc1f279b "
                + "(campaign-row:spring-5ee6df7a1ac5:12, to ***9101)");
        ScheduledStart request = new ScheduledStart("8453ee2c-ee5c-4067-8527-f433cc1f279b", "sms", "+15550139101",
                "en-US", "customer-satisfaction", null, "order-15550139101", NOW, NOW);
        assertThat(request.described()).isEqualTo("8453ee2c-ee5c-4067-8527-f433cc1f279b (to ***9101)");
    }

    /**
     * A start that went out but whose outcome the ledger could not take was announced to nobody, so its campaign row
     * was never counted: it is announced from what happened, and left for a later poll to remove.
     */
    @Test
    void aStartThatWentOutIsAnnouncedThoughTheLedgerFailedToRecordIt() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        ScheduledStart due = new ScheduledStart("8453ee2c-ee5c-4067-8527-f433cc1f279b", "sms", "+12125550123", null,
                null, null, "campaign-row:promo-0123456789ab:7", NOW.minusSeconds(60), NOW.minusSeconds(86_400));
        String rowKey = ScheduledStartStore.key(due);
        when(store.dueCampaignRows(any(), anyInt(), isNull())).thenReturn(List.of(rowKey));
        when(store.find(rowKey)).thenReturn(Optional.of(due));
        when(starts.stillQuiet(due)).thenReturn(Optional.empty());
        when(ledger.claim(eq("scheduled-start:" + due.id()), any(Instant.class))).thenReturn(Optional.of(
                new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null)));
        com.surveyrelay.conversation.StartedSurvey started = mock(com.surveyrelay.conversation.StartedSurvey.class);
        when(started.sessionId()).thenReturn("session-1");
        when(starts.startScheduled(eq(due), any())).thenReturn(started);
        org.mockito.Mockito.doThrow(new IllegalStateException("S3 down")).when(ledger)
                .started("scheduled-start:" + due.id(), "session-1");
        List<Object> published = new ArrayList<>();

        int fired = new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), published::add,
                () -> 0, ContactPace.NONE)
                .fireDue();

        assertThat(fired).isOne();
        assertThat(published).containsExactly(new ScheduledStartEnded("campaign-row:promo-0123456789ab:7", "sms", true,
                null, "session-1"));
        verify(store, never()).delete(rowKey);
    }

    /**
     * A night's deferred campaign rows fell due together at the opening of contact hours and went out back to back, 15
     * a second at a rate of 1: each campaign row now waits for the campaign pace's next slot before it is claimed; a
     * start of another kind (an API request's) goes first, at once, rather than behind a night's rows.
     */
    @Test
    void dueCampaignRowsKeepTheCampaignPaceAndOtherStartsDoNot() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        List<String> requests = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (String idempotencyKey : List.of("campaign-row:promo-0123456789ab:1", "crm-42",
                "campaign-row:promo-0123456789ab:2")) {
            String id = java.util.UUID.randomUUID().toString();
            boolean row = idempotencyKey.startsWith("campaign-row:");
            String key = (row ? ScheduledStartStore.CAMPAIGN_ROWS : ScheduledStartStore.PREFIX)
                    + "0001796739305000-" + id + ".json";
            (row ? rows : requests).add(key);
            ScheduledStart due = new ScheduledStart(id, "sms", "+12125550123", null, null, null, idempotencyKey,
                    NOW.minusSeconds(60), NOW.minusSeconds(86_400));
            when(store.find(key)).thenReturn(Optional.of(due));
            when(starts.stillQuiet(due)).thenReturn(Optional.empty());
            when(ledger.claim(eq("scheduled-start:" + id), any(Instant.class))).thenAnswer(claim -> {
                order.add("start " + idempotencyKey);
                return Optional.of(new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null));
            });
            com.surveyrelay.conversation.StartedSurvey started = mock(com.surveyrelay.conversation.StartedSurvey.class);
            // As SurveyOpener does, once the session is stored: the first contact waits for the pace it was given.
            when(starts.startScheduled(eq(due), any(ContactPace.class))).thenAnswer(start -> {
                start.getArgument(1, ContactPace.class).awaitTurn();
                return started;
            });
        }
        when(store.dueKeys(any(), anyInt(), isNull())).thenReturn(requests);
        when(store.dueCampaignRows(any(), anyInt(), isNull())).thenReturn(rows);
        CampaignRowPace pace = () -> {
            order.add("wait");
            return 1;
        };
        ContactPace contactPace = () -> {
            order.add("contact turn");
            return false;
        };

        int fired = new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), event -> { },
                pace, contactPace).fireDue();

        assertThat(fired).isEqualTo(3);
        assertThat(order).as("the request's start first, at once; then each row at the row pace, its contact at the "
                + "contact pace").containsExactly("start crm-42", "wait", "start campaign-row:promo-0123456789ab:1",
                "contact turn", "wait", "start campaign-row:promo-0123456789ab:2", "contact turn");
    }

    /**
     * A night's 150 deferred rows due at the opening of contact hours, then a request's start: the request fired only
     * once the rows ahead of it in the listing were gone (100 keys a poll), and the rows went 20 s a poll at the
     * pace, 20 rows every 30 s at a rate of 1. The rows are now listed apart, so the request goes first, and the rows
     * go on at the pace for as long as they are due.
     */
    @Test
    void aNightsCampaignRowsGoOutInOnePollAfterTheRequestsStart() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        List<String> order = new ArrayList<>();
        java.util.TreeSet<String> rowKeys = new java.util.TreeSet<>();
        for (int row = 1; row <= 151; row++) {
            String id = java.util.UUID.randomUUID().toString();
            String idempotencyKey = row == 151 ? "crm-42" : "campaign-row:promo-0123456789ab:" + row;
            String key = (row == 151 ? ScheduledStartStore.PREFIX : ScheduledStartStore.CAMPAIGN_ROWS)
                    + String.format("%013d", NOW.minusSeconds(row == 151 ? 5 : 60).toEpochMilli()) + "-" + id + ".json";
            ScheduledStart due = new ScheduledStart(id, "sms", "+12125550123", null, null, null, idempotencyKey,
                    NOW.minusSeconds(60), NOW.minusSeconds(86_400));
            if (row < 151) {
                rowKeys.add(key);
            }
            when(store.find(key)).thenReturn(Optional.of(due));
            when(starts.stillQuiet(due)).thenReturn(Optional.empty());
            when(ledger.claim(eq("scheduled-start:" + id), any(Instant.class))).thenAnswer(claim -> {
                order.add(idempotencyKey);
                // As the bucket would: a fired start is no longer listed.
                rowKeys.remove(key);
                return Optional.of(new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null));
            });
            com.surveyrelay.conversation.StartedSurvey started = mock(com.surveyrelay.conversation.StartedSurvey.class);
            when(starts.startScheduled(eq(due), any(ContactPace.class))).thenReturn(started);
            if (row == 151) {
                when(store.dueKeys(any(), anyInt(), isNull())).thenReturn(List.of(key));
            }
        }
        when(store.dueCampaignRows(any(), anyInt(), any())).thenAnswer(list -> page(rowKeys,
                list.getArgument(1, Integer.class), list.getArgument(2, String.class)));

        int fired = new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), event -> { },
                () -> 0, ContactPace.NONE).fireDue();

        assertThat(fired).isEqualTo(151);
        assertThat(order.get(0)).isEqualTo("crm-42");
        assertThat(order).hasSize(151).doesNotHaveDuplicates();
    }

    /** Once the instance stops, a poll fires no more campaign rows: shutdown waits for one start, not a night's. */
    @Test
    void aStoppingInstanceFiresNoMoreRows() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        List<String> keys = new ArrayList<>();
        List<ScheduledStartFiring> firing = new ArrayList<>();
        for (int row = 1; row <= 3; row++) {
            String id = java.util.UUID.randomUUID().toString();
            String key = ScheduledStartStore.CAMPAIGN_ROWS + "0001796739305000-" + id + ".json";
            keys.add(key);
            ScheduledStart due = new ScheduledStart(id, "sms", "+12125550123", null, null, null,
                    "campaign-row:promo-0123456789ab:" + row, NOW.minusSeconds(60), NOW.minusSeconds(86_400));
            when(store.find(key)).thenReturn(Optional.of(due));
            when(starts.stillQuiet(due)).thenReturn(Optional.empty());
            when(ledger.claim(eq("scheduled-start:" + id), any(Instant.class))).thenAnswer(claim -> {
                firing.get(0).stopFiringRows(); // the context closes while the first row starts
                return Optional.of(new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null));
            });
            com.surveyrelay.conversation.StartedSurvey started = mock(com.surveyrelay.conversation.StartedSurvey.class);
            when(starts.startScheduled(eq(due), any(ContactPace.class))).thenReturn(started);
        }
        when(store.dueCampaignRows(any(), anyInt(), isNull())).thenReturn(keys);
        firing.add(new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), event -> { },
                () -> 0, ContactPace.NONE));

        assertThat(firing.get(0).fireDue()).isOne();
        verify(starts, org.mockito.Mockito.times(1)).startScheduled(any(), any());
    }

    /** A page of the keys as S3 lists them: sorted, after {@code after}, at most {@code limit}. */
    private static List<String> page(java.util.NavigableSet<String> keys, int limit, String after) {
        return (after == null ? keys : keys.tailSet(after, false)).stream().limit(limit).toList();
    }

    /**
     * 100 rows claimed by an instance that died mid-start stay due for an hour: every pass listed them again from the
     * start, fired none, and ended the poll, so the row behind them never fired. Each due row is now tried once a
     * poll, page after page.
     */
    @Test
    void rowsThatStayDueHoldUpNoneBehindThem() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        java.util.TreeSet<String> rowKeys = new java.util.TreeSet<>();
        List<String> claims = new ArrayList<>();
        for (int row = 1; row <= 101; row++) {
            String id = String.format("00000000-0000-4000-8000-%012d", row);
            String key = ScheduledStartStore.CAMPAIGN_ROWS + "0001796739305000-" + id + ".json";
            rowKeys.add(key);
            ScheduledStart due = new ScheduledStart(id, "sms", "+12125550123", null, null, null,
                    "campaign-row:promo-0123456789ab:" + row, NOW.minusSeconds(60), NOW.minusSeconds(86_400));
            when(store.find(key)).thenReturn(Optional.of(due));
            when(starts.stillQuiet(due)).thenReturn(Optional.empty());
            boolean stuck = row <= 100;
            when(ledger.claim(eq("scheduled-start:" + id), any(Instant.class))).thenAnswer(claim -> {
                claims.add(id);
                if (stuck) {
                    return Optional.empty(); // its claim is another instance's, still open
                }
                rowKeys.remove(key);
                return Optional.of(new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null));
            });
            when(starts.startScheduled(eq(due), any(ContactPace.class)))
                    .thenReturn(mock(com.surveyrelay.conversation.StartedSurvey.class));
        }
        when(store.dueCampaignRows(any(), anyInt(), any())).thenAnswer(list -> page(rowKeys,
                list.getArgument(1, Integer.class), list.getArgument(2, String.class)));

        int fired = new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), event -> { },
                () -> 0, ContactPace.NONE).fireDue();

        assertThat(fired).as("the row behind the stuck ones").isOne();
        assertThat(claims).as("each tried once this poll").hasSize(101).doesNotHaveDuplicates();
    }

    /**
     * A campaign row deferred before the rows were kept apart comes in the requests' listing: it is moved to the
     * campaign rows' folder (the same start, saved under its new key), to go at the campaign pace, not fired there.
     */
    @Test
    void aCampaignRowKeptWithTheRequestsIsMovedApart() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        ScheduledStart row = new ScheduledStart("8453ee2c-ee5c-4067-8527-f433cc1f279b", "sms", "+12125550123", null,
                null, null, "campaign-row:promo-0123456789ab:7", NOW.minusSeconds(60), NOW.minusSeconds(86_400));
        when(store.dueKeys(any(), anyInt(), isNull())).thenReturn(List.of(KEY));
        when(store.find(KEY)).thenReturn(Optional.of(row));

        new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), event -> { }, () -> 0,
                ContactPace.NONE).fireDue();

        org.mockito.InOrder moved = org.mockito.Mockito.inOrder(store);
        moved.verify(store).save(row);
        moved.verify(store).delete(KEY);
        assertThat(ScheduledStartStore.key(row)).startsWith(ScheduledStartStore.CAMPAIGN_ROWS);
        verify(ledger, never()).claim(any(), any(Instant.class));
    }

    /**
     * How long an ended start's outcome is kept was a constant 30 days (ScheduledStartFiring.OUTCOMES_KEPT):
     * SCHEDULED_START_OUTCOMES_KEPT sets it, and the poll deletes the outcomes written before now minus the setting;
     * unset, 30 days.
     */
    @Test
    void theOutcomesArePrunedAfterTheSetTimeAndThirtyDaysWhenUnset() {
        ScheduledStartStore store = mock(ScheduledStartStore.class);
        ScheduledStartStore unsetStore = mock(ScheduledStartStore.class);
        ConsentProperties aWeek = new ConsentProperties(null, null, null, null, null, null, null, null, null,
                Duration.ofDays(7));
        ConsentProperties unset = new ConsentProperties(null, null, null, null, null, null, null, null, null, null);

        new ScheduledStartFiring(store, mock(TriggerLedger.class), mock(SurveyStarts.class),
                Clock.fixed(NOW, ZoneOffset.UTC), event -> { }, () -> 0, ContactPace.NONE, CancelledCampaignRows.NONE,
                aWeek).fireDue();
        new ScheduledStartFiring(unsetStore, mock(TriggerLedger.class), mock(SurveyStarts.class),
                Clock.fixed(NOW, ZoneOffset.UTC), event -> { }, () -> 0, ContactPace.NONE, CancelledCampaignRows.NONE,
                unset).fireDue();

        verify(store).pruneOutcomes(Instant.parse("2026-12-01T14:00:00Z"));
        verify(unsetStore).pruneOutcomes(Instant.parse("2026-11-08T14:00:00Z"));
    }

    /** Row 7 of campaign {@code promo-0123456789ab}, deferred overnight, due a minute ago, claimable, out of quiet. */
    private record DueCampaignRow(ScheduledStartStore store, TriggerLedger ledger, SurveyStarts starts, String key,
            ScheduledStart due) {

        static DueCampaignRow promoRow7() {
            DueCampaignRow row = new DueCampaignRow(mock(ScheduledStartStore.class), mock(TriggerLedger.class),
                    mock(SurveyStarts.class), "scheduled-starts/campaign-rows/0001796739305000-"
                            + "8453ee2c-ee5c-4067-8527-f433cc1f279b.json",
                    new ScheduledStart("8453ee2c-ee5c-4067-8527-f433cc1f279b", "sms", "+12125550123", null, null, null,
                            "campaign-row:promo-0123456789ab:7", NOW.minusSeconds(60), NOW.minusSeconds(86_400)));
            when(row.store.dueCampaignRows(any(), anyInt(), isNull())).thenReturn(List.of(row.key));
            when(row.store.find(row.key)).thenReturn(Optional.of(row.due));
            when(row.starts.stillQuiet(row.due)).thenReturn(Optional.empty());
            when(row.ledger.claim(eq("scheduled-start:" + row.due.id()), any(Instant.class))).thenReturn(Optional.of(
                    new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null)));
            return row;
        }
    }
}
