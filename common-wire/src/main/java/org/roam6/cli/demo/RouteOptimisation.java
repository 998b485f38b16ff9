package org.roam6.cli.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The demo's route optimisation through the Mobility Agent (paper 003): {@code roam6-mad} on the
 * border router answers Return Routability and Binding Updates on behalf of a correspondent that
 * knows nothing of Mobile IPv6 (RFC 6275 5.2, 9.4, 9.5), a freshly started mobile node daemon on
 * link A runs route optimisation with it under a TCP stream and cn's probes, then moves to link
 * B. What followed: the Return Routability's start in the mobile node's log, the Binding Updates
 * to the correspondent, the agent's binding on A and on B (its {@code show bindings}), the
 * Binding Acknowledgements' round trips (the mobile node's {@code show bul}), the handover gap
 * from the probes, the TCP verdict, the agent's packet counters and, when tshark reads the home
 * link's capture, how many frames of the connection still crossed the home link.
 * Filled in by the demo and its log reader as things happen; thread-safe.
 */
public final class RouteOptimisation {

    /** Frames still in flight when the path changes are not counted against route optimisation. */
    static final double SETTLE_S = 1.0;

    /** The Binding Updates of one sequence number to the correspondent: first and latest transmission. */
    private record Sent(int seq, String careOf, long firstMillis, long lastMillis) {
    }

    private final String correspondent;
    private final String homeAddress;
    private long startMillis = -1;
    private long rrStartMillis = -1;
    private boolean preSharedKey;
    private final Map<Integer, Sent> updates = new LinkedHashMap<>();
    private String heldDown;
    private AgentBinding onA;
    private long onAMillis = -1;
    private double rttA = Double.NaN;
    private long moveMillis = -1;
    private String careOfB;
    private AgentBinding onB;
    private long onBMillis = -1;
    private double rttB = Double.NaN;
    private String bindingProblem;
    private Handover handover;
    private TcpVerdict tcp;
    private AgentCounters counters;
    private String countersProblem;
    private long homeLinkBefore = -1;
    private long homeLinkOptimised = -1;

    public RouteOptimisation(String correspondent, String homeAddress) {
        this.correspondent = correspondent;
        this.homeAddress = homeAddress;
    }

    public String correspondent() {
        return correspondent;
    }

    /** The mobile node daemon was (re)started for the phase: what it logs from now on counts. */
    public synchronized void started(long epochMillis) {
        startMillis = epochMillis;
    }

    /** Its Return Routability with the correspondent began; true the first time after the start. */
    public synchronized boolean registrationStarted(MndEvent.CorrespondentRegistrationStarted e) {
        if (!counts(e.at().toEpochMilli(), e.correspondent()) || rrStartMillis >= 0) {
            return false;
        }
        rrStartMillis = e.at().toEpochMilli();
        preSharedKey = e.preSharedKey();
        return true;
    }

    /** A Binding Update to the correspondent (not a de-registration); true when counted. */
    public synchronized boolean bindingUpdate(MndEvent.CorrespondentBindingUpdateSent e) {
        if (!counts(e.at().toEpochMilli(), e.correspondent()) || e.deregistration()) {
            return false;
        }
        long at = e.at().toEpochMilli();
        Sent before = updates.get(e.seq());
        updates.put(e.seq(), new Sent(e.seq(), e.careOf(), before == null ? at : before.firstMillis(), at));
        return true;
    }

    /** The mobile node gave up on the correspondent for a while; true when counted. */
    public synchronized boolean heldDown(MndEvent.CorrespondentHeldDown e) {
        if (!counts(e.at().toEpochMilli(), e.correspondent())) {
            return false;
        }
        heldDown = e.reason() + ": " + e.why();
        return true;
    }

    private boolean counts(long epochMillis, String cn) {
        return startMillis >= 0 && epochMillis >= startMillis && Demo.sameAddress(cn, correspondent);
    }

    /** The agent holds the binding, first seen at {@code seenMillis}, with the mobile node on link A. */
    public synchronized void bindingOnA(AgentBinding b, long seenMillis) {
        onA = b;
        onAMillis = seenMillis;
    }

    /** The mobile node's round trip of the BU the binding on A came from (its BA arrived). */
    public synchronized void roundTripOnA(double ms) {
        rttA = ms;
    }

    /** The move to link B began; the mobile node's address there is {@code careOf}. */
    public synchronized void moved(long epochMillis, String careOf) {
        moveMillis = epochMillis;
        careOfB = careOf;
    }

    /** The agent's binding followed to link B, first seen at {@code seenMillis}. */
    public synchronized void bindingOnB(AgentBinding b, long seenMillis) {
        onB = b;
        onBMillis = seenMillis;
    }

    public synchronized void roundTripOnB(double ms) {
        rttB = ms;
    }

    /** The agent's binding did not appear or did not follow: why. */
    public synchronized void noBinding(String why) {
        bindingProblem = why;
    }

    /** The move A -> B as the probes saw it (its gap and the probes of the time on B). */
    public synchronized void handover(Handover h) {
        handover = h;
    }

    public synchronized void tcp(TcpVerdict v) {
        tcp = v;
    }

    public synchronized void counters(AgentCounters c) {
        counters = c;
    }

    public synchronized void noCounters(String why) {
        countersProblem = why;
    }

    /** Frames of the connection on the home link before route optimisation and while route-optimised. */
    public synchronized void homeLink(long before, long optimised) {
        homeLinkBefore = before;
        homeLinkOptimised = optimised;
    }

    /** When the route-optimised windows begin and end (epoch seconds): after the binding on A up to the move, after the binding on B on. */
    public synchronized double[] optimisedWindows(long endMillis) {
        if (onAMillis < 0) {
            return new double[0];
        }
        double a = onAMillis / 1000.0 + SETTLE_S;
        double move = moveMillis < 0 ? endMillis / 1000.0 : moveMillis / 1000.0;
        if (onBMillis < 0) {
            return new double[] {a, move};
        }
        return new double[] {a, move, onBMillis / 1000.0 + SETTLE_S, endMillis / 1000.0};
    }

    /** The time the first window opens, or NaN: the connection's frames before it went through the home agent. */
    public synchronized double optimisedFrom() {
        return onAMillis < 0 ? Double.NaN : onAMillis / 1000.0 + SETTLE_S;
    }

    /**
     * Return Routability started to the Binding Acknowledgement of the BU that made the binding on
     * A (its last transmission plus its round trip, both as the mobile node logged them).
     */
    public synchronized OptionalDouble returnRoutabilityToAckMs() {
        if (rrStartMillis < 0 || onA == null || Double.isNaN(rttA)) {
            return OptionalDouble.empty();
        }
        Sent s = updates.get(onA.seq());
        return s == null ? OptionalDouble.empty() : OptionalDouble.of(s.lastMillis() - rrStartMillis + rttA);
    }

    /**
     * When the Binding Acknowledgement of BU {@code seq} arrived, as the mobile node saw it: that
     * BU's last transmission plus its round trip; -1 when no such BU was logged.
     */
    public synchronized long ackMillis(int seq, double rttMs) {
        Sent s = updates.get(seq);
        return s == null || Double.isNaN(rttMs) ? -1 : s.lastMillis() + Math.round(rttMs);
    }

    /** Return Routability started to the binding first seen in the agent's {@code show bindings} (polled). */
    public synchronized OptionalLong returnRoutabilityToAgentMs() {
        return rrStartMillis < 0 || onAMillis < 0 ? OptionalLong.empty() : OptionalLong.of(onAMillis - rrStartMillis);
    }

    /** The move's start to the BA of the BU from link B. */
    public synchronized OptionalDouble moveToAckMs() {
        if (moveMillis < 0 || onB == null || Double.isNaN(rttB)) {
            return OptionalDouble.empty();
        }
        Sent s = updates.get(onB.seq());
        return s == null ? OptionalDouble.empty() : OptionalDouble.of(s.lastMillis() - moveMillis + rttB);
    }

    public synchronized boolean bound() {
        return onA != null;
    }

    /** The agent's binding followed the mobile node to link B. */
    public synchronized boolean followed() {
        return onB != null;
    }

    public synchronized boolean tcpIntact() {
        return tcp != null && tcp.ok() && tcp.verified() && tcp.peerVerified();
    }

    /** The binding followed to B and the TCP stream arrived complete and intact both ways. */
    public synchronized boolean passed() {
        return followed() && tcpIntact();
    }

    /** What went wrong, or "" when it passed. */
    public synchronized String missing() {
        List<String> m = new ArrayList<>();
        if (onA == null) {
            m.add("no binding at the agent" + (heldDown != null ? " (the MN held " + correspondent + " down: " + heldDown + ")"
                    : bindingProblem != null ? ": " + bindingProblem : ""));
        } else if (onB == null) {
            m.add("the binding did not follow to B" + (bindingProblem != null ? ": " + bindingProblem : ""));
        }
        if (tcp == null) {
            m.add("no TCP result");
        } else if (!tcpIntact()) {
            m.add("TCP not intact" + (tcp.error() != null ? " (" + tcp.error() + ")" : ""));
        }
        return String.join("; ", m);
    }

    /** The summary's rows for the phase. */
    public synchronized List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        OptionalDouble rr = returnRoutabilityToAckMs();
        OptionalLong agent = returnRoutabilityToAgentMs();
        out.add(String.format(Locale.ROOT, "  mobility agent roam6-mad on br for cn %s: %s -> BA %s"
                        + " (in mad's show bindings by +%s, polled)",
                correspondent, preSharedKey ? "pre-shared-key BU" : "return routability + BU",
                rr.isPresent() ? String.format(Locale.ROOT, "%.1f ms", rr.getAsDouble()) : "-",
                agent.isPresent() ? agent.getAsLong() + " ms" : "-"));
        out.add("                 binding on A: " + (onA == null ? "none" : "care-of " + onA.coa() + " (seq " + onA.seq() + ")")
                + "; on B: " + (onB == null ? "none" + (careOfB != null ? " for " + careOfB : "")
                : "care-of " + onB.coa() + " (seq " + onB.seq() + ")"));
        OptionalDouble b = moveToAckMs();
        StringBuilder move = new StringBuilder("                 move A -> B: ");
        OptionalLong gap = handover == null ? OptionalLong.empty() : handover.gapMillis();
        move.append(gap.isPresent() ? "gap " + gap.getAsLong() + " ms" : "no Echo Reply after the move");
        ProbeLog.PhaseStats p = handover == null ? null : handover.probes();
        if (p != null) {
            move.append(", ").append(p.lost()).append(" of ").append(p.sent()).append(" probes lost");
        }
        if (b.isPresent()) {
            move.append(String.format(Locale.ROOT, ", BA from B %.0f ms after the move start", b.getAsDouble()));
        }
        out.add(move.toString());
        if (counters != null) {
            out.add("                 mad: " + AgentCounters.packets(counters.translatedToCorrespondent(), counters.translatedBytes())
                    + " translated to cn, " + AgentCounters.packets(counters.routedToCareOf(), counters.routedBytes())
                    + " routed to the care-of address, " + counters.parameterProblemSent() + " Parameter Problems");
        } else {
            out.add("                 mad: no counters" + (countersProblem == null ? "" : " (" + countersProblem + ")"));
        }
        if (homeLinkOptimised >= 0) {
            out.add("                 home link (the home agents' ports): " + homeLinkOptimised
                    + " frames of the connection while route-optimised (" + homeLinkBefore + " before)");
        }
        if (tcp != null) {
            out.add(String.format(Locale.ROOT, "                 TCP cn -> MN %d bytes %s, MN -> cn %d bytes %s, longest stall %.0f ms",
                    tcp.bytesSent(), tcp.peerVerified() ? "intact" : "NOT intact", tcp.bytesReceived(),
                    tcp.verified() ? "intact" : "NOT intact", tcp.longestStallMs()));
        }
        out.add("                 " + (passed() ? "PASS: the binding followed to B, TCP intact" : "FAIL: " + missing()));
        return out;
    }

    /**
     * Frames of a capture (their epoch seconds, as {@code tshark -T fields -e frame.time_epoch}
     * prints them, one a line) counted in {@code [from, to)}; lines that are not numbers are skipped.
     */
    static long countBetween(String epochSeconds, double from, double to) {
        long n = 0;
        for (String line : epochSeconds.split("\n")) {
            try {
                double t = Double.parseDouble(line.strip());
                if (t >= from && t < to) {
                    n++;
                }
            } catch (NumberFormatException e) {
                // not a frame's time
            }
        }
        return n;
    }

    /** Frames in any of the windows {@code [w0, w1), [w2, w3), ...}. */
    static long countInWindows(String epochSeconds, double[] windows) {
        long n = 0;
        for (int i = 0; i + 1 < windows.length; i += 2) {
            n += countBetween(epochSeconds, windows[i], windows[i + 1]);
        }
        return n;
    }
}
