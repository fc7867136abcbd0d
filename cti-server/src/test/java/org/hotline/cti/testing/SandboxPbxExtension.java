package org.hotline.cti.testing;

import java.nio.file.Path;
import java.time.Clock;
import org.hotline.cti.pbx.PbxSandbox;
import org.hotline.cti.pbx.SandboxInfo;
import org.hotline.cti.pbx.SandboxPaths;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Brings the sandbox Asterisk up once per test run (shared by every class that uses it, through
 * the root context's store, closed as a resource) and stops it when the run ends, unless it was already running
 * before the run: a sandbox someone started by hand is left as it was found.
 * If the sandbox cannot start, the test fails with the reason; it never skips, so a CI machine
 * without root or debootstrap shows red rather than a silent pass.
 * Test methods may take a {@link SandboxInfo} parameter.
 */
public final class SandboxPbxExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SandboxPbxExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SandboxInfo.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context).info;
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    /**
     * The started sandbox; JUnit (5.13+) closes AutoCloseable store values once, when the root
     * context (the whole run) ends.
     */
    static final class Running implements AutoCloseable {
        final PbxSandbox sandbox;
        final SandboxInfo info;
        final boolean startedHere;

        private Running(PbxSandbox sandbox, SandboxInfo info, boolean startedHere) {
            this.sandbox = sandbox;
            this.info = info;
            this.startedHere = startedHere;
        }

        static Running start() {
            lockSandbox();
            PbxSandbox sandbox = new PbxSandbox(SandboxPaths.defaults(System.getenv(), Path.of("")), Clock.systemUTC());
            try {
                boolean wasRunning = sandbox.status().running();
                return new Running(sandbox, sandbox.up(System.out), !wasRunning);
            } catch (RuntimeException e) {
                throw new AssertionError("The sandbox PBX could not start: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                if (startedHere) {
                    sandbox.down();
                }
            } finally {
                unlockSandbox();
            }
        }

        private static java.nio.channels.FileLock lock;

        /**
         * One test run at a time per machine: a second run (another checkout's build) waits here
         * instead of restarting the PBX under the first one's calls.
         */
        private static synchronized void lockSandbox() {
            try {
                Path file = Path.of(System.getProperty("java.io.tmpdir"), "hotline-cti-sandbox.lock");
                java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                        file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                lock = ch.lock();
            } catch (java.io.IOException e) {
                throw new AssertionError("cannot lock the sandbox for this test run: " + e.getMessage(), e);
            }
        }

        private static synchronized void unlockSandbox() {
            if (lock != null) {
                try {
                    lock.release();
                    lock.channel().close();
                } catch (java.io.IOException ignored) {
                    // the lock dies with the process anyway
                }
                lock = null;
            }
        }
    }
}
