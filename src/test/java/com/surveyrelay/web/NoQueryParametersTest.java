package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class NoQueryParametersTest {

    private final NoQueryParameters guard = new NoQueryParameters();

    private Exchange withQuery(String rawQuery) {
        return withQuery("POST", rawQuery);
    }

    private Exchange withQuery(String method, String rawQuery) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, rawQuery);
        return exchange;
    }

    @Test
    void takesARequestWithoutAQueryOrWithAnEmptyOne() {
        assertThatNoException().isThrownBy(() -> guard.process(withQuery(null)));
        assertThatNoException().isThrownBy(() -> guard.process(withQuery("")));
        assertThatNoException().isThrownBy(() -> guard.process(withQuery("&&")));
    }

    @Test
    void refusesTheFirstParameterByName() {
        HttpProblem refused = catchThrowableOfType(HttpProblem.class,
                () -> guard.process(withQuery("surveyId=quarterly-nps&To=%2B15551230000")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("unknown_parameter");
        assertThat(refused.getMessage()).isEqualTo("'surveyId' is not a parameter of this endpoint, which takes no "
                + "query parameters: send the request's fields in its body. Nothing was done.");
    }

    /** A {@code GET} has no body to send its fields in, and its message does not say it has. */
    @Test
    void refusesAGetsParameterWithoutPointingAtABody() {
        HttpProblem refused = catchThrowableOfType(HttpProblem.class,
                () -> guard.process(withQuery("GET", "status=failed")));

        assertThat(refused.code()).isEqualTo("unknown_parameter");
        assertThat(refused.getMessage()).isEqualTo("'status' is not a parameter of this endpoint, which takes no query "
                + "parameters. Nothing was done.");
        assertThat(catchThrowableOfType(HttpProblem.class, () -> guard.process(withQuery("GET", "%zz"))).getMessage())
                .isEqualTo("The query string is not validly percent-encoded; this endpoint takes no query parameters.");
    }

    /** A name is quoted back printable and at most 40 characters long. */
    @Test
    void quotesANameSafely() {
        HttpProblem refused = catchThrowableOfType(HttpProblem.class,
                () -> guard.process(withQuery("%0A" + "x".repeat(60) + "=1")));

        assertThat(refused.getMessage()).startsWith("'" + "x".repeat(40) + "...' is not a parameter");
    }

    @Test
    void refusesAMalformedEscape() {
        HttpProblem refused = catchThrowableOfType(HttpProblem.class, () -> guard.process(withQuery("%zz")));

        assertThat(refused.code()).isEqualTo("invalid_query");
    }
}
