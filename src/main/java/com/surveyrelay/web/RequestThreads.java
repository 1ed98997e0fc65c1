package com.surveyrelay.web;

import com.surveyrelay.config.SettingBounds;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The threads every webhook and API call runs on ({@code spring.task.execution.pool.core-size}, environment
 * {@code REQUEST_THREADS}). Spring Boot binds the setting for its task executor and takes any number: with 0 the
 * pool ran every request on one thread, one after the other, and a negative failed deep inside the executor. This
 * record reads the same setting to refuse such a value at start-up with one line.
 *
 * @param coreSize the threads requests run on: at least 1 (default 32, from {@code application.yaml}; unset
 *     there, Spring's 8)
 * @throws IllegalArgumentException naming {@code REQUEST_THREADS} and the range, for a value under 1
 */
@ConfigurationProperties("spring.task.execution.pool")
public record RequestThreads(Integer coreSize) {

    public RequestThreads {
        coreSize = SettingBounds.atLeast(1, coreSize, 8, "REQUEST_THREADS", "spring.task.execution.pool.core-size");
    }
}
