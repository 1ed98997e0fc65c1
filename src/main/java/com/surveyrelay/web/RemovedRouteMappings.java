package com.surveyrelay.web;

import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpListener;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Takes a route's HTTP paths out of Spring MVC when its platform-http consumer goes away (a route removed, or its
 * path changed, by a route-file reload under the dev profile). Camel's Spring Boot starter registers each consumer's
 * path with Spring but leaves it registered when the consumer stops ({@code unregisterHttpEndpoint} is a no-op in
 * camel-platform-http-starter 4.17), so the old path kept answering an empty 500 from a stopped consumer; once
 * removed it answers {@code 404 not_found} JSON like any unknown path.
 *
 * <p>Only mappings whose handler is the departing consumer are removed, so a route reloaded on the same path keeps
 * the mapping its new consumer registered, whichever of the two events comes first.
 */
@Component
class RemovedRouteMappings implements PlatformHttpListener {

    private static final Logger LOG = LoggerFactory.getLogger(RemovedRouteMappings.class);

    private final CamelRequestHandlerMapping mappings;

    RemovedRouteMappings(CamelContext camel, CamelRequestHandlerMapping mappings) {
        this.mappings = mappings;
        camel.getComponent("platform-http", PlatformHttpComponent.class).addPlatformHttpListener(this);
    }

    @Override
    public void registerHttpEndpoint(HttpEndpointModel model) {
        // the starter's own listener registers the path
    }

    @Override
    public void unregisterHttpEndpoint(HttpEndpointModel model) {
        List<RequestMappingInfo> departing = Map.copyOf(mappings.getHandlerMethods()).entrySet().stream()
                .filter(mapping -> consumerOf(mapping.getValue()) == model.getConsumer())
                .map(Map.Entry::getKey)
                .toList();
        departing.forEach(mappings::unregisterMapping);
        if (!departing.isEmpty()) {
            LOG.info("Path {} no longer served: its route stopped", model.getUri());
        }
    }

    private static Object consumerOf(HandlerMethod handler) {
        return handler.getBean();
    }
}
