package org.hotline.cti.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.boot.CtiServer;
import org.hotline.cti.config.ServerConfig;
import org.hotline.cti.pbx.PbxSandbox;
import org.hotline.cti.pbx.SandboxInfo;
import org.hotline.cti.pbx.SandboxPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the sandbox Asterisk plus the server on embedded defaults, until Ctrl-C. */
@Command(
        name = "demo",
        description = "Start the sandbox Asterisk and the server on embedded defaults (H2 under ./data).")
public final class DemoCommand implements Callable<Integer> {
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Option(
            names = "--config",
            description = "Demo configuration (default: ${DEFAULT-VALUE}).",
            defaultValue = "config/demo.yaml")
    Path config;

    @Option(
            names = "--calendar",
            description = "demo: open every day and hour (default); real: the working calendar in config/calendar/.",
            defaultValue = "demo")
    String calendar;

    @Override
    public Integer call() throws InterruptedException {
        if (!calendar.equals("demo") && !calendar.equals("real")) {
            throw new org.hotline.cti.CtiException(
                    ErrorId.BAD_OPTION, "--calendar must be demo or real, was '" + calendar + "'");
        }
        // The configuration first: a mistake in it is reported before any Asterisk is started.
        ServerConfig loaded = ServerConfig.load(config);
        PrintStream out = System.out;
        PbxSandbox sandbox = new PbxSandbox(SandboxPaths.defaults(System.getenv(), Path.of("")), Clock.systemUTC());
        // Stopping the demo stops the Asterisk it started; one it found running (another demo, the
        // ITs, `pbx sandbox up`) is someone else's and is left alone.
        boolean startedHere = !sandbox.status().running();
        SandboxInfo pbx = sandbox.up(out);
        String password = System.getenv("CTI_DEMO_PASSWORD");
        boolean generated = password == null || password.isBlank();
        if (generated) {
            password = generatePassword();
        }
        String hash = PasswordHash.hash(password);
        ServerConfig cfg = loaded.withUsers(u -> demoUsers(hash)).withAlwaysOpen(calendar.equals("demo"));
        CtiServer server = new CtiServer(cfg, Clock.systemUTC()).start();
        InetSocketAddress http = server.httpAddress();
        String base = "http://" + http.getHostString() + ":" + http.getPort();
        out.println();
        out.println("hotline-cti demo is running (Ctrl-C to stop).");
        out.println("  Dashboard:  " + base + "/");
        out.println("  Health:     " + base + "/api/health  (details with a token)");
        out.println("  Metrics:    " + base
                + "/metrics  (Authorization: Bearer <supervisor token or metrics.bearerTokenFile>)");
        out.println("  Calendar:   "
                + (calendar.equals("demo")
                        ? "open every day and hour (demo; --calendar real for the working calendar)"
                        : "working calendar (config/calendar/)"));
        out.println(
                "  Users:      admin, supervisor, agents 8001-8020 (and scripted 8101-8105); departments tax, market, hrss, yingshang");
        out.println("  Password:   " + password
                + (generated ? "   (generated; set CTI_DEMO_PASSWORD to choose one)" : "   (from CTI_DEMO_PASSWORD)"));
        out.println("  PBX:        " + pbx.asteriskVersion() + ", AMI " + pbx.amiHost() + ":" + pbx.amiPort()
                + ", SIP udp " + pbx.sipHost() + ":" + pbx.sipPort());
        out.println("  Try a call: sipp -sn uas -i 127.0.0.4 -p 5101 -aa &   # scripted agent 8101 answers every call");
        out.println("              sipp -sf cti-server/src/test/resources/sipp/caller.xml -i 127.0.0.2 -p 5090 "
                + "-key caller 13800000001 -s 12345 -d 2000 -m 1 127.0.0.1:5060");
        out.println("  Log in:     curl -s -d '{\"user\":\"supervisor\",\"password\":\"" + password + "\"}' " + base
                + "/api/login");
        out.flush();
        ServeCommand.runUntilStopped(server, () -> {
            if (startedHere) {
                out.println("hotline-cti demo: stopping the sandbox Asterisk it started");
                try {
                    sandbox.down();
                } catch (RuntimeException e) {
                    out.println("hotline-cti demo: could not stop the sandbox Asterisk: " + e.getMessage());
                }
            }
        });
        return 0;
    }

    static List<User> demoUsers(String hash) {
        List<User> users = new ArrayList<>();
        users.add(new User("admin", Role.ADMIN, null, hash));
        users.add(new User("supervisor", Role.SUPERVISOR, null, hash));
        for (int ext = 8001; ext <= 8020; ext++) {
            users.add(new User(Integer.toString(ext), Role.AGENT, Integer.toString(ext), hash));
        }
        for (int ext = 8101; ext <= 8105; ext++) {
            users.add(new User(Integer.toString(ext), Role.AGENT, Integer.toString(ext), hash));
        }
        // Department users act on their own department's work orders only (R13-R16); yingshang is the
        // business-environment supervision office and also sees escalated orders (R15).
        for (String department : List.of("tax", "market", "hrss", "yingshang")) {
            users.add(new User(department, Role.DEPARTMENT, null, hash, department));
        }
        return users;
    }

    private static String generatePassword() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
