package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which part of a header line Tomcat refused is told from its reason (never shown): a control character in a value
 * was told the name was at fault (a breaker's probe, 2026-12-07).
 */
class TomcatRefusalTest {

    @Test
    void aLineWhoseNameIsATokenHasItsValueAtFault() {
        assertThat(TomcatRefusal.nameIsAToken("The HTTP header line [X: a\u0001b] does not conform to RFC 7230."))
                .isTrue();
        assertThat(TomcatRefusal.nameIsAToken("The HTTP header line [bad Header: x] does not conform to RFC 7230."))
                .isFalse();
        assertThat(TomcatRefusal.nameIsAToken("does not conform to RFC 7230")).as("no line quoted").isFalse();
    }
}
