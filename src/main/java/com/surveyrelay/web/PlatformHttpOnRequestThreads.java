package com.surveyrelay.web;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Runs every platform-http route (each webhook and API call) on the Tomcat request thread that read the request,
 * instead of handing it to Spring's task executor. Tomcat's request threads ({@code server.tomcat.threads.max},
 * environment {@code REQUEST_THREADS}, {@link RequestThreads}) are then the requests' threads: a request that finds
 * them all busy waits in Tomcat's queue as a connection with bytes still unread, holding none of the buffers Tomcat
 * gives a request it has read (about 72 KiB: the request's and the answer's byte and character buffers).
 *
 * <p>Why: with Camel's default (its Spring Boot starter hands each request to the task executor and answers through
 * Spring MVC's async support) Tomcat read every request at once on its own 200 threads, and each then waited, read and
 * holding its buffers, for one of the 32 threads that run routes. At 200 SMS respondents that was 300 requests and
 * more in flight (the texts and Twilio's status callbacks), some 33 MB of a live heap of about 75 MB, which grew the
 * heap to its 144 MiB limit: 387 to 399 MiB resident at the peak (SMS at 200 respondents, 50 calls) in the
 * benchmark's short runs on 2026-12-06, against 351 and 355 MiB with this and {@link FinishedRouteAnswers}, in the same
 * session; at 600 respondents the service ran out of heap, and now serves them (docs/performance-history.md).
 *
 * <p>What it changes besides: Camel's future is complete when Spring MVC receives it, so Spring MVC's async request
 * timeout no longer applies (a results export runs until it is written; each S3 call has its own timeout, and a
 * client that stops reading is cut after Tomcat's 60 s write timeout); health probes on this port wait behind
 * requests when every request thread is busy, as in any servlet container, so an instance that cannot keep up
 * shows it in its readiness, unless {@code MANAGEMENT_PORT} gives them a port and threads of their own
 * ({@link ManagementPortCheck}).
 */
@Configuration
public class PlatformHttpOnRequestThreads {

    /**
     * Camel's platform-http engine for Spring Boot, running each route on the calling thread; replaces the
     * starter's ({@code platform-http-engine}, which it creates only when no other is defined).
     *
     * @param port the port the service listens on ({@code server.port}); the starter reads the same
     */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }

    /**
     * Ends each request as soon as its route has run ({@link FinishedRouteAnswers}), without Spring MVC's async
     * dispatch.
     */
    @Bean
    static BeanPostProcessor finishedRouteAnswers() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof RequestMappingHandlerAdapter adapter) {
                    FinishedRouteAnswers.putFirst(adapter);
                }
                return bean;
            }
        };
    }
}
