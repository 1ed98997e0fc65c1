package com.surveyrelay.service;

import com.surveyrelay.config.AwsClients;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every S3 call one service context makes, by operation name, so tests can hold it to its I/O budget. Each
 * context has its own record: the test contexts Spring keeps alive share one bucket, and another context's outbox
 * sweep reading a test's session is not that test's cost.
 */
@TestConfiguration(proxyBeanMethods = false)
class S3Requests {

    /**
     * One S3 call: its operation name, the object key it names (null for calls on the bucket) and the thread that
     * made it.
     */
    record Operation(String name, String key, String thread) {
    }

    /** The S3 calls of one context, in order. */
    static final class Recorded {

        private final List<Operation> operations = Collections.synchronizedList(new ArrayList<>());

        /** How many calls so far: a mark for {@link #since}. */
        int mark() {
            return operations.size();
        }

        List<Operation> since(int mark) {
            synchronized (operations) {
                return List.copyOf(operations.subList(mark, operations.size()));
            }
        }
    }

    @Bean
    Recorded s3Recorded() {
        return new Recorded();
    }

    @Bean
    @Qualifier(AwsClients.S3_INTERCEPTOR)
    ExecutionInterceptor s3Interceptor(Recorded recorded) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                recorded.operations.add(new Operation(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        context.request().getValueForField("Key", String.class).orElse(null),
                        Thread.currentThread().getName()));
            }
        };
    }
}
