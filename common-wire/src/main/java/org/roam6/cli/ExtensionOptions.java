package org.roam6.cli;

import org.roam6.wire.MobilityExtensions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The code points of the multi-HA extensions ({@link MobilityExtensions}), for commands that
 * decode or build packets. Each default collides with a later IANA assignment, so a site that
 * configured its daemons otherwise passes the same values here.
 */
public final class ExtensionOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--m-flag", paramLabel = "MASK",
            description = "Binding Update flag bit of the multi-HA M flag (default: 0x0800).")
    String mFlag;

    @Option(names = "--multi-ha-option", paramLabel = "TYPE",
            description = "Mobility option type of the Multiple Home Agents option (default: 18).")
    String multiHaOption;

    @Option(names = "--ha-unreachable-type", paramLabel = "TYPE",
            description = "ICMPv6 type of Home Agent Unreachable (default: 154).")
    String haUnreachableType;

    /** The extensions these options name; a usage error (exit 2) when they are not valid. */
    public MobilityExtensions extensions() {
        MobilityExtensions d = MobilityExtensions.DEFAULT;
        int m = number("--m-flag", mFlag, d.mFlag());
        int t = number("--multi-ha-option", multiHaOption, d.multiHaOptionType());
        int h = number("--ha-unreachable-type", haUnreachableType, d.haUnreachableIcmpType());
        try {
            return new MobilityExtensions(m, t, h);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    private int number(String option, String text, int otherwise) {
        if (text == null) {
            return otherwise;
        }
        String t = text.strip();
        try {
            return t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    option + " '" + text + "' is not a number (decimal, or hex with 0x)");
        }
    }
}
