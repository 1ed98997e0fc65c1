package com.surveyrelay.web;

import com.surveyrelay.config.SettingBounds;
import java.time.Duration;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * How long a request's body may stop arriving ({@code survey-relay.request-body-timeout}, environment
 * {@code REQUEST_BODY_TIMEOUT}, default 10 s), apart from how long an answer may wait for its client to read.
 *
 * <p>Why apart: Tomcat's connection timeout ({@code server.tomcat.connection-timeout}) is also its write timeout: a
 * write that the client's full receive window blocks for longer ends the answer. Set to 10 s so that a body that stops
 * arriving is answered 408 before Twilio's 15 s, it cut a results export whose client paused reading for 10 s
 * (a spreadsheet or a script busy with what it has read; {@code CampaignResultsDownloadTest}). So the connection timeout
 * is Tomcat's 60 s again, the write timeout of every answer, and the body's reads take this one, through Tomcat's
 * upload timeout ({@code connectionUploadTimeout}, with {@code disableUploadTimeout=false}), which applies from the
 * end of the request's headers to the end of the request. A connection waiting for its request line and headers
 * holds no thread (Tomcat reads them without one), and a kept-alive one waited 60 s before.
 *
 * @param requestBodyTimeout how long each read of a request body may wait for bytes: at least 1 s (default 10 s); a
 *     body that stops arriving is answered {@code 408 request_timeout} after about twice this ({@link RequestBodyFilter})
 * @throws IllegalArgumentException naming {@code REQUEST_BODY_TIMEOUT} and the range, for less than 1 s
 */
@ConfigurationProperties("survey-relay")
record RequestBodyTimeout(Duration requestBodyTimeout) {

    /** The default: a body that stops for this long is answered 408 within Twilio's 15 s (after about twice this). */
    static final Duration DEFAULT = Duration.ofSeconds(10);

    RequestBodyTimeout {
        requestBodyTimeout = SettingBounds.atLeast(SettingBounds.ONE_SECOND, requestBodyTimeout, DEFAULT,
                "REQUEST_BODY_TIMEOUT", "survey-relay.request-body-timeout");
    }

    /** Gives every HTTP/1.1 connector the body timeout as its upload timeout. */
    @Component
    @EnableConfigurationProperties(RequestBodyTimeout.class)
    static class OnTomcat implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

        private final RequestBodyTimeout timeout;

        OnTomcat(RequestBodyTimeout timeout) {
            this.timeout = timeout;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                    http.setDisableUploadTimeout(false);
                    http.setConnectionUploadTimeout((int) timeout.requestBodyTimeout().toMillis());
                }
            });
        }
    }
}
