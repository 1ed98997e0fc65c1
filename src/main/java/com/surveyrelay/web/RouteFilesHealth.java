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
 * Since 2026-12-06 it also names two files declaring one route id (Camel runs the one loaded last), and a deleted
 * file whose routes still run (Camel's reloading does not remove them). Without reloading, a broken file stops
 * start-up, so this check exists only with it.
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
        Map<String, List<String>> filesById = new TreeMap<>();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> routes = Files.newDirectoryStream(folder, pattern)) {
            for (Path file : routes) {
                String name = file.getFileName().toString();
                names.add(name);
                problem(file, ids -> ids.forEach(id -> filesById.computeIfAbsent(id, none -> new ArrayList<>())
                        .add(name))).ifPresent(problem -> broken.put(name, problem));
            }
        } catch (IOException e) {
            return Health.down().withDetail("folder", "cannot be read: " + e.getMessage()).build();
        }
        duplicates(filesById, broken);
        if (camel.isStarted()) {
            runningFromDeletedFiles(names, broken);
            // A route file renamed away (.bak) at start: its route never ran, and what goes to it waited with no
            // word; outside the dev profile the start is refused for it (a breaker's probe, 2026-12-07).
            try {
                com.surveyrelay.config.CalledRoutesCheck.check(camel);
                com.surveyrelay.config.CalledRoutesCheck.checkTwilioPaths(camel);
            } catch (com.surveyrelay.config.SettingRefused missing) {
                broken.put("(missing)", missing.getMessage());
            }
        }
        return broken.isEmpty()
                ? Health.up().withDetail("files", names.size()).build()
                : Health.down().withDetail("files", names.size()).withDetail("broken", broken).build();
    }

    /**
     * Names each file declaring a route id another file declares too: Camel keeps one route per id, the one of the
     * file loaded last, so a file copied to make a variant ({@code sms-webhook-v2.camel.yaml}, its id unchanged)
     * silently replaced the original's route, and the original's path answered 404 with health UP (an operator's
     * probe, 2026-12-06).
     */
    private static void duplicates(Map<String, List<String>> filesById, Map<String, String> broken) {
        filesById.forEach((id, files) -> {
            if (files.size() > 1) {
                for (String file : files) {
                    List<String> others = files.stream().filter(other -> !other.equals(file)).sorted().toList();
                    broken.merge(file, "route id " + id + " is also declared in " + String.join(", ", others)
                            + ": Camel runs one route per id, the file loaded last; give each route its own id",
                            (one, two) -> one + "; " + two);
                }
            }
        });
    }

    /**
     * Names each deleted route file whose routes still run: Camel's reloading reads files saved, not files deleted, so
     * a deleted file's routes run on, unseen, until a restart (an operator's probe, 2026-12-06).
     */
    private void runningFromDeletedFiles(List<String> names, Map<String, String> broken) {
        Map<String, List<String>> running = new TreeMap<>();
        for (org.apache.camel.Route route : camel.getRoutes()) {
            org.apache.camel.spi.Resource source = route.getSourceResource();
            String location = source == null ? null : source.getLocation();
            if (location == null || !location.startsWith("file:")) {
                continue;
            }
            Path file = Path.of(location.substring("file:".length()));
            if (file.getParent() != null && file.toAbsolutePath().getParent().equals(folder.toAbsolutePath())
                    && !names.contains(file.getFileName().toString()) && !Files.exists(file)) {
                running.computeIfAbsent(file.getFileName().toString(), none -> new ArrayList<>()).add(route.getId());
            }
        }
        running.forEach((file, ids) -> broken.put(file, "deleted, but its route " + String.join(", ", ids)
                + " still runs: Camel does not remove a deleted file's routes; restart the service to drop them, or "
                + "save the file that should run the route again"));
    }

    private Optional<String> problem(Path file, java.util.function.Consumer<List<String>> declared) {
        try {
            Object routes = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            if (!(routes instanceof List<?> list)) {
                return Optional.of("expected a list of routes (- route: ...)");
            }
            declared.accept(routeIds(list));
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
