package com.surveyrelay.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Refuses a duration setting of the service's ({@code survey-relay.*}, and any {@code application.yaml} reads from an
 * environment variable, whatever its prefix) written as a bare number, zero aside. Spring
 * Boot reads {@code 30} as 30 milliseconds: {@code SURVEY_CATALOG_REFRESH=30} listed the bucket 33 times a second,
 * {@code OUTBOX_MAX_RETRY_DELAY=30} retried a refused event every 30 ms, {@code CALL_END_GRACE=15} waited 15 ms. The
 * settings counted in seconds refused such values already, as under their minimum; these were taken. The refusal
 * offers seconds and minutes only: until 2026-12-06 it offered {@code 7ms} too for {@code 7}, which a setting of at
 * least a second ({@code FREQUENCY_CAP}) then refused in its turn. A number with a
 * unit ({@code 30s}, {@code 500ms}, {@code 5m}) or ISO-8601 ({@code PT30S}) binds as before.
 *
 * <p>Applied by Spring Boot to every {@code @ConfigurationProperties} binding; the refusal ({@link SettingRefused})
 * names the environment variable when {@code application.yaml} maps the property to one ({@code ${VARIABLE:default}}).
 */
@Component
class DurationUnitCheck implements ConfigurationPropertiesBindHandlerAdvisor {

    private static final Pattern BARE_NUMBER = Pattern.compile("\\s*[-+]?\\d+\\s*");
    private static final Pattern ZERO = Pattern.compile("\\s*[-+]?0+\\s*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+):");

    private final ConfigurableEnvironment environment;

    DurationUnitCheck(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public BindHandler apply(BindHandler bindHandler) {
        return new AbstractBindHandler(bindHandler) {
            @Override
            public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                    Object result) {
                check(name, target, context.getConfigurationProperty());
                return super.onSuccess(name, target, context, result);
            }
        };
    }

    /**
     * @throws SettingRefused when {@code property} is a duration of the service's, or one {@code application.yaml}
     *     reads from an environment variable, set as a bare number other than zero
     */
    private void check(ConfigurationPropertyName name, Bindable<?> target, ConfigurationProperty property) {
        if (property == null || !Duration.class.equals(target.getType().resolve())
                || !(property.getValue() instanceof String raw)) {
            return;
        }
        String variable = placeholderVariable(name.toString());
        if (variable == null && !name.toString().startsWith("survey-relay.")) {
            return;
        }
        // The value as written: application.yaml's ${VARIABLE:default} is resolved only as it is converted.
        String text = environment.resolvePlaceholders(raw);
        if (!BARE_NUMBER.matcher(text).matches() || ZERO.matcher(text).matches()) {
            return;
        }
        throw new SettingRefused(SettingBounds.refused(variable != null ? variable
                : variable(name.toString(), property.getOrigin()), name.toString(), "a duration with a unit, such as "
                + text.strip() + "s or 5m (a bare number would be " + text.strip() + "ms)", text.strip())
                .getMessage());
    }

    /** The variable in {@code ${VARIABLE:default}} when that is how the property's first source sets it, or null. */
    private String placeholderVariable(String name) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            Object raw = source.getProperty(name);
            if (raw != null) {
                Matcher placeholder = VARIABLE.matcher(raw.toString());
                return placeholder.lookingAt() ? placeholder.group(1) : null;
            }
        }
        return null;
    }

    /** The environment variable the property was set by, or the property's own name. */
    private static String variable(String name, Origin origin) {
        for (Origin each = origin; each != null; each = each.getParent()) {
            if (each instanceof SystemEnvironmentOrigin variable) {
                return variable.getProperty();
            }
        }
        return name;
    }
}
