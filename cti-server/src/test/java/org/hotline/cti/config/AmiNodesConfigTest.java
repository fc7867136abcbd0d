package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14 item 6: {@code ami:} as one node (as before) or as a list of nodes. */
class AmiNodesConfigTest {
    private static ServerConfig parse(String yaml) {
        return ServerConfig.from(
                ConfigNode.parse("cti.yaml", yaml, ConfigNode.envOf(Map.of("PBX2_SECRET", "t0p"))), Path.of("config"));
    }

    @Test
    void theSingleNodeFormIsOneNodeNamedPbx1ServingEveryAgent() {
        ServerConfig c = parse("ami: {host: 10.0.0.5, username: cti, secret: s3cret}");
        assertThat(c.ami().nodes()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("pbx1");
            assertThat(n.host()).isEqualTo("10.0.0.5");
            assertThat(n.agents().isEmpty()).isTrue();
        });
        assertThat(c.ami().settings().port()).isEqualTo(5038);
    }

    @Test
    void nodesInheritTheKeysWrittenBesideTheListAndKeepTheirSecretsOutOfLogs() {
        ServerConfig c = parse("""
                ami:
                  username: cti
                  secret: s3cret
                  keepAlive: 3 seconds
                  queue: enterprise-desk
                  nodes:
                    - {name: east, host: 10.0.0.5}
                    - {name: west, host: 10.0.0.6, port: 5039, secret: "${PBX2_SECRET}", agents: [8201-8299, 8105]}
                """);
        assertThat(c.ami().nodes()).extracting(AmiConnection::name).containsExactly("east", "west");
        AmiConnection west = c.ami().nodes().get(1);
        assertThat(west.secret()).isEqualTo("t0p");
        assertThat(west.username()).isEqualTo("cti");
        assertThat(west.keepAlive()).isEqualTo(Duration.ofSeconds(3));
        assertThat(west.agents().contains("8250")).isTrue();
        assertThat(west.agents().contains("8105")).isTrue();
        assertThat(west.agents().contains("8104")).isFalse();
        assertThat(west.agents().contains("825")).as("fewer digits").isFalse();
        assertThat(c.ami().settings().name()).isEqualTo("east");
        assertThat(c.ami().nodes().toString()).doesNotContain("s3cret").doesNotContain("t0p");
    }

    @Test
    void aPlainListOfNodesIsAcceptedAndUnnamedNodesAreNumbered() {
        ServerConfig c = parse("""
                ami:
                  - {host: 127.0.0.1, port: 5038, username: cti, secret: a}
                  - {host: 127.0.0.1, port: 5039, username: cti, secret: b}
                """);
        assertThat(c.ami().nodes()).extracting(AmiConnection::name).containsExactly("pbx1", "pbx2");
        assertThat(c.ami().queue()).isEqualTo("enterprise-desk");
    }

    @Test
    void mistakesAreRefusedNamingTheNodeAndKey() {
        assertThatThrownBy(() -> parse("""
                        ami:
                          username: cti
                          secret: x
                          nodes: [{name: a, port: 5038}, {name: a, port: 5039}]
                        """))
                .hasMessage("cti.yaml: ami.nodes[1].name: 'a' names two nodes; each node needs its own name");
        assertThatThrownBy(() -> parse("""
                        ami:
                          username: cti
                          secret: x
                          nodes: [{name: a}, {name: b}]
                        """))
                .hasMessage("cti.yaml: ami.nodes[1].port: 127.0.0.1:5038 is already node 'a'");
        assertThatThrownBy(() -> parse("""
                        ami:
                          username: cti
                          secret: x
                          nodes: [{name: a, agents: [8001-8050]}, {name: b, port: 5039, agents: [8050]}]
                        """))
                .hasMessageContaining("ami.nodes[1].agents: '8050' shares extensions with node 'a'");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x, nodes: [{name: a, agents: [80x1]}]}"))
                .hasMessageContaining("ami.nodes[0].")
                .hasMessageContaining("'80x1' is not an extension");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x, nodes: [{name: East}]}"))
                .hasMessageContaining("name must be 1-16 of a-z");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x, host: h, nodes: [{name: a}]}"))
                .hasMessage("cti.yaml: ami.host: belongs to each node under ami.nodes when nodes are listed");
        // Every problem at once (issue 12 item 3), each naming its key.
        assertThatThrownBy(() -> parse("ami: {nodes: [{name: a}]}"))
                .hasMessageContaining("cti.yaml: ami.username: is required")
                .hasMessageContaining("cti.yaml: ami.secret: is required");
    }

    @Test
    void eachNodeHasItsOwnCelFileAndDialplanDirectoryTheFirstNodesMayStayWhereTheyWere() {
        ServerConfig c = parse("""
                ami:
                  username: cti
                  secret: x
                  nodes:
                    - {name: pbx1}
                    - {name: pbx2, port: 5039, celFile: /mnt/pbx2/cel/Master.csv, dialplanDir: /mnt/pbx2/etc}
                callbacks: {celFile: /mnt/pbx1/cel/Master.csv}
                pbx: {dialplanDir: /mnt/pbx1/etc}
                """);
        assertThat(c.ami().nodes().get(0).celFile())
                .as("the first node's: callbacks.celFile")
                .isNull();
        assertThat(c.callbacks().celFile()).isEqualTo(Path.of("/mnt/pbx1/cel/Master.csv"));
        assertThat(c.ami().nodes().get(1).celFile()).isEqualTo(Path.of("/mnt/pbx2/cel/Master.csv"));
        assertThat(c.ami().nodes().get(1).dialplanDir()).isEqualTo(Path.of("/mnt/pbx2/etc"));

        assertThatThrownBy(() -> parse("""
                        ami:
                          username: cti
                          secret: x
                          nodes:
                            - {name: pbx1, celFile: /a/Master.csv}
                            - {name: pbx2, port: 5039, celFile: /a/Master.csv, dialplanDir: /etc/asterisk}
                        pbx: {dialplanDir: /etc/asterisk}
                        """))
                .hasMessageContaining("ami.nodes[1].celFile: is node 'pbx1''s too")
                .hasMessageContaining("ami.nodes[1].dialplanDir: is node 'pbx1''s too")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("nodes[0]"));
        assertThatThrownBy(() -> parse("""
                        ami:
                          username: cti
                          secret: x
                          nodes: [{name: pbx1, celFile: /a/Master.csv}, {name: pbx2, port: 5039}]
                        callbacks: {celFile: /b/Master.csv}
                        """))
                .hasMessage("cti.yaml: ami.nodes[0].celFile: differs from callbacks.celFile ('/b/Master.csv'); "
                        + "give the first node's once");
    }
}
