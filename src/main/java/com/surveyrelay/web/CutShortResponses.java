package com.surveyrelay.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes a streamed answer that failed after its status was sent end as a failure the client sees: Tomcat closes
 * the connection without the terminating chunk, so curl reports "transfer closed with outstanding read data
 * remaining" and Java's HttpClient throws an {@link IOException}.
 *
 * <p>Why a valve: Camel's platform-http catches a failure while it copies a body to the response ("Failed writing
 * HTTP response") and, the status being sent, lets the response end normally, so a chunked export cut short by a
 * storage failure would end with its last chunk and look complete. Nothing thrown reaches Tomcat in time either:
 * Camel answers asynchronously, and by the time Spring's async dispatch could throw (tried with a servlet filter,
 * and with a valve acting after that dispatch) the last chunk is written. A valve sees Tomcat's own response and
 * can ask for what Tomcat's {@code ErrorReportValve} does with an error on a committed response: close now, which
 * also drops every later write, the last chunk included. So the valve leaves an abort action on each request
 * ({@value #ABORT}), and {@link AbortableBody} runs it, through {@link #abort}, the moment the body's read fails.
 */
@Component
class CutShortResponses implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger LOG = LoggerFactory.getLogger(CutShortResponses.class);
    /** The request attribute with the action that aborts the request's connection: a {@code Consumer<Throwable>}. */
    static final String ABORT = CutShortResponses.class.getName() + ".abort";

    /**
     * Aborts the connection of this request's answer, because its body failed while it was being written: the status
     * and what the buffer holds go out (if they have not yet), then the connection closes without the last chunk.
     * Does nothing for a request the valve did not see (not served by Tomcat). A failure before the body is written
     * never gets here: platform-http answers it with a 500 itself.
     */
    static void abort(HttpServletRequest request, Throwable failure) {
        if (request.getAttribute(ABORT) instanceof Consumer<?> abort) {
            @SuppressWarnings("unchecked")
            Consumer<Throwable> action = (Consumer<Throwable>) abort;
            action.accept(failure);
        }
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextValves(new AbortAction());
    }

    /** Leaves the abort action on every request it sees first. */
    static final class AbortAction extends ValveBase {

        AbortAction() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            if (request.getAttribute(ABORT) == null) {
                Consumer<Throwable> abort = failure -> {
                    LOG.warn("Aborting the answer to {} {}: its body failed after its status was set ({})",
                            request.getMethod(), request.getRequestURI(), failure.toString());
                    if (!response.isCommitted()) {
                        // Failed within the first buffer: platform-http would end this answer normally, so the
                        // status goes out first, and the body is then cut short like any other.
                        try {
                            response.flushBuffer();
                        } catch (IOException alreadyGone) {
                            LOG.debug("The client left before the status went out", alreadyGone);
                        }
                    }
                    response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, failure);
                };
                request.setAttribute(ABORT, abort);
            }
            getNext().invoke(request, response);
        }
    }
}
