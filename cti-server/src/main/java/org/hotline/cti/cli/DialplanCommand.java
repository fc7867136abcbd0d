package org.hotline.cti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.TextFiles;
import org.hotline.cti.domain.dialplan.DialplanChecker;
import org.hotline.cti.domain.dialplan.DialplanContract;
import org.hotline.cti.domain.dialplan.DialplanProblem;
import org.hotline.cti.domain.dialplan.DialplanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dialplan check DIR} and {@code dialplan load DIR}, for PBX administrators. */
@Command(
        name = "dialplan",
        description = "Check or load the hotline dialplan (extensions.conf and its #includes).",
        subcommands = {DialplanCommand.Check.class, DialplanCommand.Load.class})
public final class DialplanCommand {
    /** The server takes at most 1 MiB per upload (HttpServer.MAX_BODY_BYTES): a larger file cannot be loaded. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    @Command(
            name = "check",
            description = "Validate DIR: syntax, #includes, the contexts the CTI relies on. Exit 1 on errors.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Directory holding extensions.conf and the files it includes.")
        Path dir;

        @Override
        public Integer call() {
            DialplanReport report = DialplanChecker.check(read(dir));
            print(report, System.out);
            return report.ok() ? 0 : 1;
        }
    }

    @Command(
            name = "load",
            description = "Check DIR, then have the running server install it on every Asterisk node (or --node), "
                    + "reload and verify each; a node that refuses it gets its previous dialplan back and "
                    + "the nodes after it are not tried. Needs an admin login (password from $CTI_PASSWORD or asked).")
    static final class Load implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Directory holding extensions.conf and the files it includes.")
        Path dir;

        @Option(
                names = "--server",
                defaultValue = "${env:CTI_SERVER:-http://127.0.0.1:8080}",
                description = "The CTI server (default: ${DEFAULT-VALUE}).")
        String server;

        @Option(names = "--user", defaultValue = "admin", description = "Admin user (default: ${DEFAULT-VALUE}).")
        String user;

        @Option(
                names = "--node",
                paramLabel = "NAME",
                description = "Load only this Asterisk node (ami.nodes[].name); default: every node.")
        String node;

        @Override
        public Integer call() {
            Map<String, String> files = read(dir);
            DialplanReport report = DialplanChecker.check(files);
            PrintStream out = System.out;
            if (!report.ok()) {
                print(report, out);
                out.println("not loaded: fix the errors above (the PBX was not touched)");
                return 1;
            }
            Map<String, String> upload = new TreeMap<>();
            report.files().forEach(f -> upload.put(f, files.get(f)));
            Map<String, Object> body = new TreeMap<>();
            body.put("files", upload);
            if (node != null) {
                body.put("node", node);
            }
            JsonNode r = new ApiClient(server, user, ApiClient.PASSWORD_ENV).post("/api/admin/dialplan", body);
            print(r, out);
            return "loaded".equals(r.path("result").asText()) ? 0 : 1;
        }
    }

    /**
     * The server's answer: the checker's problems, one line per node (issue 14 item 6: which node
     * refused and why, which loaded, which were not tried), then the overall result.
     */
    static void print(JsonNode r, PrintStream out) {
        r.path("errors")
                .forEach(e -> out.println(e.path("file").asText() + ":"
                        + e.path("line").asInt() + ": " + e.path("message").asText()));
        JsonNode load = r.path("load");
        String sum = load.path("checksum").asText();
        for (JsonNode n : r.path("nodes")) {
            out.println("  " + n.path("node").asText() + ": " + n.path("result").asText()
                    + (n.path("loadId").asLong() > 0
                            ? " (load #" + n.path("loadId").asLong() + ")"
                            : "")
                    + ": " + n.path("message").asText());
        }
        out.println(r.path("result").asText() + " (sha256 " + sum.substring(0, Math.min(12, sum.length())) + "…)"
                + (r.has("error") ? ": " + r.path("error").path("message").asText() : ""));
    }

    static Map<String, String> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CtiException(ErrorId.NO_SUCH_DIRECTORY, dir + " is not a directory");
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .toList()) {
                // A GBK or UTF-16 file is refused saying so and where (not-utf8), not MalformedInputException.
                files.put(f.getFileName().toString(), TextFiles.readUtf8(f, MAX_FILE_BYTES));
            }
        } catch (IOException e) {
            throw new CtiException(ErrorId.UNREADABLE, "cannot read " + dir + ": " + e.getMessage());
        }
        return files;
    }

    static void print(DialplanReport report, PrintStream out) {
        for (DialplanProblem p : report.errors()) {
            out.println(p + "  (error)");
        }
        for (DialplanProblem p : report.warnings()) {
            out.println(p + "  (warning)");
        }
        if (report.ok()) {
            out.println("dialplan OK: " + report.files().size() + " files, "
                    + report.contexts().size() + " contexts; the CTI's contexts are present: "
                    + String.join(", ", DialplanContract.REQUIRED.keySet()));
        } else {
            out.println(report.errors().size() + " error(s)");
        }
    }
}
