package com.surveyrelay.campaign;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The most rows a campaign file may hold on this instance: {@code CAMPAIGN_MAX_ROWS}, or fewer when the JVM's heap
 * ({@code -Xmx}) cannot hold a campaign that large.
 *
 * <p>Why: a running campaign keeps its parsed rows and their results in memory, and rewrites its results file whole
 * from them. Measured with a 100,000-row file: 30 MB of parsed rows, 12 MB of results and a 9 MB results file,
 * built in a buffer and copied once for the write, about 630 bytes of heap a row at the run's peak; receiving a file
 * (its bytes, its text, its lines and its parsed rows at once) takes about 550 bytes a row more, and a file may
 * arrive while a campaign of the same size runs. {@code CAMPAIGN_MAX_ROWS} goes up to 1,000,000 rows, over a
 * gigabyte at that: the production launch's heap would run out, and take every survey the instance answers with it.
 * So a campaign may use a third of the heap at {@value #HEAP_BYTES_PER_ROW} bytes a row: 40,559 rows with the
 * production launch's {@code -Xmx144m} (of which the JVM reports 139 MiB usable), about 1.8 million with a 6 GiB
 * heap (where {@code CAMPAIGN_MAX_ROWS} decides). A file's bytes are held to a third of the heap as well, at
 * {@value #HEAP_BYTES_PER_FILE_BYTE} bytes of heap a byte ({@link #maxBytes()}).
 */
@Component("campaignSizeLimit")
public class CampaignSizeLimit {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignSizeLimit.class);

    /** Heap a row takes at a run's peak, a file of the same size arriving (630 + 550 bytes measured), rounded up. */
    static final int HEAP_BYTES_PER_ROW = 1_200;
    /**
     * Heap a byte of a file takes while it is received: the bytes, the decoder's buffer of twice as many chars, the
     * text and its lines, at once (a 41.5 MB file ran a 144 MB heap out of memory in the decoder on its own).
     */
    static final int HEAP_BYTES_PER_FILE_BYTE = 6;
    /** A campaign may use a third of the heap; the webhooks, the outbox and the caches need the rest. */
    static final int HEAP_SHARE_DIVISOR = 3;

    private final int configuredMaxRows;
    private final long maxHeapBytes;
    private final long heapRows;
    private final int maxRows;

    @Autowired
    public CampaignSizeLimit(CampaignProperties settings) {
        this(settings.maxRows(), Runtime.getRuntime().maxMemory());
        if (heapBound()) {
            LOG.warn("CAMPAIGN_MAX_ROWS is {}, but this instance's heap ({} MiB) holds campaigns of up to {} rows: "
                    + "larger files are refused. Give the service more heap (-Xmx) to run larger campaigns, or split "
                    + "the files.", configuredMaxRows, maxHeapMib(), maxRows);
        }
    }

    /**
     * @param configuredMaxRows {@code CAMPAIGN_MAX_ROWS}, 1 to 1,000,000
     * @param maxHeapBytes the heap's limit, in bytes ({@link Runtime#maxMemory()}: {@link Long#MAX_VALUE} when the JVM
     *     has none)
     */
    CampaignSizeLimit(int configuredMaxRows, long maxHeapBytes) {
        this.configuredMaxRows = configuredMaxRows;
        this.maxHeapBytes = maxHeapBytes;
        this.heapRows = Math.max(1, maxHeapBytes / HEAP_SHARE_DIVISOR / HEAP_BYTES_PER_ROW);
        this.maxRows = (int) Math.min(configuredMaxRows, heapRows);
    }

    /** The most rows a campaign file may hold here: at least 1, at most {@code CAMPAIGN_MAX_ROWS}. */
    public int maxRows() {
        return maxRows;
    }

    /**
     * The most bytes a file may have here: {@value CampaignProperties#MAX_BYTES_PER_ROW} a row, and no more than a
     * third of the heap holds at {@value #HEAP_BYTES_PER_FILE_BYTE} bytes of heap a byte (rows of a few dozen bytes
     * are far within it; a file of long rows, or one huge row, is not); 64 KiB at least.
     */
    int maxBytes() {
        long heapBytes = maxHeapBytes / HEAP_SHARE_DIVISOR / HEAP_BYTES_PER_FILE_BYTE;
        return (int) Math.max(64 * 1024, Math.min((long) maxRows * CampaignProperties.MAX_BYTES_PER_ROW, heapBytes));
    }

    /** True when the heap, not the rows, sets {@link #maxBytes()}. */
    boolean bytesHeapBound() {
        return maxBytes() < (long) maxRows * CampaignProperties.MAX_BYTES_PER_ROW;
    }

    /**
     * What a refusal for the file's bytes adds when the heap sets that limit (empty otherwise). Starts with a space.
     */
    String bytesNote() {
        return bytesHeapBound() ? " This instance's heap (" + maxHeapMib() + " MiB) sets that limit: run the service "
                + "with more heap (-Xmx) for larger files, or split the file." : "";
    }

    /**
     * True when this instance's heap holds a running campaign of {@code rows} rows. A campaign received by an
     * instance with more heap, or before this limit, is run only by such an instance; a lower {@code
     * CAMPAIGN_MAX_ROWS} since does not stop a campaign already received.
     */
    boolean heapHolds(int rows) {
        return rows <= heapRows;
    }

    /** The most rows a running campaign may hold in this heap, whatever {@code CAMPAIGN_MAX_ROWS} says; 1 at least. */
    long heapRows() {
        return heapRows;
    }

    long maxHeapMib() {
        return maxHeapBytes >> 20;
    }

    /** True when the heap, not {@code CAMPAIGN_MAX_ROWS}, sets {@link #maxRows()}. */
    boolean heapBound() {
        return maxRows < configuredMaxRows;
    }

    /**
     * What a refusal for the file's size adds when the heap sets the limit (empty otherwise): the setting it is below
     * and what to do. Starts with a space.
     */
    String heapNote() {
        return heapBound() ? " This instance's heap (" + maxHeapMib() + " MiB) sets that limit, below "
                + "CAMPAIGN_MAX_ROWS (" + configuredMaxRows + "): run the service with more heap (-Xmx) for larger "
                + "campaigns." : "";
    }
}
