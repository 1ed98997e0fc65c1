package com.surveyrelay.web;

import com.surveyrelay.config.SettingRefused;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses a {@code MANAGEMENT_PORT} (Spring Boot's {@code management.server.port}) that would not give health, info
 * and the Prometheus scrape the port of their own an operator asked for, before Tomcat listens:
 * <ul>
 *   <li>a number outside 0 to 65535: a negative switches the actuator off over HTTP without a word (Spring Boot's
 *       "disabled"), so every probe fails, and one over 65535 failed deep in Tomcat's start with a stack trace;</li>
 *   <li>{@code SERVER_PORT}'s own number, which Spring Boot takes silently for "share it": the probes would wait
 *       behind the requests as with {@code MANAGEMENT_PORT} unset;</li>
 *   <li>a setting that disagrees with how the jar's ahead-of-time initialisation was built. Whether the actuator gets
 *       a server of its own decides which beans exist, and with {@code -Dspring.aot.enabled=true} (the README's
 *       production launch) Spring Boot fixes that at build time ({@code -Daot.management-port}, pom.xml): a jar built
 *       without it ignores {@code MANAGEMENT_PORT} at run time, by design (spring-boot issue 44147), and would leave
 *       the probes on {@code SERVER_PORT} while nothing answers on the port they were pointed at; a jar built with it
 *       no longer serves them on {@code SERVER_PORT}. Without ahead-of-time initialisation the two always agree.</li>
 * </ul>
 * Port 0 (any free port) is taken, as for {@code SERVER_PORT}. A value that is no number never gets here: Spring Boot
 * refuses it first, naming {@code management.server.port} and {@code ${MANAGEMENT_PORT:}}.
 *
 * @throws SettingRefused from {@link #afterSingletonsInstantiated()}, naming {@code MANAGEMENT_PORT}, the value and
 *     what to do: Spring Boot's "APPLICATION FAILED TO START" report, without a stack trace
 */
@Component
class ManagementPortCheck implements SmartInitializingSingleton {

    /** The bean Spring Boot registers only for a management server of its own (its method's name). */
    static final String CHILD_CONTEXT_BEAN = "childManagementContextInitializer";
    private static final String SETTING = "MANAGEMENT_PORT (management.server.port)";

    private final Environment environment;
    private final ConfigurableListableBeanFactory beans;

    ManagementPortCheck(Environment environment, ConfigurableListableBeanFactory beans) {
        this.environment = environment;
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Integer port = environment.getProperty("management.server.port", Integer.class);
        Integer serverPort = environment.getProperty("server.port", Integer.class);
        if (port != null && (port < 0 || port > 65_535)) {
            throw new SettingRefused(SETTING + " must be a port number from 0 to 65535 (0: any free port), not " + port
                    + ": health and the Prometheus scrape would not be served.",
                    "Give MANAGEMENT_PORT a port of its own, or unset it to serve them on SERVER_PORT.");
        }
        if (port != null && port != 0 && port.equals(serverPort)) {
            throw new SettingRefused(SETTING + " is " + port + ", SERVER_PORT's own: health and the Prometheus scrape"
                    + " would share the request threads, as with MANAGEMENT_PORT unset, and wait behind the requests.",
                    "Give MANAGEMENT_PORT a port of its own, or unset it to share SERVER_PORT.");
        }
        boolean wanted = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
        boolean built = beans.containsBeanDefinition(CHILD_CONTEXT_BEAN);
        if (wanted && !built) {
            throw new SettingRefused(SETTING + " is " + port + ", but this jar's ahead-of-time initialisation"
                    + " (-Dspring.aot.enabled=true) was built without a management port: health and the Prometheus"
                    + " scrape would stay on SERVER_PORT and nothing would answer on MANAGEMENT_PORT.",
                    "Build the jar with mvn package -Daot.management-port=8079 (any port but SERVER_PORT's), or start"
                            + " without -Dspring.aot.enabled=true, or unset MANAGEMENT_PORT.");
        }
        if (built && !wanted) {
            throw new SettingRefused("This jar's ahead-of-time initialisation (-Dspring.aot.enabled=true) was built"
                    + " with a management port (-Daot.management-port), and " + SETTING + " is unset: health and the"
                    + " Prometheus scrape would not be served on SERVER_PORT.",
                    "Set MANAGEMENT_PORT to a port of its own, or build the jar without -Daot.management-port, or"
                            + " start without -Dspring.aot.enabled=true.");
        }
    }
}
