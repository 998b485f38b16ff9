package org.roam6.mad;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.roam6.runtime.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code roam6-mad}, the correspondent Mobility Agent (paper 003).
 *
 * <p>{@code --check --config FILE} reads and checks a config ({@link MobilityAgentConfig}): exit
 * 0 when good, 1 with the line and the reason when not. The signalling core
 * ({@link CorrespondentAgent}) exists; the interception at the border and the data path do not
 * yet, so running the daemon says so and exits with status 78 (EX_CONFIG in sysexits.h), which a
 * service manager does not restart in a loop.
 */
@Command(name = "roam6-mad", mixinStandardHelpOptions = true,
        description = "The Mobility Agent: route optimisation on behalf of correspondents (paper 003)")
public final class MobilityAgentMain implements Callable<Integer> {

    /** EX_CONFIG (sysexits.h): the daemon cannot run as configured. */
    public static final int EXIT_NOT_RUNNABLE = 78;

    @Option(names = "--config", description = "the config file (mad.conf)", required = true)
    Path config;

    @Option(names = "--check", description = "Only read and check the config, then exit 0 (good) or 1 (bad)")
    boolean check;

    @Override
    public Integer call() {
        try {
            MobilityAgentConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("roam6-mad: " + e.getMessage());
            return 1;
        }
        if (check) {
            System.out.println(config + ": good");
            return 0;
        }
        System.err.println("roam6-mad: the Mobility Agent's interception and data path are not implemented yet"
                + " (its Return Routability core is); nothing to run");
        return EXIT_NOT_RUNNABLE;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MobilityAgentMain()).execute(args));
    }
}
