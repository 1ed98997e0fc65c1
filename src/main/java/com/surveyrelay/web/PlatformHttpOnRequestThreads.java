package com.surveyrelay.web;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs Camel's platform-http routes (every webhook and API call) on Tomcat's request thread, sized by
 * {@code server.tomcat.threads.max} ({@code REQUEST_THREADS}), instead of handing each request over to Spring's
 * task executor as camel-platform-http-starter does: the hand-over cost each request a queue, a second thread
 * and a wake-up, and bought nothing, as the request thread only waited for it. Spring MVC still answers through
 * its async support (the route's future is complete when it returns), so error handling and
 * {@code spring.mvc.async.request-timeout} are as before.
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
