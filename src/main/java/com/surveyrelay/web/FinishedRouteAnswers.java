package com.surveyrelay.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.DeferredResultMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Ends a platform-http request on the thread that ran its route, when the route has finished by then (always, with
 * {@link PlatformHttpOnRequestThreads}): Camel's consumer answers Spring MVC with a {@link CompletableFuture}, which
 * Spring MVC otherwise takes as async work even when it is done: Servlet {@code startAsync}, an {@code AsyncContext},
 * then a dispatch back through the filters and the {@code DispatcherServlet}, which Tomcat runs on the same thread
 * once the first pass returns. A future not finished yet is left to Spring MVC's own handling, as before.
 *
 * <p>A route's failure, which Camel's consumer has answered already, reaches Spring MVC as the future's exception,
 * as it would after the dispatch.
 */
final class FinishedRouteAnswers implements HandlerMethodReturnValueHandler {

    private final DeferredResultMethodReturnValueHandler unfinished = new DeferredResultMethodReturnValueHandler();

    /** Puts a {@code FinishedRouteAnswers} before Spring MVC's own return value handlers in {@code adapter}. */
    static void putFirst(RequestMappingHandlerAdapter adapter) {
        List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
        handlers.add(new FinishedRouteAnswers());
        handlers.addAll(adapter.getReturnValueHandlers());
        adapter.setReturnValueHandlers(handlers);
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return SpringBootPlatformHttpConsumer.class.isAssignableFrom(returnType.getContainingClass())
                && CompletableFuture.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public void handleReturnValue(Object returnValue, MethodParameter returnType, ModelAndViewContainer container,
            NativeWebRequest request) throws Exception {
        if (returnValue instanceof CompletableFuture<?> future && future.isDone()) {
            container.setRequestHandled(true);
            try {
                future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
            return;
        }
        unfinished.handleReturnValue(returnValue, returnType, container, request);
    }
}
