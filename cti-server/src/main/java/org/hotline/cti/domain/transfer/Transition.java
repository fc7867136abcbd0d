package org.hotline.cti.domain.transfer;

import java.util.List;

/** One step of a {@link TransferAttempt}: logged once as {@code from -> trigger -> to}. */
public record Transition(String attemptId, String from, String trigger, String to, List<TransferCommand> commands) {

    public Transition {
        commands = List.copyOf(commands);
    }

    public String logLine() {
        return "transfer " + attemptId + ": " + from + " -> " + trigger + " -> " + to;
    }
}
