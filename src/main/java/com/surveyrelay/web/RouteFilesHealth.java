package com.surveyrelay.web;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With route reloading on (the dev profile), a route file saved with a mistake is not loaded and the routes it
 * held keep running as they were (application-dev.yaml keeps the other routes running too): health is then DOWN,
 * naming the file and the mistake, until the file is fixed. Without reloading, a broken file stops start-up, so
 * this check exists only with it.
 */
@Component("routeFiles")
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "true")
class RouteFilesHealth implements HealthIndicator {

    private final Path folder;
    private final String pattern;

    RouteFilesHealth(@Value("${camel.main.routes-reload-directory:routes}") String folder,
            @Value("${camel.main.routes-reload-pattern:*.camel.yaml}") String pattern) {
        this.folder = Path.of(folder);
        this.pattern = pattern;
    }

    @Override
    public Health health() {
        Map<String, String> broken = new TreeMap<>();
        int files = 0;
        try (DirectoryStream<Path> routes = Files.newDirectoryStream(folder, pattern)) {
            for (Path file : routes) {
                files++;
                problem(file).ifPresent(problem -> broken.put(file.getFileName().toString(), problem));
            }
        } catch (IOException e) {
            return Health.down().withDetail("folder", "cannot be read: " + e.getMessage()).build();
        }
        return broken.isEmpty()
                ? Health.up().withDetail("files", files).build()
                : Health.down().withDetail("files", files).withDetail("broken", broken).build();
    }

    private static java.util.Optional<String> problem(Path file) {
        try {
            Object routes = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            return routes instanceof java.util.List<?> ? java.util.Optional.empty()
                    : java.util.Optional.of("expected a list of routes (- route: ...)");
        } catch (YamlEngineException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return java.util.Optional.of(message.lines().findFirst().orElse(message));
        } catch (IOException e) {
            return java.util.Optional.of("cannot be read: " + e.getMessage());
        }
    }
}
