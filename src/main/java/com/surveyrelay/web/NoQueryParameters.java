package com.surveyrelay.web;

import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Refuses a query string on an endpoint that takes none: the initiation endpoints and the respondent requests, whose
 * fields go in the body, and the survey list and campaign endpoints, which read only their path. A {@code POST
 * /sms/initiate-sms?surveyId=quarterly-nps} was answered {@code 201} and texted the default survey, the parameter
 * never read, and a text cannot be taken back; a {@code ?phone=} on an access request put a number in every proxy's
 * access log; a {@code GET /campaigns?status=failed} answered every campaign as if filtered. Strict as the results
 * API's parameters are: {@code 400 unknown_parameter} naming the first parameter, {@code invalid_query} for a
 * malformed percent escape. An empty query ({@code ?} alone) is no parameter.
 */
@Component("noQueryParameters")
public class NoQueryParameters implements Processor {

    /**
     * @throws HttpProblem 400 {@code unknown_parameter} or {@code invalid_query} for a request with a query; the
     *     message of a {@code POST} says its fields go in the body
     */
    @Override
    public void process(Exchange exchange) {
        String rawQuery = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        String takesNone = "POST".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))
                ? "takes no query parameters: send the request's fields in its body"
                : "takes no query parameters";
        List<Map.Entry<String, String>> pairs;
        try {
            pairs = QueryString.pairs(rawQuery);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "invalid_query", "The query string is not validly percent-encoded; this "
                    + "endpoint " + takesNone + ".");
        }
        if (!pairs.isEmpty()) {
            throw new HttpProblem(400, "unknown_parameter", "'" + QueryString.quotedName(pairs.get(0).getKey())
                    + "' is not a parameter of this endpoint, which " + takesNone + ". Nothing was done.");
        }
    }
}
