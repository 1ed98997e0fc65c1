package com.surveyrelay.campaign;

import com.surveyrelay.config.SettingBounds;
import com.surveyrelay.config.SettingRefused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Checks the campaign inbox folder ({@code CAMPAIGN_INBOX}) as the service starts, when campaigns are on and the
 * campaign source is the default one reading it: the folder is created if missing, and one that cannot be created or
 * written to stops the start naming the variable. Until 2026-12-07 such a folder ({@code /proc/inbox}, a path under a
 * file, a read-only mount) drew one WARN from Camel's file consumer that named no setting, the service came up ready,
 * and the banner offered the folder for campaign files no one would take (an operator's probe).
 */
@Component
public class CampaignInboxCheck {

    /**
     * @param enabled {@code survey-relay.campaigns.enabled} ({@code CAMPAIGNS_ENABLED})
     * @param inbox {@code survey-relay.campaigns.inbox} ({@code CAMPAIGN_INBOX}), a folder path
     * @param source {@code survey-relay.campaigns.source} ({@code CAMPAIGN_SOURCE}): the check applies only when it is
     *     a {@code file:} URI of the inbox
     * @throws SettingRefused naming {@code CAMPAIGN_INBOX}, for a folder that is no path, cannot be created, or cannot
     *     be written to (the consumer moves each file it takes to {@code .done/} there)
     */
    public CampaignInboxCheck(@Value("${survey-relay.campaigns.enabled:true}") boolean enabled,
            @Value("${survey-relay.campaigns.inbox:}") String inbox,
            @Value("${survey-relay.campaigns.source:}") String source) {
        if (!enabled || inbox.isBlank() || !source.startsWith("file:" + inbox)) {
            return;
        }
        Path folder;
        try {
            folder = Path.of(inbox);
        } catch (InvalidPathException e) {
            throw refused(inbox, "no path here (" + e.getReason() + ")");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw refused(inbox, "it cannot be created (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw refused(inbox, "it cannot be written to");
        }
    }

    private static SettingRefused refused(String inbox, String why) {
        return new SettingRefused(SettingBounds.refused("CAMPAIGN_INBOX", "survey-relay.campaigns.inbox",
                "a folder this service can create and write to (campaign files are dropped there, and each one taken "
                        + "moves to its .done/ folder)", inbox + ": " + why).getMessage());
    }
}
