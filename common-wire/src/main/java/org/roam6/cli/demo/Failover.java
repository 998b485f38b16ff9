package org.roam6.cli.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's home agent failover (roam6's several home agents, had/docs/multiha.md): the mobile
 * node away and registered with two home agents, the first of which intercepts; a correspondent
 * streams UDP to the home address; the first home agent's daemon is killed with SIGKILL. What
 * followed: the survivor finding its peer silent and taking over interception (then sending the
 * Home Agent Unreachable), the mobile node taking that message and moving its tunnel to the
 * survivor, the stream's outage and loss, and whether the survivor still holds the binding.
 * Filled in by the demo's readers as events arrive; thread-safe.
 */
public final class Failover {

    /** An outage this long before the kill still counts (the last arrival before it is just before the kill). */
    static final long OUTAGE_BEFORE_MS = 200;
    /** An outage that begins up to this long after the kill counts. */
    static final long OUTAGE_AFTER_MS = 2000;

    private final String deadName;
    private final String deadAddress;
    private final String survivorName;
    private final String survivorAddress;
    private final int rate;
    private final long expected;
    private long killMillis = -1;
    private long silenceMillis = -1;
    private long takeoverMillis = -1;
    private long unreachableMillis = -1;
    private long primaryMillis = -1;
    private UdpStream.Received stream;
    private long sent = -1;
    private String streamProblem;
    private String survivorCareOf;
    private String bindingProblem;

    /**
     * @param rate     datagrams per second of the stream
     * @param expected datagrams the sender sends (sequence numbers 0 to {@code expected - 1})
     */
    public Failover(String deadName, String deadAddress, String survivorName, String survivorAddress, int rate,
                    long expected) {
        this.deadName = deadName;
        this.deadAddress = deadAddress;
        this.survivorName = survivorName;
        this.survivorAddress = survivorAddress;
        this.rate = rate;
        this.expected = expected;
    }

    public String deadName() {
        return deadName;
    }

    public String survivorName() {
        return survivorName;
    }

    /** The first home agent's daemon got its SIGKILL. */
    public synchronized void killed(long epochMillis) {
        killMillis = epochMillis;
    }

    public synchronized long killMillis() {
        return killMillis;
    }

    /** The survivor found peers silent; counted (true) when they include the dead one and it is the first time after the kill. */
    public synchronized boolean peersDead(HadEvent.PeersDead e) {
        if (killMillis < 0 || silenceMillis >= 0 || !e.peers().contains(deadAddress)) {
            return false;
        }
        silenceMillis = e.at().toEpochMilli();
        return true;
    }

    /** The survivor took over interception from the dead one; true the first time after the kill. */
    public synchronized boolean tookOver(HadEvent.TakeOver e) {
        if (killMillis < 0 || takeoverMillis >= 0 || !e.deadHomeAgent().equals(deadAddress)) {
            return false;
        }
        takeoverMillis = e.at().toEpochMilli();
        return true;
    }

    /** The mobile node took the survivor's Home Agent Unreachable naming the dead one; true the first time. */
    public synchronized boolean unreachable(MndEvent.HomeAgentUnreachable e) {
        if (killMillis < 0 || unreachableMillis >= 0 || !e.source().equals(survivorAddress)
                || !e.dead().contains(deadAddress)) {
            return false;
        }
        unreachableMillis = e.at().toEpochMilli();
        return true;
    }

    /** The mobile node's primary home agent became the survivor; true the first time after the kill. */
    public synchronized boolean primary(MndEvent.PrimaryHomeAgent e) {
        if (killMillis < 0 || primaryMillis >= 0 || !e.homeAgent().equals(survivorAddress)) {
            return false;
        }
        primaryMillis = e.at().toEpochMilli();
        return true;
    }

    /** The stream's results: what the receiver saw and how many the sender sent. */
    public synchronized void stream(UdpStream.Received received, long sentCount) {
        stream = received;
        sent = sentCount;
    }

    /** The stream gave no result. */
    public synchronized void streamFailed(String why) {
        streamProblem = why;
    }

    /** The survivor's Binding Cache holds the home address, bound to {@code careOf}. */
    public synchronized void survivorBinding(String careOf) {
        survivorCareOf = careOf;
    }

    /** The survivor's Binding Cache does not hold it, or could not be read. */
    public synchronized void noSurvivorBinding(String why) {
        bindingProblem = why;
    }

    /** The stream's outage around the kill (the longest that began near it). */
    public synchronized Optional<UdpStream.Outage> outage() {
        if (stream == null || killMillis < 0) {
            return Optional.empty();
        }
        return stream.longestAround(Instant.ofEpochMilli(killMillis), OUTAGE_BEFORE_MS, OUTAGE_AFTER_MS);
    }

    /**
     * Delivery resumed after the kill: the receiver got packets from the stream's last half
     * second (so the stream flowed again and kept flowing to its end).
     */
    public synchronized boolean deliveryResumed() {
        return killMillis >= 0 && stream != null && stream.received() > 0
                && stream.highestSeq() >= expected - Math.max(1, rate / 2);
    }

    public synchronized boolean survivorHoldsBinding() {
        return survivorCareOf != null;
    }

    /** Delivery resumed and the survivor holds the binding. */
    public synchronized boolean passed() {
        return deliveryResumed() && survivorHoldsBinding();
    }

    /** What went wrong, or "" when it passed. */
    public synchronized String missing() {
        List<String> m = new ArrayList<>();
        if (killMillis < 0) {
            m.add(deadName + "'s home agent was not killed");
        } else if (stream == null) {
            m.add("no stream result" + (streamProblem == null ? "" : ": " + streamProblem));
        } else if (!deliveryResumed()) {
            m.add(String.format(Locale.ROOT, "delivery did not resume (last sequence number received %d of %d)",
                    stream.highestSeq(), expected - 1));
        }
        if (killMillis >= 0 && survivorCareOf == null) {
            m.add(survivorName + " holds no binding" + (bindingProblem == null ? "" : ": " + bindingProblem));
        }
        return String.join("; ", m);
    }

    /** The timeline's line when the stream's result is in: {@code delivery resumed: outage N ms, M packets lost}. */
    public synchronized String deliveryText() {
        if (stream == null) {
            return "no result from the UDP stream" + (streamProblem == null ? "" : ": " + streamProblem);
        }
        Optional<UdpStream.Outage> o = outage();
        String outage = o.map(x -> String.format(Locale.ROOT, "outage %.0f ms", x.ms()))
                .orElse(String.format(Locale.ROOT, "no outage over %.0f ms", stream.thresholdMs()));
        return (deliveryResumed() ? "delivery resumed: " : "delivery did NOT resume: ") + outage + ", "
                + stream.lost() + " packets lost";
    }

    /** {@code +N ms}: milliseconds from the kill to {@code epochMillis}; "-" when it did not happen. */
    private String afterKill(long epochMillis) {
        return epochMillis < 0 || killMillis < 0 ? "-" : "+" + (epochMillis - killMillis) + " ms";
    }

    /** The summary's rows for the failover. */
    public synchronized List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "  failover       SIGKILL of %s's home agent %s: %s takes over %s,"
                        + " MN told %s, tunnel to %s %s",
                deadName, deadAddress, survivorName, afterKill(takeoverMillis), afterKill(unreachableMillis),
                survivorName, afterKill(primaryMillis)));
        if (stream != null) {
            Optional<UdpStream.Outage> o = outage();
            out.add(String.format(Locale.ROOT, "                 UDP %d packets/s: outage %s, %d of %d packets lost%s",
                    rate, o.map(x -> String.format(Locale.ROOT, "%.0f ms", x.ms())).orElse("none over "
                            + String.format(Locale.ROOT, "%.0f ms", stream.thresholdMs())),
                    stream.lost(), sent >= 0 ? sent : expected,
                    deliveryResumed() ? ", delivery resumed" : ", delivery did NOT resume"));
        } else {
            out.add("                 UDP stream: no result" + (streamProblem == null ? "" : " (" + streamProblem + ")"));
        }
        out.add("                 " + (survivorCareOf != null
                ? survivorName + " holds the binding (care-of " + survivorCareOf + ")"
                : survivorName + " holds no binding" + (bindingProblem == null ? "" : " (" + bindingProblem + ")"))
                + ": " + (passed() ? "PASS" : "FAIL: " + missing()));
        return out;
    }
}
