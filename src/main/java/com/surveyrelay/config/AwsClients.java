package com.surveyrelay.config;

import com.surveyrelay.metrics.DependencyErrors;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.sqs.SqsClient;
import java.time.Duration;

/**
 * The AWS clients, shared by our beans and by the Camel AWS endpoints ({@code #s3Client},
 * {@code #eventBridgeClient}). Credentials come from the default chain; endpoints can point at any
 * S3- or EventBridge-compatible server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SurveyRelayProperties.class, TwilioProperties.class, TriggerProperties.class})
public class AwsClients {

    /** EventBridge is called by the outbox relay, off the webhook path. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** Beans of this name watch every S3 call (metrics, tests that count requests). */
    public static final String S3_INTERCEPTOR = "s3Interceptor";

    @Bean(destroyMethod = "close")
    S3Client s3Client(SurveyRelayProperties settings,
            @Qualifier(S3_INTERCEPTOR) ObjectProvider<ExecutionInterceptor> interceptors,
            ObjectProvider<MeterRegistry> metrics) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // A webhook makes at most three S3 calls in a row: each gets 30% of its budget (WEBHOOK_BUDGET),
                // so even a hanging S3 leaves it time to answer (Twilio gives up at 15 s).
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(settings.s3AttemptTimeout()).maxConnections(200))
                .overrideConfiguration(config -> {
                    config.apiCallAttemptTimeout(settings.s3AttemptTimeout());
                    config.apiCallTimeout(settings.s3CallTimeout());
                    interceptors.orderedStream().forEach(config::addExecutionInterceptor);
                    metrics.stream().findFirst().ifPresent(registry ->
                            config.addExecutionInterceptor(new DependencyErrors(registry, "s3")));
                })
                // Over plain HTTP (the local default, an S3-compatible server in a private network) the SDK signs a
                // PutObject's payload in aws-chunked encoding, with a 128 KiB chunk buffer for every 2.5 KB session:
                // a third of the service's allocation under load. Whole, the payload is hashed once and sent as is.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                // S3-compatible servers (S3Proxy, MinIO) reject the newer default checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // The SDK works out S3's endpoint rules twice a request; the answer depends on the bucket and the
                // client's settings only.
                .endpointProvider(new CachingS3EndpointProvider(S3EndpointProvider.defaultProvider()));
        URI endpoint = settings.s3Endpoint();
        if (endpoint != null && !endpoint.toString().isBlank()) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    EventBridgeClient eventBridgeClient(SurveyRelayProperties settings, ObjectProvider<MeterRegistry> metrics) {
        var builder = EventBridgeClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(config -> {
                    config.apiCallTimeout(CALL_TIMEOUT);
                    metrics.stream().findFirst().ifPresent(registry ->
                            config.addExecutionInterceptor(new DependencyErrors(registry, "eventbridge")));
                });
        URI endpoint = settings.eventBridgeEndpoint();
        if (endpoint != null && !endpoint.toString().isBlank()) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(SurveyRelayProperties settings, TriggerProperties triggers,
            ObjectProvider<MeterRegistry> metrics) {
        var builder = SqsClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(config -> metrics.stream().findFirst().ifPresent(registry ->
                        config.addExecutionInterceptor(new DependencyErrors(registry, "sqs"))));
        URI endpoint = triggers.sqsEndpoint();
        if (endpoint != null && !endpoint.toString().isBlank()) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
