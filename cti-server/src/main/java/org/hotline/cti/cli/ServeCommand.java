package org.hotline.cti.cli;

import org.hotline.cti.boot.CtiServer;
import org.hotline.cti.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve [--config FILE]}: runs the server until stopped. */
@Command(name = "serve", description = "Run the CTI server.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Configuration file (default: ${DEFAULT-VALUE}).", defaultValue = "config/cti.yaml")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig cfg = ServerConfig.load(config);
        runUntilStopped(new CtiServer(cfg, Clock.systemUTC()).start());
        return 0;
    }

    static void runUntilStopped(CtiServer server) throws InterruptedException {
        runUntilStopped(server, () -> { });
    }

    /** Until Ctrl-C or SIGTERM: then the server closes, and {@code afterStop} runs. */
    static void runUntilStopped(CtiServer server, Runnable afterStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                afterStop.run();
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
    }
}
