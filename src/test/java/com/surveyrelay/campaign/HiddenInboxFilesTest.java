package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Probe 2026-12-05: a {@code .results.csv} dropped in the campaign inbox was ignored without a word. A hidden file is
 * still left alone, and named once in the log, with why; the log line is this filter's whole purpose, so it is what
 * is asserted.
 */
class HiddenInboxFilesTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(HiddenInboxFiles.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final HiddenInboxFiles filter = new HiddenInboxFiles();

    @BeforeEach
    void capture() {
        logger.addAppender(logged);
        logger.setLevel(Level.INFO);
        logged.start();
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        logger.setLevel(null);
    }

    private static GenericFile<Object> file(String name) {
        GenericFile<Object> file = new GenericFile<>();
        file.setFileNameOnly(name);
        file.setFileName(name);
        return file;
    }

    @Test
    void aHiddenCsvIsRefusedAndNamedOnceAtWarn() {
        for (int poll = 0; poll < 3; poll++) {
            assertThat(filter.accept(file(".results.csv"))).isFalse();
        }
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(logged.list.get(0).getFormattedMessage()).isEqualTo("Campaign inbox: .results.csv is ignored and "
                + "left there: a name starting with a dot is a hidden file, often one still being written; to run it "
                + "as a campaign, save it under a name without the leading dot");
    }

    /**
     * A name too long for its .done/ copy failed at every poll with Camel's stack trace naming the file, number and
     * all, and was never read (2026-12-06): it is left there, and told once, its number masked.
     */
    @Test
    void aNameTooLongForItsDoneCopyIsRefusedAndToldOnceWithItsNumberMasked() {
        String longest = "x".repeat(HiddenInboxFiles.LONGEST_NAME_BYTES - 4) + ".csv";
        assertThat(filter.accept(file(longest))).isTrue();
        String tooLong = "followup +15550163890 " + "x".repeat(225) + ".csv";
        for (int poll = 0; poll < 3; poll++) {
            assertThat(filter.accept(file(tooLong))).isFalse();
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("Campaign inbox: followup ***3890 ")
                    .contains("its name is 251 bytes long, more than the 200 the inbox takes")
                    .doesNotContain("5550163890");
        });
    }

    @Test
    void aHiddenFilesNumberIsMaskedInTheLog() {
        assertThat(filter.accept(file(".callback +15550163891.csv"))).isFalse();
        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .startsWith("Campaign inbox: .callback ***3891.csv is ignored").doesNotContain("5550163891"));
    }

    @Test
    void anEditorsLockFileIsRefusedAndNamedOnceAtInfo() {
        assertThat(filter.accept(file(".~lock.spring-promo.csv#"))).isFalse();
        assertThat(filter.accept(file(".~lock.spring-promo.csv#"))).isFalse();
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO);
        assertThat(logged.list.get(0).getFormattedMessage()).isEqualTo("Campaign inbox: .~lock.spring-promo.csv# is "
                + "ignored and left there: a name starting with a dot is a hidden file or an editor's lock file, not a "
                + "campaign");
    }

    @Test
    void aNameWithControlCharactersIsLoggedWithoutThem() {
        assertThat(filter.accept(file(".x\r\nforged line.csv"))).isFalse();
        assertThat(logged.list.get(0).getFormattedMessage()).startsWith("Campaign inbox: .xforged line.csv is ignored");
    }

    @Test
    void everyOtherFileIsLeftToTheNamePattern() {
        assertThat(filter.accept(file("spring-promo.csv"))).isTrue();
        assertThat(filter.accept(file("notes.txt"))).isTrue();
        assertThat(logged.list).isEmpty();
    }
}
