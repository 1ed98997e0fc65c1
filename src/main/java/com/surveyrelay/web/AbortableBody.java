package com.surveyrelay.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Wraps a streamed body (an {@link InputStream} read while the response is written) so that a failure to read it
 * aborts the connection at once ({@link CutShortResponses}): the client sees a download
 * cut short, not a complete one with rows missing. Route step after the one that sets the body:
 * {@code - process: {ref: abortableBody}}; the route must start with {@link RememberHttpRequest}. A body that is
 * not a stream is left as is.
 */
@Component("abortableBody")
public class AbortableBody implements Processor {

    /**
     * @throws IllegalStateException when the body is a stream but the route did not start with
     *     {@code rememberHttpRequest}: a route mistake, which must not pass unnoticed as clean-looking failures
     */
    @Override
    public void process(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof InputStream body)) {
            return;
        }
        HttpServletRequest request = RememberHttpRequest.of(exchange);
        if (request == null) {
            throw new IllegalStateException("abortableBody needs the route to start with rememberHttpRequest");
        }
        exchange.getMessage().setBody(new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException | RuntimeException e) {
                    CutShortResponses.abort(request, e);
                    throw e;
                }
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                try {
                    return super.read(into, offset, length);
                } catch (IOException | RuntimeException e) {
                    CutShortResponses.abort(request, e);
                    throw e;
                }
            }
        });
    }
}
