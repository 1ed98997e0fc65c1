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
 * @param migrate as bound, stripped and lower-cased: {@code true} (default, when absent) or {@code false}, in any case, blanks around ignored
 * @throws IllegalArgumentException naming {@code RESULTS_MIGRATE}, for any other value, empty included (Camel refuses
 *     it too)
 */
@ConfigurationProperties("survey-relay.results")
public record ResultsMigrationProperties(String migrate) {

    public ResultsMigrationProperties {
        String value = migrate == null ? "true" : migrate.strip().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw SettingBounds.refused("RESULTS_MIGRATE", "survey-relay.results.migrate", "true or false",
                    migrate.isBlank() ? "empty" : migrate);
        }
        migrate = value;
    }
}
