package org.hotline.cti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
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
            description =
                    "Check DIR, then have the running server install it, reload the PBX and verify; "
                            + "on failure the previous dialplan is restored. Needs an admin login (password from $CTI_PASSWORD or asked).")
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
            JsonNode r = new ApiClient(server, user, ApiClient.PASSWORD_ENV)
                    .post("/api/admin/dialplan", Map.of("files", upload));
            JsonNode load = r.path("load");
            r.path("errors")
                    .forEach(e -> out.println(e.path("file").asText() + ":"
                            + e.path("line").asInt() + ": " + e.path("message").asText()));
            out.println(
                    load.path("result").asText() + " (load #" + load.path("id").asLong() + ", sha256 "
                            + load.path("checksum").asText().substring(0, 12) + "…): "
                            + load.path("message").asText());
            return "loaded".equals(load.path("result").asText()) ? 0 : 1;
        }
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
                files.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
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
