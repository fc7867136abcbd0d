package org.hotline.cti.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.hotline.cti.boot.ActiveStandby;
import org.hotline.cti.boot.CtiServer;
import org.hotline.cti.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve [--config FILE]}: runs the server until stopped. */
@Command(name = "serve", description = "Run the CTI server.")
public final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "config/cti.yaml")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig cfg = ServerConfig.load(config);
        if (cfg.ha().enabled()) {
            // Issue 14 item 5: one of an active/standby pair on one PostgreSQL.
            runUntilStopped(new ActiveStandby(cfg, Clock.systemUTC()).start());
        } else {
            runUntilStopped(new CtiServer(cfg, Clock.systemUTC()).start());
        }
        return 0;
    }

    static void runUntilStopped(AutoCloseable server) throws InterruptedException {
        runUntilStopped(server, () -> {});
    }

    /** Until Ctrl-C or SIGTERM: then the server (or active/standby pair member) closes, and {@code afterStop} runs. */
    static void runUntilStopped(AutoCloseable server, Runnable afterStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                                afterStop.run();
                            } catch (Exception e) {
                                System.err.println("while stopping: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "shutdown"));
        stopped.await();
    }
}
