package com.surveyrelay.results;

import com.surveyrelay.config.SettingBounds;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether the results migration runs at start-up ({@code survey-relay.results.migrate}, {@code RESULTS_MIGRATE}).
 * The {@code results-migration} route reads the setting itself, as its {@code autoStartup}; this record exists to
 * refuse, with one line naming the variable, a value Camel would refuse later with a stack trace ({@code maybe},
 * {@code yes}): Camel takes {@code true} or {@code false} only, in any case.
 *
 * @param migrate as bound, lower-cased: {@code true} (default, when absent) or {@code false}, in any case, with no
 *     blanks around it
 * @throws IllegalArgumentException naming {@code RESULTS_MIGRATE}, for any other value, empty included (Camel refuses
 *     it too)
 */
@ConfigurationProperties("survey-relay.results")
public record ResultsMigrationProperties(String migrate) {

    /** @throws IllegalArgumentException naming {@code RESULTS_MIGRATE}, for anything but true or false */
    public ResultsMigrationProperties {
        // Camel's autoStartup reads the raw value: any case, but no blanks around it.
        String value = migrate == null ? "true" : migrate.toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw SettingBounds.refused("RESULTS_MIGRATE", "survey-relay.results.migrate", "true or false",
                    migrate.isBlank() ? "empty" : migrate);
        }
        migrate = value;
    }
}
