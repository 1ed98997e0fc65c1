package com.surveyrelay.web;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs Camel's platform-http routes (every webhook and API call) on Tomcat's request thread, sized by
 * {@code server.tomcat.threads.max} ({@code REQUEST_THREADS}), instead of handing each request over to Spring's
 * task executor as camel-platform-http-starter does: the hand-over cost each request a queue and a second thread's
 * wake-up, and freed a Tomcat thread only to hold a task thread just as long, since a route blocks on S3 and
 * Twilio either way. Spring MVC still answers through
 * its async support, but the route's future is complete when the handler returns, so the route has run before
 * Spring's async timeout starts: a results export takes as long as it needs, each S3 and Twilio call within its
 * own timeout.
 */
@Configuration(proxyBeanMethods = false)
class PlatformHttpOnRequestThreads {

    /**
     * Replaces the starter's engine, which is created only when no other is (its {@code ConditionalOnMissingBean});
     * Camel finds it by this name.
     */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(Environment environment) {
        return new SpringBootPlatformHttpEngine(Integer.parseInt(environment.getProperty("server.port", "8080")),
                Runnable::run);
    }
}
