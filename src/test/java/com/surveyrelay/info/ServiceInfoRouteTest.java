package com.surveyrelay.info;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.SurveyRelayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service starts, loads its routes from the routes/ folder and answers over real HTTP. */
@SpringBootTest(classes = SurveyRelayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceInfoRouteTest {

    @LocalServerPort
    private int port;

    @Autowired
    private CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void loadsTheServiceInfoRouteFromTheRoutesFolder() {
        assertThat(camel.getRoute("service-info")).isNotNull();
        assertThat(camel.getRoute("service-info").getSourceLocation()).startsWith("file:routes/service-info.camel.yaml");
    }

    @Test
    void answersWhichBuildIsRunning() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"service\":\"survey-relay\",\"version\":\"0.1.0-SNAPSHOT\"}");
    }

    @Test
    void readsTheRootApplicationYaml() {
        assertThat(camel.getName()).isEqualTo("survey-relay");
    }
}
