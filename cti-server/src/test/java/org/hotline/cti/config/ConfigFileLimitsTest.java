package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hotline.cti.cli.Main;
import org.hotline.cti.domain.directory.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an administrator sees when a config file is not what it should be: a file saved in GBK (or
 * UTF-16) is refused saying so and where, not with Java's {@code MalformedInputException}; a file
 * over {@link ConfigNode#MAX_FILE_BYTES} is refused naming its size before it is parsed; and a big
 * file under the limit loads (the paths that were quadratic in its length are linear now).
 */
class ConfigFileLimitsTest {
    private static final Map<String, String> ENV = Map.of("CTI_AMI_SECRET", "x");

    @TempDir
    Path dir;

    private static String refusal(Path file) {
        return catchThrowableOfType(ConfigException.class, () -> ServerConfig.from(ConfigNode.load(file), file))
                .getMessage();
    }

    @Test
    void aFileSavedInGbkIsRefusedSayingItIsNotUtf8AndWhere() throws IOException {
        Path cti = dir.resolve("cti.yaml");
        Files.write(
                cti,
                "ami: {username: cti, secret: x}\ntransfer:\n  callerIdName: \"12345热线转接\"\n"
                        .getBytes(Charset.forName("GBK")));
        assertThat(refusal(cti))
                .isEqualTo(cti + ": (file): is not UTF-8 text: byte 0xC8 at line 3, column 23 (byte offset 64); "
                        + "it looks like GBK/GB18030 (a Chinese Windows encoding) — save the file as UTF-8")
                .doesNotContain("MalformedInputException");
    }

    @Test
    void aUtf16FileIsNamedAsSuch() throws IOException {
        Path cti = dir.resolve("cti.yaml");
        Files.writeString(cti, "\uFEFFami: {username: cti, secret: x}\n", StandardCharsets.UTF_16LE);
        assertThat(refusal(cti))
                .isEqualTo(cti + ": (file): is not UTF-8 text: it is UTF-16 (it starts with a UTF-16 byte-order mark); "
                        + "save it as UTF-8");
    }

    @Test
    void aUtf8ByteOrderMarkIsAccepted() throws IOException {
        Path cti = dir.resolve("cti.yaml");
        Files.writeString(cti, "\uFEFFami: {username: cti, secret: x}\ntransfer: {callerIdName: 热线}\n");
        assertThat(ServerConfig.from(ConfigNode.load(cti), dir)
                        .transfer()
                        .settings()
                        .callerIdName())
                .isEqualTo("热线");
    }

    /** The rule files share the reader: a GBK departments.yaml stops the start the same way. */
    @Test
    void theRuleFilesSayTheSame() throws IOException {
        Path departments = dir.resolve("departments.yaml");
        Files.write(departments, "departments:\n  - {code: tax, name: 税务局}\n".getBytes(Charset.forName("GB18030")));
        assertThat(catchThrowableOfType(ConfigException.class, () -> DirectoryConfigLoader.load(departments)))
                .hasMessageStartingWith(departments + ": (file): is not UTF-8 text: byte 0xCE at line 2, column 25");
    }

    /** A 20 MB file (a log or a dump given by mistake) is refused at once, naming its size and the limit. */
    @Test
    @Timeout(60)
    void aFileOverTheLimitIsRefusedNamingItsSize() throws IOException {
        Path cti = dir.resolve("cti.yaml");
        StringBuilder y = new StringBuilder("ami: {username: cti, secret: x}\nhttp:\n  allowedHosts:\n");
        for (int i = 0; y.length() < 20_000_000; i++) {
            y.append("    - host-").append(i).append(".hotline.example\n");
        }
        Files.writeString(cti, y);
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--config", cti.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .matches("error \\[invalid-config\\]: \\Q" + cti
                        + ": (file): is \\E19\\.\\d MiB, over the limit of 4\\.0 MiB \\(is it the right file\\?\\)");
    }

    /**
     * Just under the limit, a cti.yaml of many users sharing one password and a departments.yaml of
     * many departments in a deep hierarchy and many matters load: the password is hashed once (not
     * once per user), matters find their department by code, and each chain of parents is walked
     * once (these were quadratic, or worse, in the file's length).
     */
    @Test
    @Timeout(120)
    void aLargeFileUnderTheLimitLoads() throws IOException {
        Path cti = dir.resolve("cti.yaml");
        StringBuilder y = new StringBuilder("ami: {username: cti, secret: x}\nusers:\n");
        int users = 0;
        for (; y.length() < ConfigNode.MAX_FILE_BYTES - 200; users++) {
            y.append("  - {name: a").append(users).append(", role: agent, password: \"${AGENT_PASSWORD}\"}\n");
        }
        Files.writeString(cti, y);
        ServerConfig c = ServerConfig.from(ConfigNode.load(cti, ConfigNode.envOf(Map.of("AGENT_PASSWORD", "pw"))), dir);
        assertThat(c.users()).hasSize(users).hasSizeGreaterThan(50_000);

        Path departments = dir.resolve("departments.yaml");
        StringBuilder d = new StringBuilder("departments:\n  - {code: d0, name: city}\n");
        int n = 1;
        for (; d.length() < ConfigNode.MAX_FILE_BYTES / 2; n++) {
            // Each a district unit under the one before: one chain as long as the file.
            d.append("  - {code: d")
                    .append(n)
                    .append(", name: district, level: district, parent: d")
                    .append(n - 1)
                    .append(", transferNumbers: [\"8")
                    .append(n)
                    .append("\"]}\n");
        }
        d.append("matters:\n");
        for (int i = 0; d.length() < ConfigNode.MAX_FILE_BYTES - 200; i++) {
            d.append("  - {code: m")
                    .append(i)
                    .append(", name: matter, department: d")
                    .append(1 + i % (n - 1))
                    .append(", threeWay: true}\n");
        }
        Files.writeString(departments, d);
        Directory directory = DirectoryConfigLoader.load(departments);
        assertThat(directory.departments()).hasSize(n);
        assertThat(directory.matters()).hasSizeGreaterThan(10_000);
    }

    @Test
    void theAmiNodesAreCapped() {
        StringBuilder y = new StringBuilder("ami:\n  username: cti\n  secret: x\n  nodes:\n");
        for (int i = 0; i < ServerConfig.Ami.MAX_NODES + 1; i++) {
            y.append("    - {name: pbx")
                    .append(i)
                    .append(", host: 10.0.")
                    .append(i)
                    .append(".1}\n");
        }
        assertThat(catchThrowableOfType(
                        ConfigException.class,
                        () -> ServerConfig.from(
                                ConfigNode.parse("cti.yaml", y.toString(), ConfigNode.envOf(ENV)), dir)))
                .hasMessage("cti.yaml: ami.nodes: lists 65 nodes; at most 64 are followed");
    }
}
