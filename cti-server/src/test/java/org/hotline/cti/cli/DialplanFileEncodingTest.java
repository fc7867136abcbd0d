package org.hotline.cti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dialplan check DIR} with a file saved in GBK: the administrator is told which file, where, and what to do. */
class DialplanFileEncodingTest {
    @TempDir
    Path dir;

    @Test
    void aGbkDialplanFileIsNamedWithWhereItIsNotUtf8() throws IOException {
        Files.write(
                dir.resolve("extensions.conf"),
                "[from-enterprise]\n; 企业来电\nexten => 12345,1,Answer()\n".getBytes(Charset.forName("GBK")));
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute("dialplan", "check", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error [not-utf8]: " + dir.resolve("extensions.conf")
                        + " is not UTF-8 text: byte 0xC6 at line 2, column 3 (byte offset 20); it looks like GBK/GB18030"
                        + " (a Chinese Windows encoding) — save the file as UTF-8")
                .doesNotContain("MalformedInput");
    }
}
