package org.hotline.cti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dial-test [--department CODE]}: asks the running server to dial-test the transfer numbers
 * now (R8), waits for the run and prints one line per number. Exit 1 when any number failed.
 */
@Command(
        name = "dial-test",
        description = "Dial-test departments' transfer numbers now through the running server "
                + "(password from $CTI_PASSWORD or asked) and print a table.")
public final class DialTestCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = "--department", description = "Only this department's numbers.")
    String department;

    @picocli.CommandLine.Mixin
    ServerOptions serverOptions = new ServerOptions();

    @Override
    public Integer call() throws InterruptedException {
        ApiClient api = serverOptions.connect();
        Map<String, Object> body = new HashMap<>();
        if (department != null) {
            body.put("department", department);
        }
        JsonNode run = api.post("/api/dialtests/run", body);
        String id = run.path("id").asText();
        PrintStream out = System.out;
        out.println("dial-test run " + id + ": " + run.path("numbers").size() + " number(s), one by one");
        while (!"finished".equals(run.path("state").asText())) {
            Thread.sleep(POLL.toMillis()); // polling a remote run; nothing to wait on locally
            run = api.get("/api/dialtests/runs/" + id);
        }
        Map<String, JsonNode> flags = new HashMap<>();
        api.get("/api/dialtests")
                .path("numbers")
                .forEach(n -> flags.put(n.path("number").asText(), n));
        out.printf("%-12s %-32s %-9s %-16s %8s  %s%n", "DEPARTMENT", "NUMBER", "RESULT", "CAUSE", "ANSWER", "FLAG");
        int failed = 0;
        for (JsonNode r : run.path("results")) {
            boolean ok = "answered".equals(r.path("result").asText());
            failed += ok ? 0 : 1;
            JsonNode f = flags.get(r.path("number").asText());
            String flag = f != null && f.path("failing").asBoolean()
                    ? "FAILING (" + f.path("failuresInARow").asInt() + " in a row)"
                    : "";
            out.printf(
                    "%-12s %-32s %-9s %-16s %8s  %s%n",
                    r.path("department").asText(),
                    r.path("number").asText(),
                    r.path("result").asText(),
                    r.path("cause").isNull() ? "" : r.path("cause").asText(),
                    r.path("answerMillis").isNull()
                            ? ""
                            : r.path("answerMillis").asLong() + " ms",
                    flag);
        }
        if (run.path("results").size() < run.path("numbers").size()) {
            throw new CtiException(
                    ErrorId.DIALTEST_INCOMPLETE, "the run ended before every number was dialled; see the server log");
        }
        return failed == 0 ? 0 : 1;
    }
}
