package org.roam6.cli.demo;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the home agent daemon's log lines (roam6's log pattern, {@link LogLine}) and recognises
 * the messages of a failover the demo's timeline shows: {@code HomeAgentDaemon}'s verdict on
 * silent peers and {@code InterceptionOwner}'s takeover. Lines it does not know, and lines that
 * are not log lines at all, give an empty result.
 */
public final class HadLogLine {

    private static final Pattern PEERS_DEAD =
            Pattern.compile("^peer home agents (\\[.*\\]) sent no heartbeat for (\\d+) x (\\d+) ms: dead$");
    private static final Pattern TAKE_OVER =
            Pattern.compile("^home agent (\\S+) is dead: this home agent now intercepts for (\\S+) \\(care-of (\\S+)\\)$");
    private static final Pattern PEER_ALIVE = Pattern.compile("^peer home agent (\\S+) is alive again\\b.*$");
    private static final Pattern NOT_SENT =
            Pattern.compile("^Home Agent Unreachable to (\\S+) for (\\S+) not sent: (.*)$");

    private HadLogLine() {
    }

    /** The event on this line, if it is one the demo shows. */
    public static Optional<HadEvent> parse(String line) {
        return LogLine.parse(line).map(l -> {
            try {
                return message(l);
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    private static HadEvent message(LogLine l) {
        String msg = l.message();
        Matcher m;
        if ((m = PEERS_DEAD.matcher(msg)).matches()) {
            List<String> peers = LogLine.list(m.group(1));
            return peers == null || peers.isEmpty() ? null : new HadEvent.PeersDead(l.at(), peers,
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        if ((m = TAKE_OVER.matcher(msg)).matches()) {
            return new HadEvent.TakeOver(l.at(), m.group(1), m.group(2), m.group(3));
        }
        if ((m = PEER_ALIVE.matcher(msg)).matches()) {
            return new HadEvent.PeerAlive(l.at(), m.group(1));
        }
        if ((m = NOT_SENT.matcher(msg)).matches()) {
            return new HadEvent.UnreachableNotSent(l.at(), m.group(1), m.group(2), m.group(3));
        }
        return null;
    }
}
