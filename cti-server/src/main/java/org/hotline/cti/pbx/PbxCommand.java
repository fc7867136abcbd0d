package org.hotline.cti.pbx;

import picocli.CommandLine.Command;

/** {@code pbx sandbox up|down|status}: placeholder until the sandbox lands. */
@Command(name = "pbx", description = "The bundled real Asterisk used by demo and tests.")
public final class PbxCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("pbx: not yet implemented");
    }
}
