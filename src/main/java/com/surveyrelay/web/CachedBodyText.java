package com.surveyrelay.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.converter.stream.ReaderCache;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.TypeConverterSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads a request body Camel has cached as text into a {@code String} in one step.
 *
 * <p>platform-http keeps every request body as a {@link ReaderCache}, and its form binding then asks for it as a
 * {@code String}. Camel's own answer is its general Reader-to-String conversion: it wraps the reader in a
 * {@link java.io.BufferedReader} with an 8,192-character buffer and copies through a second buffer. For a Twilio
 * webhook's form of a few hundred bytes, those two buffers were 10% of everything the service allocated under load
 * (JFR, 200 SMS respondents), and a young collection pauses every request. This converter, registered for exactly
 * {@code ReaderCache} to {@code String}, gives the same answer (the text from the reader's position to its end,
 * leaving it at its end, as Camel's does) with one buffer of the text's size.
 */
@Configuration(proxyBeanMethods = false)
class CachedBodyText {

    @Bean
    CamelContextConfiguration cachedBodyTextConverter() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.getTypeConverterRegistry().addTypeConverter(String.class, ReaderCache.class, new ToText());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }

    /** {@link ReaderCache} to {@code String}; anything else is not converted (null, so Camel tries others). */
    static final class ToText extends TypeConverterSupport {

        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            if (type != String.class || !(value instanceof ReaderCache cache)) {
                return null;
            }
            char[] text = new char[(int) cache.length()];
            int filled = 0;
            try {
                while (filled < text.length) {
                    int read = cache.read(text, filled, text.length - filled);
                    if (read < 0) {
                        break;
                    }
                    filled += read;
                }
                return type.cast(new String(text, 0, filled));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
