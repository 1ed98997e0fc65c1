package com.surveyrelay.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes a campaign file from the {@code campaign-intake} route: checks it, keeps it in the bucket with a queued
 * status and answers the campaign id to run, all before the file leaves its folder or prefix, so a restart
 * loses no campaign. A refused file gets a status that says why; a file received before is not run twice, but one
 * refused before never ran, so a new copy of it is judged again (and runs, once the setting that refused it allows).
 */
@Component("campaignIntake")
public class CampaignIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignIntake.class);
    private static final int MAX_NAME = 200;
    private static final java.util.regex.Pattern BIDI_CONTROLS =
            java.util.regex.Pattern.compile("[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]");

    private final CampaignStore store;
    private final CampaignProperties settings;
    private final CampaignSizeLimit limit;
    private final Clock clock;

    /** @param limit the most rows and bytes a file may have on this instance */
    public CampaignIntake(CampaignStore store, CampaignProperties settings, CampaignSizeLimit limit, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.limit = limit;
        this.clock = clock;
    }

    /**
     * The campaign's id ({@link CampaignId#of}); for a file this name received before ids hashed its name in, the id it
     * got then, so the same file dropped again is still the same campaign and does not run twice.
     */
    private String idOf(String name, byte[] content) {
        CampaignId.Ids ids = CampaignId.ids(name, content);
        for (String earlier : ids.earlier()) {
            if (store.taggedStatus(earlier).map(tagged -> name.equals(tagged.status().fileName())).orElse(false)) {
                return earlier;
            }
        }
        return ids.current();
    }

    /**
     * @param fileName the file's name (a folder source), or null
     * @param objectKey the object's key (an S3 source), or null
     * @return the campaign to run, or null when there is nothing to run
     */
    public String receive(InputStream body, String fileName, String objectKey) {
        String name = displayName(fileName != null ? fileName : objectKey);
        if (name.isEmpty()) {
            LOG.debug("A folder object, not a campaign file: ignored");
            return null;
        }
        byte[] content = read(body, limit.maxBytes() + 1);
        String id = idOf(name, content);
        // The id keeps the name as it arrived (the same file gets the same id as before); the status and the logs
        // show it without direction overrides, and a number in it by its last four digits (an erasure cannot reach
        // a name).
        name = CampaignId.withNumbersMasked(shownName(name));
        Instant now = clock.instant();
        CampaignCsv.CampaignFile file;
        try {
            if (content.length > limit.maxBytes()) {
                throw new CampaignRefusedException("The file is larger than " + limit.maxBytes()
                        + " bytes; a campaign holds at most " + limit.maxRows() + " rows." + limit.bytesNote());
            }
            file = CampaignCsv.received(content, limit.maxRows(), limit.heapNote());
        } catch (CampaignRefusedException refused) {
            refuse(id, name, refused.getMessage(), now);
            return null;
        }
        Optional<CampaignStore.TaggedStatus> before = store.taggedStatus(id);
        if (before.isPresent() && before.get().status().isUnfinished()) {
            store.enqueue(id);
            LOG.info("Campaign {} ({}) was received before and is unfinished: it goes on", id, name);
            return id;
        }
        if (before.isPresent() && !before.get().status().isRefused()) {
            LOG.info("Campaign {} ({}) was received before and is {}; this copy is ignored", id, name,
                    before.get().status().state());
            return null;
        }
        // New, or refused before (a setting such as CAMPAIGN_MAX_ROWS since raised): a refused campaign never ran,
        // so this copy is judged anew. The marker and the file go first: a queued status always has both.
        store.enqueue(id);
        store.storeFile(id, content);
        int toStart = (int) file.rows().stream()
                .filter(row -> row.verdict() == null && row.duplicateOf() == null).count();
        CampaignStatus queued = CampaignStatus.queued(id, name, file.rows().size(), toStart, settings, now,
                store.resultsUri(id));
        if (written(queued, before)) {
            LOG.info("Campaign {} received from {}: {} rows, about {} s at {}/s", id, name, queued.total(),
                    queued.etaSeconds(), settings.ratePerSecond());
            return id;
        }
        LOG.info("Campaign {} ({}) was received by another instance at the same moment; it is judged there", id,
                name);
        return null;
    }

    /**
     * Says, once storage has failed a file's recording for about a minute ({@code campaign-intake-retries}), where the
     * file goes and what to do: a folder source moves it to a folder of the time under {@code .failed/}, its name kept,
     * which is never read again, so it must be moved back into the inbox once storage answers; under its own name it
     * is the same campaign as the file dropped again (until 2026-12-07 the time was added to its name, and moved back
     * it was a new campaign beside the one the file dropped again made: an operator's probe). An S3 source leaves the
     * object to be read again.
     *
     * @param fileName the file's name (a folder source), or null
     * @param objectKey the object's key (an S3 source), or null
     * @param failure S3's last failure, told by its class and message alone
     */
    public void storageFailed(String fileName, String objectKey, Exception failure) {
        String name = CampaignId.withNumbersMasked(shownName(displayName(fileName != null ? fileName : objectKey)));
        LOG.error("Campaign file {} could not be recorded: storage failed for about a minute ({}: {}). {}", name,
                failure.getClass().getSimpleName(), failure.getMessage(), fileName != null
                        ? "It is moved under the inbox's .failed/ folder, into a folder named for this time in UTC "
                                + "(.failed/yyyyMMdd-HHmmssSSS/), with its name; .failed/ is never read again: move it "
                                + "back into the inbox as it is named once storage answers (storage UP in "
                                + "/actuator/health; readiness stays UP through an outage), and it runs once, however "
                                + "often it is dropped."
                        : "The object stays under its prefix and is read again at the next poll.");
    }

    /**
     * Records the file refused: a first refusal, or a refusal again (with its new reason) of a file refused before.
     * One received before that ran, or runs, keeps its status: this copy is ignored.
     */
    private void refuse(String id, String name, String reason, Instant now) {
        CampaignStatus refusal = CampaignStatus.refused(id, name, reason, now);
        Optional<CampaignStore.TaggedStatus> before = store.taggedStatus(id);
        if (before.isPresent() && !before.get().status().isRefused()) {
            LOG.info("Campaign {} ({}) was received before and is {}; this copy is ignored", id, name,
                    before.get().status().state());
        } else if (written(refusal, before)) {
            LOG.warn("Campaign {} ({}) refused{}: {}", id, name, before.isPresent() ? " again" : "", reason);
        } else {
            LOG.info("Campaign {} ({}) was received by another instance at the same moment; it is judged there", id,
                    name);
        }
    }

    /**
     * Writes the status only over the one read ({@code before}), or where there was none: of two instances judging
     * the same file at once (a copy in each inbox, or a refused file dropped again twice), one writes its verdict.
     */
    private boolean written(CampaignStatus status, Optional<CampaignStore.TaggedStatus> before) {
        return before.isEmpty() ? store.createStatus(status)
                : store.replaceStatus(status, before.get().etag()).isPresent();
    }

    /** The last part of the path, without control characters: it is shown in the status and in logs. */
    static String displayName(String path) {
        if (path == null) {
            return "";
        }
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /**
     * The name as the status and logs show it: each bidirectional control character (U+061C, U+200E, U+200F, U+202A to
     * U+202E, U+2066 to U+2069) replaced by U+FFFD. A right-to-left override would make {@code results\u202Evsc.exe}
     * read as {@code resultsexe.csv} in a console or dashboard (the "Trojan Source" display trick, CVE-2021-42574).
     */
    static String shownName(String name) {
        return BIDI_CONTROLS.matcher(name).replaceAll("\uFFFD");
    }

    private static byte[] read(InputStream body, int limit) {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body) {
            return in.readNBytes(limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
