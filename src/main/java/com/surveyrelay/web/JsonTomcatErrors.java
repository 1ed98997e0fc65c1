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
 * shape instead, {@code {"error": "bad_request", ...}}, echoing nothing of the request; its {@code 501} (a
 * Transfer-Encoding it does not implement) is {@code not_implemented} and its {@code 505} (an HTTP version it does not
 * speak) {@code http_version_not_supported}, not errors of ours.
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
            String code;
            String message;
            if (status == 400 && headerTooLarge(failure)) {
                // Tomcat answers 400 to a request line and headers over server.max-http-request-header-size (8 KB
                // by default, a setting the message does not quote); RFC 6585 section 5 names the status for it.
                response.setStatus(431);
                code = "request_header_too_large";
                message = "The request's URL and headers together are larger than this service reads: shorten the "
                        + "query string or the headers.";
            } else if (status == 501) {
                // Tomcat's answer to a request it cannot read: a Transfer-Encoding other than chunked (RFC 9112
                // section 6.1), say. The client's to change, not our fault.
                code = "not_implemented";
                message = "The request uses an HTTP feature this service does not take, such as a Transfer-Encoding "
                        + "other than chunked.";
            } else if (status == 505) {
                // A request line naming an HTTP version Tomcat does not speak ("GET /surveys HTTP/2.0" in clear text):
                // the client's to change as well.
                code = "http_version_not_supported";
                message = "The request names an HTTP version this service does not take; send it as HTTP/1.1.";
            } else if (status >= 500) {
                code = "internal_error";
                message = "Something went wrong on our side; the request was not completed.";
            } else {
                code = status == 404 ? "not_found" : "bad_request";
                message = "The request could not be read.";
            }
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("error", code);
                    body.put("message", message);
                    writer.write(JSON.writeValueAsString(body));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone; nothing more to say.
            }
        }
    }
}
