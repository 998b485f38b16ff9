package org.roam6.cli.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The demo's closing summary: a table of the handovers (BU to BA round trip with the first home
 * agent, how many home agents accepted, handover gap, probes lost), minimum, median and maximum
 * of gap and round trip, the TCP check's verdict, the home agent failover and the route
 * optimisation through the Mobility Agent when there were, and where the captures are; and
 * whether the demo passed: TCP intact, every handover complete, the failover and the route
 * optimisation passed.
 */
public final class DemoReport {

    private final List<Handover> handovers;
    private final TcpVerdict tcp;
    private final Failover failover;
    private final RouteOptimisation routeOptimisation;
    private final String captures;

    /** Without a failover phase. */
    public DemoReport(List<Handover> handovers, TcpVerdict tcp, String captures) {
        this(handovers, tcp, null, captures);
    }

    /** {@code failover} null: the demo ran without its failover phase. */
    public DemoReport(List<Handover> handovers, TcpVerdict tcp, Failover failover, String captures) {
        this(handovers, tcp, failover, null, captures);
    }

    /** {@code failover}, {@code routeOptimisation} null: the demo ran without that phase. */
    public DemoReport(List<Handover> handovers, TcpVerdict tcp, Failover failover, RouteOptimisation routeOptimisation,
                      String captures) {
        this.handovers = List.copyOf(handovers);
        this.tcp = tcp;
        this.failover = failover;
        this.routeOptimisation = routeOptimisation;
        this.captures = captures;
    }

    /**
     * TCP arrived complete and intact both ways, every handover completed, the failover (if any)
     * passed and so did the route optimisation through the Mobility Agent (if any).
     */
    public boolean passed() {
        return tcpIntact() && !handovers.isEmpty() && handovers.stream().allMatch(Handover::complete)
                && (failover == null || failover.passed())
                && (routeOptimisation == null || routeOptimisation.passed());
    }

    public boolean tcpIntact() {
        return tcp.ok() && tcp.verified() && tcp.peerVerified();
    }

    /** The summary as lines of text. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("summary");
        out.add(String.format(Locale.ROOT, "  %2s  %-13s %7s %10s %5s %9s %14s  %s",
                "#", "move", "BU seq", "BU->BA ms", "BAs", "gap ms", "probes lost", "result"));
        List<Double> gaps = new ArrayList<>();
        List<Double> rtts = new ArrayList<>();
        for (Handover h : handovers) {
            OptionalDouble rtt = h.roundTripMs();
            OptionalLong gap = h.gapMillis();
            rtt.ifPresent(rtts::add);
            gap.ifPresent(g -> gaps.add((double) g));
            ProbeLog.PhaseStats p = h.probes();
            out.add(String.format(Locale.ROOT, "  %2d  %-13s %7s %10s %5s %9s %14s  %s",
                    h.number(), h.from() + " -> " + h.to(),
                    h.buSeq() < 0 ? "-" : Integer.toString(h.buSeq()),
                    rtt.isPresent() ? String.format(Locale.ROOT, "%.1f", rtt.getAsDouble()) : "-",
                    h.homeAgents() == 0 ? "-" : h.accepted() + "/" + h.homeAgents(),
                    gap.isPresent() ? Long.toString(gap.getAsLong()) : "-",
                    p == null ? "-" : p.lost() + " of " + p.sent(),
                    h.complete() ? "ok" : "INCOMPLETE: " + h.missing()));
        }
        out.add("  handover gap   " + spread(gaps, "%.0f ms") + "   (move start to the first Echo Reply after the outage)");
        out.add("  BU -> BA       " + spread(rtts, "%.1f ms") + "   (with the first home agent of each move)");
        out.add(String.format(Locale.ROOT, "  TCP            correspondent -> MN %d bytes %s, MN -> correspondent %d bytes %s",
                tcp.bytesSent(), tcp.peerVerified() ? "intact" : "NOT intact",
                tcp.bytesReceived(), tcp.verified() ? "intact" : "NOT intact"));
        out.add(String.format(Locale.ROOT, "                 longest stall %.0f ms%s, %d stalls over 100 ms%s",
                tcp.longestStallMs(), tcp.longestStallStart() == null ? "" : " (from " + tcp.longestStallStart() + ")",
                tcp.stallsOver100ms(),
                tcp.firstMismatch() == null ? "" : ", first wrong byte at offset " + tcp.firstMismatch()));
        if (tcp.error() != null) {
            out.add("                 error: " + tcp.error());
        }
        if (failover != null) {
            out.addAll(failover.summaryLines());
        }
        if (routeOptimisation != null) {
            out.addAll(routeOptimisation.summaryLines());
        }
        out.add("  captures       " + captures);
        long done = handovers.stream().filter(Handover::complete).count();
        out.add(String.format(Locale.ROOT, "  result         %s: %d of %d handovers complete, TCP %s%s%s",
                passed() ? "PASS" : "FAIL", done, handovers.size(), tcpIntact() ? "intact" : "NOT intact",
                failover == null ? "" : ", failover " + (failover.passed() ? "passed" : "FAILED"),
                routeOptimisation == null ? "" : ", route optimisation via mad "
                        + (routeOptimisation.passed() ? "passed" : "FAILED")));
        return out;
    }

    /** {@code min X  median Y  max Z} of the values, or "no values". */
    static String spread(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "no values";
        }
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return "min " + String.format(Locale.ROOT, format, v.get(0))
                + "  median " + String.format(Locale.ROOT, format, median(v))
                + "  max " + String.format(Locale.ROOT, format, v.get(v.size() - 1));
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones. */
    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
