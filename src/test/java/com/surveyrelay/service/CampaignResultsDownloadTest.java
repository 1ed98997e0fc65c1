package com.surveyrelay.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.campaign.CampaignId;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code GET /campaigns/{campaignId}/results.csv}: the results file as stored, through the API key. The campaigns are
 * kept in the bucket as the runner leaves them (this context takes no campaign files; {@code CampaignServiceTest}
 * downloads one it ran).
 */
class CampaignResultsDownloadTest extends ServiceTest {

    private static final String HEADER = "row,phone,channel,language,surveyId,outcome,reason,detail,sessionId\r\n";

    /** Keeps a campaign's status (finished or queued) and, when not null, its results file; the campaign's id. */
    private String campaign(String name, String state, byte[] results) {
        String id = CampaignId.of(name + respondent.substring(1) + ".csv", respondent.getBytes(UTF_8));
        Instant at = Instant.now();
        String status = "{\"id\":\"" + id + "\",\"fileName\":\"" + name + ".csv\",\"state\":\"" + state + "\","
                + "\"total\":2,\"done\":1,\"failed\":1,\"skipped\":0,\"scheduled\":0,\"pending\":0,"
                + "\"ratePerSecond\":1,\"etaSeconds\":0,\"receivedAt\":\"" + at + "\",\"updatedAt\":\"" + at + "\","
                + "\"results\":\"s3://" + LocalServices.BUCKET + "/campaigns/" + id + "/results.csv\"}";
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaigns/" + id + "/status.json"),
                    RequestBody.fromString(status));
            if (results != null) {
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaigns/" + id + "/results.csv"),
                        RequestBody.fromBytes(results));
            }
        }
        return id;
    }

    private HttpResponse<byte[]> download(String campaignId, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/campaigns/"
                + campaignId + "/results.csv")).GET();
        if (withKey) {
            request.header("X-Api-Key", API_KEY);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), UTF_8);
    }

    @Test
    void sendsAFinishedCampaignsResultsByteForByteAsAnAttachment() throws Exception {
        byte[] stored = (HEADER
                + "2," + respondent + ",sms,es-MX,customer-satisfaction,started,,,"
                + "7d30e7f6-751c-442f-9d2a-c5ed15a1dd39\r\n"
                + "3,\"+1 (555) 987-6543\",voice,,\"a, \"\"quoted\"\" survey\",failed,unknown_survey,\"There is no "
                + "survey\r\nwith that surveyId, café.\",\r\n").getBytes(UTF_8);
        String id = campaign("download", "finished", stored);

        HttpResponse<byte[]> answer = download(id, true);

        assertThat(answer.statusCode()).as(text(answer)).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(stored);
        // Tomcat writes the route's "text/csv; charset=utf-8" without the space.
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
        assertThat(answer.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + id + "-results.csv\"");
        assertThat(answer.headers().firstValue("X-Api-Key")).as("request headers are not echoed").isEmpty();
    }

    @Test
    void theStatusNamesTheDownloadPath() throws Exception {
        String id = campaign("named", "finished", HEADER.getBytes(UTF_8));

        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/campaigns/" + id)).header("X-Api-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status.body()).path("resultsDownload").asText()).isEqualTo("/campaigns/" + id + "/results.csv");
    }

    @Test
    void needsTheApiKey() throws Exception {
        String id = campaign("keyed", "finished", HEADER.getBytes(UTF_8));

        HttpResponse<byte[]> anonymous = download(id, false);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(text(anonymous)).path("error").asText()).isEqualTo("missing_api_key");
        assertThat(text(anonymous)).doesNotContain("row,phone");
    }

    @Test
    void anUnknownOrInvalidIdIsAnUnknownCampaign() throws Exception {
        for (String id : new String[] {"spring-promo-0123456789ab", "Spring-Promo-0123456789AB", "spring-promo",
                "campaign.csv"}) {
            HttpResponse<byte[]> unknown = download(id, true);

            assertThat(unknown.statusCode()).as(id).isEqualTo(404);
            assertThat(text(unknown)).as(id).isEqualTo(
                    "{\"error\":\"unknown_campaign\",\"message\":\"There is no campaign with that id.\"}");
        }
    }

    /** An encoded slash never reaches the route: Tomcat refuses it first (JsonTomcatErrors), and nothing is read. */
    @Test
    void anIdWithAnEncodedSlashIsRefusedBeforeTheRoute() throws Exception {
        HttpResponse<byte[]> refused = download("..%2F..%2Fsurvey-config.json", true);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(text(refused)).path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void aCampaignWithoutResultsYetSaysSo() throws Exception {
        String id = campaign("waiting", "queued", null);

        HttpResponse<byte[]> answer = download(id, true);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(json(text(answer)).path("error").asText()).isEqualTo("no_results_yet");
    }

    @Test
    void storageFailingIsA503WithRetryAfter() throws Exception {
        String id = campaign("unreachable", "finished", HEADER.getBytes(UTF_8));
        SERVICES.s3().faults().set(Faults.Mode.ERROR);
        HttpResponse<byte[]> answer;
        try {
            answer = download(id, true);
        } finally {
            SERVICES.s3().faults().clear();
        }

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(json(text(answer)).path("error").asText()).isEqualTo("survey_unavailable");
        assertThat(download(id, true).statusCode()).as("once storage is back").isEqualTo(200);
    }

    /**
     * A client that stops reading a download for 15 s with its receive buffer full, then reads on, gets the whole file.
     * With Tomcat's connection timeout at 10 s (it is also Tomcat's write timeout) the answer was cut after about 2.9
     * MB of 16 MB; the connection timeout is 60 s again and a request's body keeps 10 s (RequestBodyTimeout). The pause
     * is the client's behaviour under test, so it is a plain sleep, not a wait for the service.
     */
    @Test
    void aClientThatPausesReadingPastTheConnectionTimeoutGetsTheWholeFile() throws Exception {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int row = 2; rows.length() < 16 * 1024 * 1024; row++) {
            rows.append(row).append(',').append(respondent).append(",sms,en-US,customer-satisfaction,failed,")
                    .append("invalid_phone,The phone is not a number in E.164 form like +15551234567.,\r\n");
        }
        byte[] stored = rows.toString().getBytes(UTF_8);
        String id = campaign("slow-reader", "finished", stored);

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            // A small receive window, so the service's writes block soon after the client stops reading.
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("localhost", port));
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /campaigns/" + id + "/results.csv HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Api-Key: " + API_KEY + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            InputStream in = socket.getInputStream();
            received.write(in.readNBytes(64 * 1024));
            Thread.sleep(Duration.ofSeconds(15).toMillis());
            in.transferTo(received);
        }

        String response = received.toString(UTF_8);
        int bodyStart = response.indexOf("\r\n\r\n") + 4;
        assertThat(response).startsWith("HTTP/1.1 200");
        String head = response.substring(0, bodyStart).toLowerCase(java.util.Locale.ROOT);
        byte[] body = java.util.Arrays.copyOfRange(received.toByteArray(), bodyStart, received.size());
        byte[] content = head.contains("transfer-encoding: chunked") ? dechunked(body) : body;
        assertThat(content.length).as("bytes of the file received").isEqualTo(stored.length);
        assertThat(content).isEqualTo(stored);
    }

    /** The content of an HTTP/1.1 chunked body; a body cut short ends where it was cut. */
    private static byte[] dechunked(byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = new String(body, at, Math.min(16, body.length - at), java.nio.charset.StandardCharsets.US_ASCII)
                    .indexOf("\r\n");
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(body, at, lineEnd, java.nio.charset.StandardCharsets.US_ASCII)
                    .split(";")[0].strip(), 16);
            at += lineEnd + 2;
            if (size == 0) {
                break;
            }
            content.write(body, at, Math.min(size, body.length - at));
            at += size + 2;
        }
        return content.toByteArray();
    }
}
