package com.surveyrelay.campaign;

import com.surveyrelay.results.RowStream;
import com.surveyrelay.schedule.ScheduledStartFiring;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A campaign's {@code results.csv} as it reads once its rows deferred by quiet hours have fallen due: each such row,
 * {@code scheduled} as the run wrote it, gives how it ended ({@link DeferredRowEnd}): {@code started} with the
 * session it opened, or the refusal's outcome ({@code failed}, or {@code skipped} for a refusal that spares the
 * respondent: {@link RowResult#refusalOutcome}) with its code as the reason, or {@code skipped, cancelled} when its
 * campaign was cancelled, as a cancelled run's rows read; its detail keeps when it was deferred to.
 * Until 2026-12-07 the file kept {@code scheduled} for good, and only {@code GET /campaigns/{id}}'s
 * {@code deferredRows} counts said otherwise (an operator's probe). Every other line passes as stored, a row erased
 * since ({@code respondent_erased}) among them. The file is read a line at a time, never held whole: a record of
 * ours is one line (line breaks in a value were made spaces when it was written).
 */
final class DeferredRowsOverlay {

    /** RFC 4180's record separator, which every line of the results file ends with. */
    private static final String SEPARATOR = "\r\n";
    private static final int ROW = CampaignCsv.RESULT_COLUMNS.indexOf("row");
    private static final int OUTCOME = CampaignCsv.RESULT_COLUMNS.indexOf("outcome");
    private static final int REASON = CampaignCsv.RESULT_COLUMNS.indexOf("reason");
    private static final int DETAIL = CampaignCsv.RESULT_COLUMNS.indexOf("detail");
    private static final int SESSION_ID = CampaignCsv.RESULT_COLUMNS.indexOf("sessionId");
    /** The reason a refused row gives when its note, written before 2026-12-07, has no code. */
    static final String REFUSED_WHEN_DUE = "refused_when_due";

    private DeferredRowsOverlay() {
    }

    /**
     * The results file, a line at a time, each {@link #rewritten} (the header as it is).
     *
     * @param stored the results file as stored (UTF-8); closed with the stream returned
     * @param ends   how the campaign's deferred rows ended, by row ({@link CampaignStore#deferredRowEnds})
     * @return the file as it reads now; a read fails with {@link UncheckedIOException} when the stored file's does
     */
    static InputStream over(InputStream stored, Map<Integer, DeferredRowEnd> ends) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stored, StandardCharsets.UTF_8));
        Map<Integer, DeferredRowEnd> copy = Map.copyOf(ends);
        boolean[] header = {true};
        return new RowStream(() -> {
            try {
                String line = lines.readLine();
                if (line == null) {
                    return null;
                }
                String read = header[0] ? line : rewritten(line, copy);
                header[0] = false;
                return (read + SEPARATOR).getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, () -> {
            try {
                lines.close();
            } catch (IOException e) {
                // Closing the stored file's stream after the client is gone fails nothing of ours.
            }
        });
    }

    /**
     * One line of the results file, without its separator, as it reads once its row's deferred start ended: the line
     * itself unless it is a {@code scheduled} row whose end is in {@code ends} (and not erased since).
     */
    static String rewritten(String line, Map<Integer, DeferredRowEnd> ends) {
        List<String> fields;
        try {
            fields = new ArrayList<>(CampaignCsv.fields(line));
        } catch (RuntimeException e) {
            return line;
        }
        if (!CampaignCsv.isResultRow(fields)
                || !RowResult.Outcome.SCHEDULED.label().equals(fields.get(OUTCOME))
                || CampaignRespondentRows.ERASED_REASON.equals(fields.get(REASON))) {
            return line;
        }
        DeferredRowEnd end;
        try {
            end = ends.get(Integer.parseInt(fields.get(ROW)));
        } catch (NumberFormatException e) {
            return line;
        }
        if (end == null) {
            return line;
        }
        String deferred = fields.get(DETAIL).isEmpty() ? "Deferred by quiet hours" : fields.get(DETAIL);
        if (end.started()) {
            fields.set(OUTCOME, RowResult.Outcome.STARTED.label());
            fields.set(REASON, "");
            fields.set(DETAIL, deferred + "; started when due.");
            if (end.detail() != null) {
                fields.set(SESSION_ID, end.detail());
            }
        } else if (ScheduledStartFiring.CAMPAIGN_CANCELLED.equals(end.detail())) {
            // As a cancelled run's rows read, and as the README has them (failed for a few hours on 2026-12-07: a
            // reviewer's probe).
            fields.set(OUTCOME, RowResult.Outcome.SKIPPED.label());
            fields.set(REASON, CampaignProgress.CANCELLED);
            fields.set(DETAIL, deferred + "; " + CampaignProgress.CANCELLED_DETAIL);
        } else {
            String code = end.detail() != null ? end.detail() : REFUSED_WHEN_DUE;
            fields.set(OUTCOME, RowResult.refusalOutcome(code).label());
            fields.set(REASON, code);
            fields.set(DETAIL, deferred + "; refused when due (" + code + ").");
        }
        return CampaignCsv.line(fields);
    }
}
