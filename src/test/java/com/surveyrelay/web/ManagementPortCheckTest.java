package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SettingRefused;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.mock.env.MockEnvironment;

class ManagementPortCheckTest {

    /** A check with SERVER_PORT 8080, {@code managementPort} as set (null: unset), on a jar built with or without. */
    private static ManagementPortCheck check(String managementPort, boolean builtWithOwnServer) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.port", "8080");
        if (managementPort != null) {
            environment.setProperty("management.server.port", managementPort);
        }
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        if (builtWithOwnServer) {
            beans.registerBeanDefinition(ManagementPortCheck.CHILD_CONTEXT_BEAN, new RootBeanDefinition(Object.class));
        }
        return new ManagementPortCheck(environment, beans);
    }

    private static String action(Throwable refused) {
        return ((SettingRefused) refused).action();
    }

    @Test
    void aManagementPortTheJarWasNotBuiltForIsRefusedNamingTheFix() {
        assertThatThrownBy(() -> check("8079", false).afterSingletonsInstantiated())
                .isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("MANAGEMENT_PORT (management.server.port) is 8079, but this jar's ahead-of-time"
                        + " initialisation (-Dspring.aot.enabled=true) was built without a management port")
                .extracting(ManagementPortCheckTest::action).asString()
                .contains("mvn package -Daot.management-port=8079").contains("start without -Dspring.aot.enabled=true");
    }

    @Test
    void aJarBuiltForAManagementPortIsRefusedWithoutOne() {
        for (String unset : new String[] {null, ""}) {
            assertThatThrownBy(() -> check(unset, true).afterSingletonsInstantiated())
                    .as("management.server.port=%s", unset)
                    .isInstanceOf(SettingRefused.class)
                    .hasMessageContaining("was built with a management port (-Daot.management-port), and"
                            + " MANAGEMENT_PORT (management.server.port) is unset");
        }
    }

    /** Spring Boot takes SERVER_PORT's number for "share it", silently: the operator asked for threads of its own. */
    @Test
    void serverPortsOwnNumberIsRefused() {
        for (boolean built : new boolean[] {false, true}) {
            assertThatThrownBy(() -> check("8080", built).afterSingletonsInstantiated())
                    .isInstanceOf(SettingRefused.class)
                    .hasMessage("MANAGEMENT_PORT (management.server.port) is 8080, SERVER_PORT's own: health and the"
                            + " Prometheus scrape would share the request threads, as with MANAGEMENT_PORT unset, and"
                            + " wait behind the requests.");
        }
    }

    /** A negative is Spring Boot's "disabled": every probe would fail. Over 65535 failed in Tomcat's start. */
    @Test
    void aNumberThatIsNoPortIsRefused() {
        for (String value : new String[] {"-1", "65536", "70000"}) {
            for (boolean built : new boolean[] {false, true}) {
                assertThatThrownBy(() -> check(value, built).afterSingletonsInstantiated())
                        .isInstanceOf(SettingRefused.class)
                        .hasMessageStartingWith("MANAGEMENT_PORT (management.server.port) must be a port number from 0"
                                + " to 65535 (0: any free port), not " + value);
            }
        }
    }

    @Test
    void settingsThatAgreeStart() {
        assertThatCode(() -> check(null, false).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("", false).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("8079", true).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("65535", true).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("0", true).afterSingletonsInstantiated()).doesNotThrowAnyException();
    }
}
