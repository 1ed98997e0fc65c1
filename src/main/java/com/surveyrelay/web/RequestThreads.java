package com.surveyrelay.web;

import com.surveyrelay.config.SettingBounds;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The threads every webhook and API call runs on: Tomcat's request threads ({@code server.tomcat.threads.max},
 * environment {@code REQUEST_THREADS}; each route runs on the thread that read its request,
 * {@link PlatformHttpOnRequestThreads}). Spring Boot binds the setting for Tomcat and passes any number on: with 0 or
 * a negative Tomcat's executor fails deep in its start. This record reads the same setting to refuse such a value at
 * start-up with one line.
 *
 * @param max the threads requests run on at once: at least 1 (default 32, from {@code application.yaml}; unset
 *     there, Tomcat's 200)
 * @throws IllegalArgumentException naming {@code REQUEST_THREADS} and the range, for a value under 1
 */
@ConfigurationProperties("server.tomcat.threads")
public record RequestThreads(Integer max) {

    public RequestThreads {
        max = SettingBounds.atLeast(1, max, 200, "REQUEST_THREADS", "server.tomcat.threads.max");
    }
}
