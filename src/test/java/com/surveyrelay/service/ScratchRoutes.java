package com.surveyrelay.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of {@code routes/} in a temporary folder, for dev-profile tests that edit route files. */
final class ScratchRoutes {

    private ScratchRoutes() {
    }

    static Path copy() {
        try {
            Path folder = Files.createTempDirectory("routes");
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path route : routes.toList()) {
                    Files.copy(route, folder.resolve(route.getFileName()));
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
