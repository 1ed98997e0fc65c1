package com.surveyrelay.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Refuses an on/off setting of the service's set to anything but {@code true} or {@code false} (in any case), before
 * any bean or route is made. Camel reads {@code TRIGGER_QUEUE_ENABLED}, {@code SMS_RETRIES_ENABLED},
 * {@code CAMPAIGNS_ENABLED} and {@code RESULTS_MIGRATE} itself, as routes' {@code autoStartup}, and takes those two
 * words only, with no blanks around them (Camel's {@code ObjectHelper.toBoolean}), where Spring also takes
 * {@code yes}, {@code on} and {@code 1}: {@code CAMPAIGNS_ENABLED=yes} turned the service's campaign beans on and then
 * failed the start with Camel's stack trace, naming no variable, and {@code RESULTS_MIGRATE} alone was checked
 * (2026-12-05). One rule for every on/off setting, so {@code FALLBACK_SMS_WHEN_CALL_UNANSWERED=yes}, which Spring
 * would take, is refused too rather than read one way here and another there.
 *
 * <p>The settings checked are the properties under {@code survey-relay.} that {@code application.yaml} sets as
 * {@code ${VARIABLE:true}} or {@code ${VARIABLE:false}}, so a new one is checked without being listed here. The
 * refusal ({@link SettingRefused}) reads {@code CAMPAIGNS_ENABLED (survey-relay.campaigns.enabled) must be true or
 * false, not yes}; an empty value is told as {@code empty}.
 */
@Component
class BooleanSettingCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Pattern ON_OFF_SETTING = Pattern.compile("\\$\\{([A-Za-z0-9_]+):(true|false)}");

    private ConfigurableEnvironment environment;

    /** Made by Spring before any other bean, which gives it no constructor arguments: the environment comes next. */
    BooleanSettingCheck() {
    }

    BooleanSettingCheck(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check();
    }

    /**
     * Checks every on/off setting's value as the environment resolves it.
     *
     * @throws SettingRefused naming the variable and the property, for a value other than {@code true} or
     *     {@code false} in any case ({@code yes}, {@code 1}, {@code maybe}, empty, or either word with blanks)
     */
    void check() {
        for (Map.Entry<String, String> setting : onOffSettings().entrySet()) {
            String value = environment.getProperty(setting.getKey());
            if (value != null && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new SettingRefused(SettingBounds.refused(setting.getValue(), setting.getKey(), "true or false",
                        value.isBlank() ? "empty" : value).getMessage());
            }
        }
    }

    /** Each on/off property, in the order the configuration files list them, with the variable that sets it. */
    private Map<String, String> onOffSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> names)) {
                continue;
            }
            for (String name : names.getPropertyNames()) {
                Object raw = source.getProperty(name);
                Matcher placeholder = raw == null ? null : ON_OFF_SETTING.matcher(raw.toString().strip());
                if (name.toLowerCase(Locale.ROOT).startsWith("survey-relay.") && placeholder != null
                        && placeholder.matches()) {
                    settings.putIfAbsent(name, placeholder.group(1));
                }
            }
        }
        return settings;
    }
}
