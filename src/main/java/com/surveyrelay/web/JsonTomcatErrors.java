package com.surveyrelay.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat answers some requests itself before Spring sees them (an encoded slash or dot segment in the path, an
 * illegal character in a header) with its HTML error report. This valve answers them in the service's error
 * shape instead, {@code {"error": "invalid_url", ...}}, with the code and message {@link TomcatRefusal} reads from
 * Tomcat's reason, echoing nothing of the request; its {@code 501} (a Transfer-Encoding it does not implement) is
 * {@code not_implemented} and its {@code 505} (an HTTP version it does not speak) {@code http_version_not_supported},
 * not errors of ours.
 */
@Component
class JsonTomcatErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> context.getParent().getPipeline().addValve(new JsonErrorReport()));
    }

    /** True when Tomcat refused the request for the size of its request line and headers. */
    static boolean headerTooLarge(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each.getMessage() != null && each.getMessage().contains("Request header is too large")) {
                return true;
            }
        }
        return false;
    }

    /** Writes the JSON error where Tomcat would write its HTML report. */
    static final class JsonErrorReport extends ErrorReportValve {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        protected void report(Request request, Response response, Throwable failure) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            TomcatRefusal refusal = TomcatRefusal.of(status, failure, request);
            response.setStatus(refusal.status());
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                // As every other answer carries them (ResponseHeaders, a filter these requests never reach).
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("Cache-Control", "no-store");
                Writer writer = response.getReporter();
                if (writer != null) {
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("error", refusal.code());
                    body.put("message", refusal.message());
                    writer.write(JSON.writeValueAsString(body));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone; nothing more to say.
            }
        }
    }
}
