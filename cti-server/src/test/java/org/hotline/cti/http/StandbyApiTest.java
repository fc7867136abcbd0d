package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.hotline.cti.app.auth.AuthService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 14 item 5: the standby's public health says standby; every other call is 503 {@code standby}. */
class StandbyApiTest {
    private final AuthService auth = new AuthService(List.of(), Clock.systemUTC());
    private HttpServer server;
    private int port;

    @AfterEach
    void stop() {
        server.close();
        auth.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthSaysStandbyAndEverythingElseIsRefusedWithAStableId() throws Exception {
        Router router = new Router();
        new StandbyApi().register(router);
        server = new HttpServer(router, auth);
        port = server.start("127.0.0.1", 0).getPort();
        HttpResponse<String> health = send("GET", "/api/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(health.body()).path("status").asText())
                .isEqualTo("standby");
        for (String[] req : new String[][] {{"GET", "/api/calls"}, {"POST", "/api/login"}, {"GET", "/api/health/x"}}) {
            HttpResponse<String> r = send(req[0], req[1]);
            assertThat(r.statusCode()).as(req[0] + " " + req[1]).isEqualTo(503);
            assertThat(new ObjectMapper()
                            .readTree(r.body())
                            .path("error")
                            .path("code")
                            .asText())
                    .isEqualTo("standby");
        }
    }
}
