package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SettingRefused;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inbox folder that cannot be created stopped nothing until 2026-12-07: Camel warned without naming the setting, the
 * service came up ready and the banner offered the folder (an operator's probe).
 */
class CampaignInboxCheckTest {

    @TempDir
    Path data;

    private static String source(Path inbox) {
        return "file:" + inbox + "?antInclude=*.csv";
    }

    @Test
    void aMissingInboxIsCreated() {
        Path inbox = data.resolve("campaigns/inbox");
        new CampaignInboxCheck(true, inbox.toString(), source(inbox));
        assertThat(inbox).isDirectory();
    }

    @Test
    void anInboxThatCannotBeCreatedStopsTheStartNamingTheVariable() throws Exception {
        Path file = Files.writeString(data.resolve("a-file"), "x");
        Path inbox = file.resolve("inbox");
        assertThatThrownBy(() -> new CampaignInboxCheck(true, inbox.toString(), source(inbox)))
                .isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("CAMPAIGN_INBOX (survey-relay.campaigns.inbox) must be a folder this service "
                        + "can create and write to")
                .hasMessageContaining(inbox + ": it cannot be created");
    }

    @Test
    void nothingIsCheckedWhenCampaignsAreOffOrComeFromElsewhere() throws Exception {
        Path unmakeable = Files.writeString(data.resolve("a-file"), "x").resolve("inbox");
        new CampaignInboxCheck(false, unmakeable.toString(), source(unmakeable));
        new CampaignInboxCheck(true, unmakeable.toString(), "aws2-s3://campaigns?prefix=inbox/");
        Path inbox = data.resolve("not-made");
        new CampaignInboxCheck(false, inbox.toString(), source(inbox));
        assertThat(Files.exists(inbox)).as("not created").isFalse();
    }
}
