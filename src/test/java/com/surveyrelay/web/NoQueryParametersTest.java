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
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
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
        assertThat(refused.getMessage()).isEqualTo("'surveyId' is not a parameter of this endpoint, which takes none: "
                + "send the request's fields in its body. Nothing was done.");
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
