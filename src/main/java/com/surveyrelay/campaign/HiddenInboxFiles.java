package com.surveyrelay.campaign;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The campaign inbox's {@code filter} (the default {@code CAMPAIGN_SOURCE} sets {@code includeHiddenFiles=true} so
 * that Camel's file consumer shows this filter the files it would skip unseen): a file whose name starts with a dot
 * ({@code .results.csv}, LibreOffice's {@code .~lock.x.csv#}, {@code .DS_Store}) is still left where it is, as Camel
 * leaves it (hidden files and editors' lock files are often partial, and a lock file is the editor's), but the first
 * time this instance sees each name it logs the name (never the contents) and why, so an operator looking for a
 * campaign that never ran finds it: WARN for a name ending {@code .csv} (it looks like a campaign), INFO otherwise.
 * Every other file is left to the URI's {@code antInclude}. A break-it probe (2026-12-05) found a dropped
 * {@code .results.csv} ignored without a word. A file whose name is too long to be moved to {@code .done/}
 * ({@link #LONGEST_NAME_BYTES}) is left there too, told once at WARN, its numbers masked.
 *
 * <p>Names already told are kept in memory, the latest {@value #REMEMBERED} of them, so the once-a-poll check logs
 * nothing more; an instance started again tells each once more.
 */
@Component("hiddenInboxFiles")
class HiddenInboxFiles implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(HiddenInboxFiles.class);
    static final int REMEMBERED = 1_000;

    /**
     * The longest file name (UTF-8 bytes) the inbox takes. A file system takes 255 bytes a name (ext4, XFS, APFS, NTFS
     * in characters); Camel's read lock writes {@code <name>.camelLock} beside the file and the file is moved to
     * {@code .done/<name stem>.<yyyyMMdd-HHmmssSSS>.<extension>}, 19 bytes longer. A longer name failed every poll
     * with Camel's stack trace, which named the file, number and all, and was never read (an integration engineer's
     * probe, 2026-12-06).
     */
    static final int LONGEST_NAME_BYTES = 200;

    private final Set<String> told = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * @param file a file or folder the consumer listed
     * @return false for a name starting with a dot, or a file's name over {@value #LONGEST_NAME_BYTES} bytes (UTF-8),
     *     each logged once; true otherwise
     */
    @Override
    public boolean accept(GenericFile<Object> file) {
        String name = file.getFileNameOnly();
        if (name != null && !name.startsWith(".") && !file.isDirectory()
                && name.getBytes(StandardCharsets.UTF_8).length > LONGEST_NAME_BYTES) {
            if (firstTime(name)) {
                LOG.warn("Campaign inbox: {} is ignored and left there: its name is {} bytes long, more than the {} "
                        + "the inbox takes (its .done/ copy's name would be too long for the file system); rename it "
                        + "shorter", shown(name),
                        name.getBytes(StandardCharsets.UTF_8).length, LONGEST_NAME_BYTES);
            }
            return false;
        }
        if (name == null || !name.startsWith(".")) {
            return true;
        }
        boolean first = firstTime(name);
        if (first && !file.isDirectory()) {
            String shown = shown(name);
            if (shown.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                LOG.warn("Campaign inbox: {} is ignored and left there: a name starting with a dot is a hidden file, "
                        + "often one still being written; to run it as a campaign, save it under a name without "
                        + "the leading dot", shown);
            } else {
                LOG.info("Campaign inbox: {} is ignored and left there: a name starting with a dot is a hidden file "
                        + "or an editor's lock file, not a campaign", shown);
            }
        }
        return false;
    }

    /**
     * The name as a log line may give it: its numbers masked ({@link CampaignId#withNumbersMasked}; a hidden file's
     * were not until 2026-12-06), bidirectional controls replaced.
     */
    private static String shown(String name) {
        return CampaignIntake.shownName(CampaignId.withNumbersMasked(CampaignIntake.displayName(name)));
    }

    /** True the first time this instance sees {@code name} (of its latest {@value #REMEMBERED}). */
    private boolean firstTime(String name) {
        synchronized (told) {
            return told.add(name);
        }
    }
}
