package com.surveyrelay.web;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * Keeps the servlet request of a platform-http exchange as the exchange property {@value #PROPERTY}, for steps
 * that need it after the message that holds it is gone: a {@code bean} or {@code setBody} step replaces
 * platform-http's message with a plain one. Route step, first in the route: {@code - process: {ref:
 * rememberHttpRequest}}. An exchange that did not come over HTTP is left as is.
 */
@Component("rememberHttpRequest")
public class RememberHttpRequest implements Processor {

    /** The exchange property with the {@link HttpServletRequest}. */
    public static final String PROPERTY = "httpServletRequest";

    @Override
    public void process(Exchange exchange) {
        if (exchange.getMessage() instanceof PlatformHttpMessage http) {
            exchange.setProperty(PROPERTY, http.getRequest());
        }
    }

    /** The request {@link #process} kept, or null. */
    static HttpServletRequest of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, HttpServletRequest.class);
    }
}
