package com.surveyrelay.local;

import java.util.Map;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A real SQS-protocol server on loopback (ElasticMQ), with the trigger queue and its dead-letter queue:
 * what an EventBridge rule would deliver start requests to.
 */
public final class LocalSqs implements AutoCloseable {

    public static final String TRIGGER_QUEUE = "survey-triggers";
    public static final String DEAD_LETTER_QUEUE = "survey-triggers-dead-letter";
    public static final String SMS_RETRY_QUEUE = "survey-sms-retries.fifo";

    private final SQSRestServer server;
    private final URI endpoint;
    private final String triggerQueueUrl;
    private final String deadLetterQueueUrl;
    private final String smsRetryQueueUrl;

    private LocalSqs(int port) {
        this.server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1")
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(LocalS3.REGION)
                .start();
        server.waitUntilStarted();
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        try (SqsClient sqs = client()) {
            this.triggerQueueUrl = sqs.createQueue(create -> create.queueName(TRIGGER_QUEUE)).queueUrl();
            this.deadLetterQueueUrl = sqs.createQueue(create -> create.queueName(DEAD_LETTER_QUEUE)).queueUrl();
            this.smsRetryQueueUrl = sqs.createQueue(create -> create.queueName(SMS_RETRY_QUEUE).attributes(Map.of(
                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        }
    }

    /** @param port 0 for a free one */
    public static LocalSqs start(int port) throws IOException {
        if (port == 0) {
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
        }
        return new LocalSqs(port);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String triggerQueueUrl() {
        return triggerQueueUrl;
    }

    /** Where texts that arrive while S3 is down are kept until it is back. */
    public String smsRetryQueueUrl() {
        return smsRetryQueueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    /**
     * Creates the queue {@code name} (FIFO when it ends in {@code .fifo}, as SQS requires), or finds it if it
     * exists, and answers its URL.
     */
    public String queue(String name) {
        try (SqsClient sqs = client()) {
            return sqs.createQueue(create -> create.queueName(name).attributes(name.endsWith(".fifo")
                    ? Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.FIFO_QUEUE, "true")
                    : Map.of())).queueUrl();
        }
    }

    public SqsClient client() {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(LocalS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .build();
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
