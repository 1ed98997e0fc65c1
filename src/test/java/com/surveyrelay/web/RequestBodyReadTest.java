package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A body trickling in a byte at a time held its request thread for ever until 2026-12-07, each read's wait starting
 * again with every byte (a hostile client's probe): the whole body has a deadline ({@link
 * RequestBodyFilter#WHOLE_BODY_WITHIN}).
 */
class RequestBodyReadTest {

    /** One byte a read, each after {@code pauseMillis}: a client trickling its body. */
    private static InputStream trickling(int bytes, long pauseMillis) {
        return new InputStream() {
            private int left = bytes;

            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                into[offset] = 'a';
                left--;
                return 1;
            }
        };
    }

    @Test
    void aBodyStillTricklingAtTheDeadlineIsGivenUpAsATimeout() {
        long deadline = System.nanoTime() + 200_000_000L;
        assertThatThrownBy(() -> RequestBodyFilter.read(trickling(60_000, 20), 60_000, true, deadline))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aBodyWithinTheDeadlineIsReadWholeOrUpToItsLimit() throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        assertThat(RequestBodyFilter.read(trickling(5, 10), 5, true, deadline)).hasSize(5);
        byte[] text = "To=%2B15551230000".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodyFilter.read(new ByteArrayInputStream(text), 100, false, deadline)).isEqualTo(text);
        assertThat(RequestBodyFilter.read(new ByteArrayInputStream(new byte[20_000]), 16_385, false, deadline))
                .as("one past the limit, for the 413").hasSize(16_385);
        assertThat(RequestBodyFilter.read(new ByteArrayInputStream(new byte[3]), 10, true, deadline))
                .as("a body shorter than declared").hasSize(3);
    }
}
