package com.surveyrelay.web;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With route reloading on (the dev profile), a route file saved with a mistake is not loaded: health is then DOWN,
 * naming the file and the mistake, until the file is fixed. Two kinds of mistake:
 * <ul>
 *   <li>YAML that does not parse: the routes the file held keep running as they were (application-dev.yaml keeps the
 *   other routes running too); the detail is the parser's first line;</li>
 *   <li>YAML that parses into a route Camel cannot create (an unknown endpoint option, a bean that does not exist):
 *   Camel removes the route and logs why, so it is no longer running; the detail names each route id the file
 *   declares that Camel does not have.</li>
 * </ul>
 * Without reloading, a broken file stops start-up, so this check exists only with it.
 */
@Component("routeFiles")
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "true")
class RouteFilesHealth implements HealthIndicator {

    private final Path folder;
    private final String pattern;
    private final CamelContext camel;

    RouteFilesHealth(@Value("${camel.main.routes-reload-directory:routes}") String folder,
            @Value("${camel.main.routes-reload-pattern:*.camel.yaml}") String pattern, CamelContext camel) {
        this.folder = Path.of(folder);
        this.pattern = pattern;
        this.camel = camel;
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

    private Optional<String> problem(Path file) {
        try {
            Object routes = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            if (!(routes instanceof List<?> list)) {
                return Optional.of("expected a list of routes (- route: ...)");
            }
            if (!camel.isStarted()) {
                return Optional.empty();
            }
            List<String> missing = routeIds(list).stream().filter(id -> camel.getRoute(id) == null).toList();
            return missing.isEmpty() ? Optional.empty() : Optional.of("route " + String.join(", ", missing)
                    + " not running: Camel could not create it from this file (the log says why)");
        } catch (YamlEngineException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(message.lines().findFirst().orElse(message));
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }

    /** The ids of the {@code - route:} entries that name one ({@code id: ...}), in file order. */
    private static List<String> routeIds(List<?> entries) {
        List<String> ids = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> item && item.get("route") instanceof Map<?, ?> route
                    && route.get("id") instanceof String id) {
                ids.add(id);
            }
        }
        return ids;
    }
}
