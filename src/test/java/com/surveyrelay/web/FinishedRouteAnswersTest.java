package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.ModelAndViewContainer;

/** How a platform-http route's answer ends its request in Spring MVC: at once when the route has run. */
class FinishedRouteAnswersTest {

    private final FinishedRouteAnswers answers = new FinishedRouteAnswers();
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/sms/webhook");
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final ServletWebRequest webRequest = new ServletWebRequest(request, response);
    private final ModelAndViewContainer container = new ModelAndViewContainer();

    private static MethodParameter camelService() throws NoSuchMethodException {
        return new MethodParameter(SpringBootPlatformHttpConsumer.class.getMethod("service", HttpServletRequest.class,
                HttpServletResponse.class), -1);
    }

    {
        request.setAsyncSupported(true);
    }

    @Test
    void onlyCamelsConsumerIsAnsweredThisWay() throws Exception {
        assertThat(answers.supportsReturnType(camelService())).isTrue();
        assertThat(answers.supportsReturnType(new MethodParameter(
                CompletableFuture.class.getMethod("completedFuture", Object.class), -1))).isFalse();
    }

    @Test
    void aRouteThatHasRunEndsItsRequestWithoutStartingAsyncWork() throws Exception {
        answers.handleReturnValue(CompletableFuture.completedFuture(null), camelService(), container, webRequest);
        assertThat(container.isRequestHandled()).isTrue();
        assertThat(request.isAsyncStarted()).as("Servlet async work started").isFalse();
    }

    @Test
    void aRouteThatFailedThrowsItsFailureAsTheDispatchWould() throws Exception {
        IllegalStateException failure = new IllegalStateException("route failed");
        assertThatThrownBy(() -> answers.handleReturnValue(CompletableFuture.failedFuture(failure), camelService(),
                container, webRequest)).isSameAs(failure);
    }

    @Test
    void aRouteStillRunningIsLeftToSpringMvcsAsyncHandling() throws Exception {
        org.springframework.web.context.request.async.WebAsyncUtils.getAsyncManager(webRequest).setAsyncWebRequest(
                new org.springframework.web.context.request.async.StandardServletAsyncWebRequest(request, response));
        answers.handleReturnValue(new CompletableFuture<Void>(), camelService(), container, webRequest);
        assertThat(request.isAsyncStarted()).isTrue();
        assertThat(container.isRequestHandled()).isFalse();
    }
}
