package com.surveyrelay.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.TriggerProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.local.LocalSqs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The trigger queue's part of readiness, against a real SQS server (ElasticMQ): UP with its message counts while
 * {@code GetQueueAttributes} answers, DOWN when the queue is gone or the server refuses connections, and UP with
 * {@code enabled: false} when bus triggers are off.
 */
class TriggerQueueHealthTest {

    private static LocalSqs server;
    private static SqsClient sqs;

    @BeforeAll
    static void startSqs() throws Exception {
        server = LocalSqs.start(0);
        sqs = server.client();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        server.close();
    }

    private static TriggerQueueHealth watching(SqsClient client, String queueUrl) {
        return new TriggerQueueHealth(client, new TriggerProperties(true, queueUrl, null, server.endpoint(), null));
    }

    @Test
    void aQueueThatAnswersIsUpWithItsMessageCountsAndDownOnceItIsGone() {
        String queueUrl = sqs.createQueue(create -> create.queueName("health-probe-triggers")).queueUrl();
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("{}"));

        Health up = watching(sqs, queueUrl).health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("enabled", true).containsEntry("messages", "1")
                .containsEntry("inFlight", "0");

        sqs.deleteQueue(delete -> delete.queueUrl(queueUrl));
        Health gone = watching(sqs, queueUrl).health();
        assertThat(gone.getStatus()).isEqualTo(Status.DOWN);
        assertThat(gone.getDetails().get("error").toString()).contains("QueueDoesNotExist");
    }

    @Test
    void aServerThatRefusesConnectionsIsDown() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        try (SqsClient refused = SqsClient.builder().endpointOverride(nowhere).region(Region.of(LocalS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .overrideConfiguration(config -> config.retryStrategy(retry -> retry.maxAttempts(1)))
                .build()) {
            Health down = watching(refused, nowhere + "/000000000000/survey-triggers").health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("enabled", true).containsKey("error");
        }
    }

    @Test
    void withTriggersOffTheQueueIsNotAsked() {
        Health off = new TriggerQueueHealth(sqs, new TriggerProperties(false, null, null, null, null)).health();
        assertThat(off.getStatus()).isEqualTo(Status.UP);
        assertThat(off.getDetails()).containsEntry("enabled", false);
    }
}
