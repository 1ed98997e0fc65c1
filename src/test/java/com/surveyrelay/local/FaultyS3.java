package com.surveyrelay.local;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * {@link Faults} in front of S3Proxy's Jetty handler: a 503 is S3's {@code SlowDown} error document (what AWS S3
 * answers when it sheds load), a reset closes the connection's end point without an answer.
 */
final class FaultyS3 extends HandlerWrapper {

    private static final byte[] SLOW_DOWN = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate. (local fault switch)</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);

    private final Faults faults;

    FaultyS3(Faults faults) {
        this.faults = faults;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        switch (faults.take(request.getRequestURI())) {
            case ERROR -> {
                baseRequest.setHandled(true);
                response.setStatus(503);
                response.setContentType("application/xml");
                response.setContentLength(SLOW_DOWN.length);
                response.getOutputStream().write(SLOW_DOWN);
            }
            case RESET -> {
                baseRequest.setHandled(true);
                baseRequest.getHttpChannel().getEndPoint().close();
            }
            case HANG -> {
                Faults.sleep(faults.hangFor());
                super.handle(target, baseRequest, request, response);
            }
            default -> super.handle(target, baseRequest, request, response);
        }
    }
}
