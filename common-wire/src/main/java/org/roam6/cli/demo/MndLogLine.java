package org.roam6.cli.demo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the mobile node daemon's log lines (roam6's pattern
 * {@code <ISO time> <LEVEL> [<thread>] <logger> - <message>}, {@link LogLine}) and recognises
 * the messages the demo's timeline shows (home registration, the home agents, route optimisation
 * with correspondents). Lines it does not know, and lines that are not log lines at all, give an empty result.
 */
public final class MndLogLine {

    private static final Pattern ATTACHED_AWAY =
            Pattern.compile("^attached to link (\\S+): care-of address (\\S+), router (\\S+)$");
    private static final Pattern ATTACHED_HOME = Pattern.compile("^attached to the home link (\\S+): router (\\S+)$");
    private static final Pattern DETACHED = Pattern.compile("^detached from (\\S+)$");
    private static final Pattern BU = Pattern.compile(
            "^BU seq (\\d+) sent to (\\S+): (?:care-of address (\\S+), lifetime (\\d+) s|(de-registration))"
                    + "(?:, retransmission (\\d+))?$");
    private static final Pattern BA = Pattern.compile(
            "^BA seq (\\d+) from (\\S+): status (\\d+) \\((.*)\\), lifetime (\\d+) s, round trip ([0-9.]+) ms$");
    private static final Pattern UNREACHABLE =
            Pattern.compile("^Home Agent Unreachable from (\\S+): home agents? (\\[.*\\]) dead, dropped$");
    private static final Pattern UNREACHABLE_IGNORED =
            Pattern.compile("^Home Agent Unreachable from (\\S+) to \\S+ naming (\\[.*\\]) ignored: (.*)$");
    private static final Pattern PRIMARY = Pattern.compile("^primary home agent (\\S+) \\(was (\\S+)\\)$");
    private static final Pattern CN_START = Pattern.compile(
            "^starting (return routability|pre-shared-key registration) with correspondent (\\S+)$");
    private static final Pattern CN_BU = Pattern.compile(
            "^BU seq (\\d+) sent to correspondent (\\S+): (?:care-of address (\\S+), lifetime (\\d+) s|(de-registration))"
                    + "(?:, pre-shared key)?(?:, retransmission (\\d+))?$");
    private static final Pattern CN_HELD_DOWN =
            Pattern.compile("^correspondent (\\S+) held down for (\\d+) s \\(([^)]*)\\): (.*)$");
    private static final Pattern RUNNING = Pattern.compile("^roam6-mnd running\\b.*");

    private MndLogLine() {
    }

    /** The event on this line, if it is one the demo shows. */
    public static Optional<MndEvent> parse(String line) {
        return LogLine.parse(line).map(l -> {
            try {
                return message(l.at(), l.message());
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    private static MndEvent message(Instant at, String msg) {
        Matcher m;
        if ((m = ATTACHED_AWAY.matcher(msg)).matches()) {
            return new MndEvent.AttachedAway(at, m.group(1), m.group(2), m.group(3));
        }
        if ((m = ATTACHED_HOME.matcher(msg)).matches()) {
            return new MndEvent.AttachedHome(at, m.group(1), m.group(2));
        }
        if ((m = DETACHED.matcher(msg)).matches()) {
            return new MndEvent.Detached(at, m.group(1));
        }
        if ((m = BU.matcher(msg)).matches()) {
            boolean dereg = m.group(5) != null;
            return new MndEvent.BindingUpdateSent(at, Integer.parseInt(m.group(1)), m.group(2),
                    dereg ? null : m.group(3), dereg ? 0 : Integer.parseInt(m.group(4)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        }
        if ((m = BA.matcher(msg)).matches()) {
            return new MndEvent.BindingAck(at, Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3)),
                    m.group(4), Integer.parseInt(m.group(5)), Double.parseDouble(m.group(6)));
        }
        if ((m = UNREACHABLE.matcher(msg)).matches()) {
            List<String> dead = LogLine.list(m.group(2));
            return dead == null ? null : new MndEvent.HomeAgentUnreachable(at, m.group(1), dead);
        }
        if ((m = UNREACHABLE_IGNORED.matcher(msg)).matches()) {
            List<String> naming = LogLine.list(m.group(2));
            return naming == null ? null : new MndEvent.HomeAgentUnreachableIgnored(at, m.group(1), naming, m.group(3));
        }
        if ((m = PRIMARY.matcher(msg)).matches()) {
            return new MndEvent.PrimaryHomeAgent(at, m.group(1), m.group(2));
        }
        if ((m = CN_START.matcher(msg)).matches()) {
            return new MndEvent.CorrespondentRegistrationStarted(at, m.group(2), m.group(1).startsWith("pre"));
        }
        if ((m = CN_BU.matcher(msg)).matches()) {
            boolean dereg = m.group(5) != null;
            return new MndEvent.CorrespondentBindingUpdateSent(at, Integer.parseInt(m.group(1)), m.group(2),
                    dereg ? null : m.group(3), dereg ? 0 : Integer.parseInt(m.group(4)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        }
        if ((m = CN_HELD_DOWN.matcher(msg)).matches()) {
            return new MndEvent.CorrespondentHeldDown(at, m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4));
        }
        if (RUNNING.matcher(msg).matches()) {
            return new MndEvent.Running(at);
        }
        return null;
    }
}
