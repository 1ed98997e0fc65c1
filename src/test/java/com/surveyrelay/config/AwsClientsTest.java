package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.local.LocalS3;
import com.surveyrelay.local.LocalServices;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client the service builds, against S3Proxy over plain HTTP as the local default runs it: a session's
 * PutObject goes out whole, with its payload's SHA-256, not in aws-chunked encoding (whose 128 KiB chunk buffer per
 * request was a third of what the service allocated under load), and reads back as written.
 */
class AwsClientsTest {

    @Test
    void aPutObjectOverPlainHttpIsSentWholeNotAwsChunked() throws Exception {
        LocalServices.useLocalCredentials();
        List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor watch = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.httpRequest());
            }
        };
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("watch", watch));
        LocalS3 server = LocalS3.inMemory();
        try (S3Client seed = server.client()) {
            seed.createBucket(create -> create.bucket("sessions"));
            SurveyRelayProperties settings = new SurveyRelayProperties(URI.create("https://relay.example.com"),
                    List.of(), "sessions", "sessions", "bus", LocalS3.REGION, server.endpoint(), null, null, null, 0,
                    null, null);
            String session = "{\"sessionId\":\"" + "x".repeat(2_500) + "\"}";
            try (S3Client s3 = new AwsClients().s3Client(settings, beans.getBeanProvider(ExecutionInterceptor.class),
                    beans.getBeanProvider(MeterRegistry.class))) {
                assertThat(s3.serviceClientConfiguration().endpointProvider())
                        .containsInstanceOf(CachingS3EndpointProvider.class);
                s3.putObject(put -> put.bucket("sessions").key("a.json"), RequestBody.fromString(session));
                assertThat(s3.getObjectAsBytes(get -> get.bucket("sessions").key("a.json")).asUtf8String())
                        .isEqualTo(session);
            }
            SdkHttpRequest put = sent.stream().filter(request -> request.method().name().equals("PUT")).findFirst()
                    .orElseThrow();
            assertThat(put.firstMatchingHeader("Content-Encoding")).isEmpty();
            assertThat(put.firstMatchingHeader("x-amz-content-sha256").orElseThrow())
                    .doesNotStartWith("STREAMING").hasSize(64);
            assertThat(put.firstMatchingHeader("Content-Length")).contains(Integer.toString(session.length()));
        } finally {
            server.close();
        }
    }
}
