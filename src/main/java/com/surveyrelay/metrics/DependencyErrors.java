package com.surveyrelay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Counts failed calls to a dependency as {@code survey_relay_dependency_errors_total{dependency, kind}}: an AWS
 * SDK interceptor for S3, EventBridge and SQS, and {@link #count} for Twilio. {@code kind} is {@code server} (a
 * 5xx), {@code throttled} (429 or 503 SlowDown), {@code client} (another 4xx: access denied, no such bucket, bus or
 * queue, a malformed request), {@code refused} (one per PutEvents entry EventBridge answered with an error code in
 * an HTTP 200, {@code FailedEntryCount}) or {@code network} (no answer: refused, reset, timed out). Answers a caller
 * expects are not errors: S3's 404 for a missing object (but {@code NoSuchBucket} is one), 409 and 412 for a lost
 * conditional write.
 */
public final class DependencyErrors implements ExecutionInterceptor {

    /** The counter's name. */
    public static final String NAME = "survey.relay.dependency.errors";

    private final MeterRegistry registry;
    private final String dependency;

    /**
     * @param dependency the tag value: {@code s3}, {@code eventbridge}, {@code sqs} or {@code twilio}
     */
    public DependencyErrors(MeterRegistry registry, String dependency) {
        this.registry = registry;
        this.dependency = dependency;
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (failure instanceof AwsServiceException service) {
            int status = service.statusCode();
            if (status == 429 || status == 503) {
                count("throttled");
            } else if (status >= 500) {
                count("server");
            } else if (status >= 400 && !expected(service)) {
                count("client");
            }
            return;
        }
        count("network");
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof PutEventsResponse put && put.failedEntryCount() != null
                && put.failedEntryCount() > 0) {
            count("refused", put.failedEntryCount());
        }
    }

    /** S3's answers the service asks for: a missing object, a conditional write that lost. */
    private boolean expected(AwsServiceException service) {
        if (!"s3".equals(dependency)) {
            return false;
        }
        int status = service.statusCode();
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        return status == 412 || status == 409 || (status == 404 && !"NoSuchBucket".equals(code));
    }

    /** Counts one failure of this dependency; {@code kind} as above. */
    public void count(String kind) {
        count(kind, 1);
    }

    private void count(String kind, int failures) {
        Counter.builder(NAME).description("Failed calls to S3, EventBridge, SQS and Twilio")
                .tag("dependency", dependency).tag("kind", kind).register(registry).increment(failures);
    }
}
