package com.surveyrelay.service;

import com.surveyrelay.config.AwsClients;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.annotation.Qualifier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records every S3 call the service makes, by operation name, so tests can hold it to its I/O budget. */
@TestConfiguration(proxyBeanMethods = false)
class S3Requests {

    /** One S3 call: its operation name and the object key it names (null for calls on the bucket). */
    record Operation(String name, String key) {
    }

    static final List<Operation> OPERATIONS = java.util.Collections.synchronizedList(new ArrayList<>());

    @Bean
    @Qualifier(AwsClients.S3_INTERCEPTOR)
    ExecutionInterceptor s3Interceptor() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                OPERATIONS.add(new Operation(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        context.request().getValueForField("Key", String.class).orElse(null)));
            }
        };
    }

    static List<Operation> since(int mark) {
        synchronized (OPERATIONS) {
            return List.copyOf(OPERATIONS.subList(mark, OPERATIONS.size()));
        }
    }
}
