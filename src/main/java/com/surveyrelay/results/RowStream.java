package com.surveyrelay.results;

import java.io.InputStream;
import java.util.function.Supplier;

/**
 * An input stream that asks for its bytes one chunk at a time, when the reader has consumed the previous one: the
 * HTTP response pulls an export through it, so no more than one chunk is made ahead of the client.
 */
public final class RowStream extends InputStream {

    private final Supplier<byte[]> chunks;
    private final Runnable onClose;
    private byte[] chunk = new byte[0];
    private int position;
    private boolean ended;

    /**
     * @param chunks gives the next chunk, or null after the last; an exception it throws ends the stream with it
     * @param onClose run once when the stream is closed, read to the end or not
     */
    public RowStream(Supplier<byte[]> chunks, Runnable onClose) {
        this.chunks = chunks;
        this.onClose = onClose;
    }

    @Override
    public int read() {
        return fill() ? chunk[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, into, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return chunk.length - position;
    }

    @Override
    public void close() {
        if (!ended) {
            ended = true;
            chunk = new byte[0];
            // A read after the end answers -1 again (until 2026-12-07 it failed, the position past the empty chunk).
            position = 0;
            onClose.run();
        }
    }

    private boolean fill() {
        while (position == chunk.length) {
            if (ended) {
                return false;
            }
            byte[] next = chunks.get();
            if (next == null) {
                close();
                return false;
            }
            chunk = next;
            position = 0;
        }
        return true;
    }
}
