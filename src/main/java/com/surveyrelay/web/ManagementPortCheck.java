package com.surveyrelay.web;

import com.surveyrelay.config.SettingRefused;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses a start whose {@code MANAGEMENT_PORT} (Spring Boot's {@code management.server.port}) disagrees with how the
 * jar's ahead-of-time initialisation was built. Whether the actuator gets a server of its own decides which beans
 * exist, and with {@code -Dspring.aot.enabled=true} (the README's production launch) Spring Boot fixes that when the
 * jar is built: a jar built without {@code MANAGEMENT_PORT} ignores it at run time, by design (spring-boot issue
 * 44147), and would leave the probes on {@code SERVER_PORT} while nothing answers on the port they were pointed at; a
 * jar built with it does not serve them on {@code SERVER_PORT}. Without ahead-of-time initialisation the two always
 * agree.
 *
 * <p>Runs once every bean exists, before Tomcat listens.
 *
 * @throws SettingRefused from {@link #afterSingletonsInstantiated()}, naming {@code MANAGEMENT_PORT} and what to do,
 *     when they disagree: Spring Boot's "APPLICATION FAILED TO START" report, without a stack trace
 */
@Component
class ManagementPortCheck implements SmartInitializingSingleton {

    /** The bean Spring Boot registers only for a management server of its own (its method's name). */
    static final String CHILD_CONTEXT_BEAN = "childManagementContextInitializer";

    private final Environment environment;
    private final ConfigurableListableBeanFactory beans;

    ManagementPortCheck(Environment environment, ConfigurableListableBeanFactory beans) {
        this.environment = environment;
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        boolean wanted = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
        boolean built = beans.containsBeanDefinition(CHILD_CONTEXT_BEAN);
        if (wanted && !built) {
            throw new SettingRefused("MANAGEMENT_PORT (management.server.port) is set ("
                    + environment.getProperty("management.server.port") + "), but this jar's ahead-of-time"
                    + " initialisation (-Dspring.aot.enabled=true) was built without it: health and the Prometheus"
                    + " scrape would stay on SERVER_PORT and nothing would answer on MANAGEMENT_PORT.",
                    "Build the jar with MANAGEMENT_PORT set (any port: MANAGEMENT_PORT=8079 mvn package), or start"
                            + " without -Dspring.aot.enabled=true, or unset MANAGEMENT_PORT.");
        }
        if (built && !wanted) {
            throw new SettingRefused("This jar's ahead-of-time initialisation (-Dspring.aot.enabled=true) was built"
                    + " with MANAGEMENT_PORT set, and MANAGEMENT_PORT (management.server.port) is now unset or"
                    + " SERVER_PORT: health and the Prometheus scrape would not be served on SERVER_PORT.",
                    "Set MANAGEMENT_PORT to a port of its own, build the jar without it, or start without"
                            + " -Dspring.aot.enabled=true.");
        }
    }
}
