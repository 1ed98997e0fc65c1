package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SettingRefused;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.mock.env.MockEnvironment;

class ManagementPortCheckTest {

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

    @Test
    void aManagementPortTheJarWasNotBuiltForIsRefusedNamingTheFix() {
        assertThatThrownBy(() -> check("8079", false).afterSingletonsInstantiated())
                .isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("MANAGEMENT_PORT (management.server.port) is set (8079), but this jar's"
                        + " ahead-of-time initialisation (-Dspring.aot.enabled=true) was built without it")
                .extracting(refused -> ((SettingRefused) refused).action()).asString()
                .contains("MANAGEMENT_PORT=8079 mvn package").contains("start without -Dspring.aot.enabled=true");
    }

    @Test
    void aJarBuiltForAManagementPortIsRefusedWithoutOne() {
        for (String unset : new String[] {null, "", "8080"}) {
            assertThatThrownBy(() -> check(unset, true).afterSingletonsInstantiated())
                    .as("management.server.port=%s", unset)
                    .isInstanceOf(SettingRefused.class)
                    .hasMessageContaining("built with MANAGEMENT_PORT set, and MANAGEMENT_PORT (management.server.port)"
                            + " is now unset");
        }
    }

    @Test
    void settingsThatAgreeStart() {
        assertThatCode(() -> check(null, false).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("", false).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("8080", false).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("8079", true).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> check("0", true).afterSingletonsInstantiated()).doesNotThrowAnyException();
    }
}
