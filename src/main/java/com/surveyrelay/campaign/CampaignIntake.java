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
 * loses no campaign. A refused file gets a status that says why; a file received before is not run twice.
 */
@Component("campaignIntake")
public class CampaignIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignIntake.class);
    private static final int MAX_NAME = 200;

    private final CampaignStore store;
    private final CampaignProperties settings;
    private final Clock clock;

    public CampaignIntake(CampaignStore store, CampaignProperties settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
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
        byte[] content = read(body, settings.maxBytes() + 1);
        String id = CampaignId.of(name, content);
        Instant now = clock.instant();
        CampaignCsv.CampaignFile file;
        try {
            if (content.length > settings.maxBytes()) {
                throw new CampaignRefusedException("The file is larger than " + settings.maxBytes()
                        + " bytes; a campaign holds at most " + settings.maxRows() + " rows.");
            }
            file = CampaignCsv.read(content, settings.maxRows());
        } catch (CampaignRefusedException refused) {
            if (store.createStatus(CampaignStatus.refused(id, name, refused.getMessage(), now))) {
                LOG.warn("Campaign {} ({}) refused: {}", id, name, refused.getMessage());
            } else {
                LOG.info("Campaign {} ({}) was received before; this copy is ignored", id, name);
            }
            return null;
        }
        Optional<CampaignStatus> before = store.status(id);
        if (before.isEmpty()) {
            store.enqueue(id);
            store.storeFile(id, content);
            int toStart = (int) file.rows().stream().filter(row -> row.verdict() == null).count();
            CampaignStatus queued = CampaignStatus.queued(id, name, file.rows().size(), toStart, settings, now,
                    store.resultsUri(id));
            if (store.createStatus(queued)) {
                LOG.info("Campaign {} received from {}: {} rows, about {} s at {}/s", id, name, queued.total(),
                        queued.etaSeconds(), settings.ratePerSecond());
                return id;
            }
            LOG.info("Campaign {} ({}) was received by another instance at the same moment; it runs there", id, name);
            return null;
        }
        if (before.get().isUnfinished()) {
            store.enqueue(id);
            LOG.info("Campaign {} ({}) was received before and is unfinished: it goes on", id, name);
            return id;
        }
        LOG.info("Campaign {} ({}) was received before and is {}; this copy is ignored", id, name,
                before.get().state());
        return null;
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
