package org.roam6.had;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.runtime.metrics.Counter;
import org.roam6.runtime.metrics.LabelledCounter;
import org.roam6.runtime.metrics.Metrics;

/**
 * What the home agent's signalling has done, counted for {@code show stats} and, when given
 * {@link Metrics}, exported as {@code roam6_had_binding_updates_total{status}},
 * {@code roam6_had_binding_acks_total{status}}, {@code roam6_had_binding_errors_total{status}},
 * {@code roam6_had_parameter_problems_total}, {@code roam6_had_binding_refresh_requests_total},
 * {@code roam6_had_takeovers_total}, {@code roam6_had_home_agent_unreachable_sent_total} (multi-HA,
 * had/docs/multiha.md) and {@code roam6_had_drops_total{reason}}.
 * Status labels are the BA / BE status numbers.
 */
public final class HomeAgentStats {

    /** Why a packet was dropped without an answer (or its answer was not sent). */
    public enum Drop {
        /** Shorter than its headers say, or options out of order (RFC 6275 9.2: discard). */
        MALFORMED("malformed"),
        /** The Mobility Header checksum did not verify (RFC 6275 9.2: discard). */
        BAD_CHECKSUM("bad_checksum"),
        /** A Binding Update RFC 6275 says to discard silently (9.5.1). */
        DISCARDED("discarded"),
        /** A Mobility Header message a home agent does not take (BA, BE, HoT ...). */
        UNEXPECTED_MESSAGE("unexpected_message"),
        /** A non-BU packet with a Home Address option from a registered mobile node: not forwarded. */
        HOME_ADDRESS_OPTION_DATA("home_address_option_data"),
        /** An answer to untrusted input held back by the rate limiter. */
        RATE_LIMITED("rate_limited"),
        /** The kernel refused to send an answer. */
        SEND_FAILED("send_failed"),
        /** A packet the kernel reported without a destination or truncated. */
        INCOMPLETE("incomplete"),
        /** A bug: an exception while handling a packet (logged). */
        INTERNAL_ERROR("internal_error");

        private final String label;

        Drop(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AtomicLongArray bindingUpdates = new AtomicLongArray(256);
    private final AtomicLongArray bindingAcks = new AtomicLongArray(256);
    private final AtomicLongArray bindingErrors = new AtomicLongArray(256);
    private final LongAdder parameterProblems = new LongAdder();
    private final LongAdder refreshRequests = new LongAdder();
    private final LongAdder takeovers = new LongAdder();
    private final LongAdder unreachableSent = new LongAdder();
    private final LongAdder[] drops = new LongAdder[Drop.values().length];
    private final Counter[] buCounters = new Counter[256];
    private final Counter[] baCounters = new Counter[256];
    private final Counter[] beCounters = new Counter[256];
    private final Counter[] dropCounters = new Counter[Drop.values().length];
    private final Counter ppCounter;
    private final Counter brrCounter;
    private final Counter takeoverCounter;
    private final Counter unreachableCounter;
    private final LabelledCounter bu;
    private final LabelledCounter ba;
    private final LabelledCounter be;

    /** Counts only in memory (tests). */
    public HomeAgentStats() {
        this(null);
    }

    /** Also exports to {@code metrics} when it is not null. */
    public HomeAgentStats(Metrics metrics) {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        if (metrics != null) {
            bu = metrics.counter("binding_updates", "Binding Updates received, by the BA status they got", "status");
            ba = metrics.counter("binding_acks", "Binding Acknowledgements sent, by status", "status");
            be = metrics.counter("binding_errors", "Binding Errors sent, by status", "status");
            ppCounter = metrics.counter("parameter_problems", "ICMPv6 Parameter Problems sent for Mobility Headers");
            brrCounter = metrics.counter("binding_refresh_requests",
                    "Binding Refresh Requests sent to mobile nodes before their bindings expire (RFC 6275 9.5.5)");
            takeoverCounter = metrics.counter("takeovers",
                    "Bindings whose interception this home agent took over from a dead peer home agent");
            unreachableCounter = metrics.counter("home_agent_unreachable_sent",
                    "ICMPv6 Home Agent Unreachable messages sent to mobile nodes");
            LabelledCounter d = metrics.counter("drops", "Signalling packets dropped, by reason", "reason");
            for (Drop r : Drop.values()) {
                dropCounters[r.ordinal()] = d.labels(r.label());
            }
        } else {
            bu = ba = be = null;
            ppCounter = null;
            brrCounter = null;
            takeoverCounter = null;
            unreachableCounter = null;
        }
    }

    /** A Binding Update got {@code status} (decided, whether or not a BA went out). */
    public void bindingUpdate(int status) {
        bindingUpdates.incrementAndGet(status & 0xff);
        inc(buCounters, bu, status);
    }

    public void bindingAckSent(int status) {
        bindingAcks.incrementAndGet(status & 0xff);
        inc(baCounters, ba, status);
    }

    public void bindingErrorSent(int status) {
        bindingErrors.incrementAndGet(status & 0xff);
        inc(beCounters, be, status);
    }

    public void parameterProblemSent() {
        parameterProblems.increment();
        if (ppCounter != null) {
            ppCounter.inc();
        }
    }

    /** A Binding Refresh Request went out (RFC 6275 9.5.5). */
    public void bindingRefreshRequestSent() {
        refreshRequests.increment();
        if (brrCounter != null) {
            brrCounter.inc();
        }
    }

    /** This home agent took over interception for a binding whose owner died (had/docs/multiha.md). */
    public void takeover() {
        takeovers.increment();
        if (takeoverCounter != null) {
            takeoverCounter.inc();
        }
    }

    /** A Home Agent Unreachable went out to a mobile node. */
    public void homeAgentUnreachableSent() {
        unreachableSent.increment();
        if (unreachableCounter != null) {
            unreachableCounter.inc();
        }
    }

    public void drop(Drop reason) {
        drops[reason.ordinal()].increment();
        Counter c = dropCounters[reason.ordinal()];
        if (c != null) {
            c.inc();
        }
    }

    private static void inc(Counter[] cache, LabelledCounter family, int status) {
        if (family == null) {
            return;
        }
        int i = status & 0xff;
        Counter c = cache[i];
        if (c == null) {
            c = family.labels(Integer.toString(i));
            cache[i] = c;
        }
        c.inc();
    }

    public long bindingUpdates(int status) {
        return bindingUpdates.get(status & 0xff);
    }

    public long bindingAcksSent(int status) {
        return bindingAcks.get(status & 0xff);
    }

    public long bindingErrorsSent(int status) {
        return bindingErrors.get(status & 0xff);
    }

    public long parameterProblemsSent() {
        return parameterProblems.sum();
    }

    public long bindingRefreshRequestsSent() {
        return refreshRequests.sum();
    }

    public long takeovers() {
        return takeovers.sum();
    }

    public long homeAgentUnreachableMessagesSent() {
        return unreachableSent.sum();
    }

    public long drops(Drop reason) {
        return drops[reason.ordinal()].sum();
    }

    /** For {@code show stats}: non-zero counts by status and reason. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("binding_updates", byStatus(bindingUpdates));
        m.put("binding_acks_sent", byStatus(bindingAcks));
        m.put("binding_errors_sent", byStatus(bindingErrors));
        m.put("parameter_problems_sent", parameterProblems.sum());
        m.put("binding_refresh_requests_sent", refreshRequests.sum());
        m.put("takeovers", takeovers.sum());
        m.put("home_agent_unreachable_sent", unreachableSent.sum());
        Map<String, Long> d = new LinkedHashMap<>();
        for (Drop r : Drop.values()) {
            d.put(r.label(), drops[r.ordinal()].sum());
        }
        m.put("drops", d);
        return m;
    }

    private static Map<String, Long> byStatus(AtomicLongArray a) {
        Map<String, Long> m = new TreeMap<>((x, y) -> Integer.compare(Integer.parseInt(x), Integer.parseInt(y)));
        for (int i = 0; i < a.length(); i++) {
            long v = a.get(i);
            if (v != 0) {
                m.put(Integer.toString(i), v);
            }
        }
        return m;
    }
}
