package org.roam6.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code roam6}, the user command line. Daemons have their own launchers
 * ({@code roam6-had}, {@code roam6-mnd}, {@code roam6-mad}); {@code roam6 testbed} is handled by
 * the launcher script, which runs {@code deploy/testbed/testbed.sh}.
 */
@Command(name = "roam6",
        mixinStandardHelpOptions = true,
        versionProvider = Roam6.Version.class,
        description = "roam6: user-space Mobile IPv6 for Linux.",
        subcommands = {DecodeCommand.class, SamplesCommand.class, ShowCommand.class, org.roam6.cli.demo.DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class Roam6 implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'roam6 help')");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with roam6's error handling: usage errors exit 2 with a {@code roam6:}
     * message on stderr, unexpected failures exit 1.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Roam6());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("roam6: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("roam6: " + ex.getMessage());
            String help = cmd.getParent() == null ? "roam6 help" : "roam6 help " + cmd.getCommandName();
            cmd.getErr().println("roam6: try '" + help + "'");
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Roam6.class.getPackage().getImplementationVersion();
            return new String[] {"roam6 " + (v != null ? v : "(development build)")};
        }
    }
}
