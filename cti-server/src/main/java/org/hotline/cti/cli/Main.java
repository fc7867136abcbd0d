package org.hotline.cti.cli;

import org.hotline.cti.CtiException;
import org.hotline.cti.pbx.PbxCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one runnable jar: {@code java -jar cti-server/target/cti-server.jar COMMAND}. */
@Command(
        name = "cti-server",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        version = "hotline-cti 0.1.0",
        description = "CTI server for the 12345 hotline's enterprise desk.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            PbxCommand.class,
            DialplanCommand.class,
            DialTestCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling (tests run commands through it as a user would). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // A clear one-line error (with its stable id) instead of a stack trace for the user's mistakes.
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CtiException c) {
                cmd.getErr().println("error [" + c.id() + "]: " + c.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing command: try 'serve', 'demo' or 'pbx sandbox up'");
    }
}
