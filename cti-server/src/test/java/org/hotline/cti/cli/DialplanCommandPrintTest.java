package org.hotline.cti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.hotline.cti.http.Json;
import org.junit.jupiter.api.Test;

/** Issue 14 item 6: {@code dialplan load} prints one line per node, naming the one that could not take it and why. */
class DialplanCommandPrintTest {
    @Test
    void aPartialLoadNamesEachNodesResultAndTheNodeThatFailedFirst() throws Exception {
        String answer = """
                {"error": {"code": "ami-disconnected",
                           "message": "pbx2: unreachable: node pbx2 cannot be reached over AMI: its files were not touched, it keeps its dialplan; pbx1: loaded"},
                 "result": "partial",
                 "load": {"id": 8, "checksum": "0123456789abcdef0123", "result": "unreachable", "node": "pbx2"},
                 "nodes": [{"node": "pbx1", "result": "loaded", "message": "installed into /etc/asterisk, reloaded and verified (9 contexts)", "loadId": 7},
                           {"node": "pbx2", "result": "unreachable", "message": "node pbx2 cannot be reached over AMI: its files were not touched, it keeps its dialplan", "loadId": 8}],
                 "errors": [{"file": "(pbx pbx2)", "line": 0, "message": "not connected to the node's AMI"}],
                 "warnings": []}
                """;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DialplanCommand.print(Json.MAPPER.readTree(answer), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "(pbx pbx2):0: not connected to the node's AMI",
                        "  pbx1: loaded (load #7): installed into /etc/asterisk, reloaded and verified (9 contexts)",
                        "  pbx2: unreachable (load #8): node pbx2 cannot be reached over AMI: its files were not touched,"
                                + " it keeps its dialplan",
                        "partial (sha256 0123456789ab…): pbx2: unreachable: node pbx2 cannot be reached over AMI: its"
                                + " files were not touched, it keeps its dialplan; pbx1: loaded");
    }
}
