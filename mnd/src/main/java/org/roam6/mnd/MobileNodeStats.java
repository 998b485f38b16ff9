package org.roam6.mnd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.runtime.metrics.Counter;
import org.roam6.runtime.metrics.LabelledCounter;
import org.roam6.runtime.metrics.Metrics;

/**
 * What the mobile node's signalling has done, counted for {@code show stats} and, when given
 * {@link Metrics}, exported as {@code roam6_mnd_binding_updates_total{kind}},
 * {@code roam6_mnd_binding_acks_total{status}}, {@code roam6_mnd_binding_errors_total{status}},
 * {@code roam6_mnd_binding_refresh_requests_total}, {@code roam6_mnd_home_agent_silent_total},
 * {@code roam6_mnd_registration_failures_total}, {@code roam6_mnd_drops_total{reason}} and
 * {@code roam6_mnd_ha_unreachable_total{verdict}} (Home Agent Unreachable messages, taken or ignored and why).
 * Status labels are the BA / BE status numbers.
 */
public final class MobileNodeStats {

    /** Which Binding Update went out to the home agent. */
    public enum UpdateKind {
        /** The first transmission of a registration (a new care-of address, or a refresh). */
        REGISTRATION("registration"),
        /** A retransmission after the BA did not come in time (RFC 6275 11.8). */
        RETRANSMISSION("retransmission"),
        /** A de-registration from the home link (RFC 6275 11.5.5), first transmission. */
        DEREGISTRATION("deregistration");

        private final String label;

        UpdateKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Why a received message was dropped, or a message was not sent. */
    public enum Drop {
        /** A Mobility Header the codec refused (RFC 6275 9.2: discard). */
        MALFORMED("malformed"),
        /** Truncated, or received without its destination address. */
        INCOMPLETE("incomplete"),
        /** A BA whose RFC 4285 authenticator did not verify (RFC 4285 5). */
        BAD_AUTHENTICATOR("bad_authenticator"),
        /** A BA without the RFC 4285 options although a key is configured. */
        UNAUTHENTICATED("unauthenticated"),
        /** A BA whose sequence number matches no outstanding Binding Update (RFC 6275 11.7.3). */
        UNEXPECTED_SEQUENCE("unexpected_sequence"),
        /** A BA, BRR or BE while nothing was outstanding or from an address that is not the home agent. */
        UNEXPECTED_MESSAGE("unexpected_message"),
        /** The kernel refused to send a message. */
        SEND_FAILED("send_failed"),
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

    private final LongAdder[] updates = adders(UpdateKind.values().length);
    private final AtomicLongArray bindingAcks = new AtomicLongArray(256);
    private final AtomicLongArray bindingErrors = new AtomicLongArray(256);
    private final LongAdder refreshRequests = new LongAdder();
    private final LongAdder silent = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder[] drops = adders(Drop.values().length);
    private final LongAdder[] unreachable = adders(BindingUpdateList.UnreachableVerdict.values().length);
    private final Counter[] unreachableCounters = new Counter[BindingUpdateList.UnreachableVerdict.values().length];
    private final Counter[] updateCounters = new Counter[UpdateKind.values().length];
    private final Counter[] dropCounters = new Counter[Drop.values().length];
    private final Counter[] baCounters = new Counter[256];
    private final Counter[] beCounters = new Counter[256];
    private final LabelledCounter ba;
    private final LabelledCounter be;
    private final Counter brrCounter;
    private final Counter silentCounter;
    private final Counter failureCounter;

    /** Counts only in memory (tests). */
    public MobileNodeStats() {
        this(null);
    }

    /** Also exports to {@code metrics} when it is not null. */
    public MobileNodeStats(Metrics metrics) {
        if (metrics != null) {
            LabelledCounter u = metrics.counter("binding_updates", "Binding Updates sent to the home agent, by kind", "kind");
            for (UpdateKind k : UpdateKind.values()) {
                updateCounters[k.ordinal()] = u.labels(k.label());
            }
            ba = metrics.counter("binding_acks", "Binding Acknowledgements accepted from the home agent, by status",
                    "status");
            be = metrics.counter("binding_errors", "Binding Errors received from the home agent, by status", "status");
            brrCounter = metrics.counter("binding_refresh_requests",
                    "Binding Refresh Requests received from the home agent (RFC 6275 11.7.4)");
            silentCounter = metrics.counter("home_agent_silent",
                    "Times the home agent left a Binding Update unanswered for MAX_BINDACK_TIMEOUT (RFC 6275 11.8)");
            failureCounter = metrics.counter("registration_failures",
                    "Home registrations the home agent refused (BA status 128 or more)");
            LabelledCounter d = metrics.counter("drops", "Signalling packets dropped, by reason", "reason");
            for (Drop r : Drop.values()) {
                dropCounters[r.ordinal()] = d.labels(r.label());
            }
            LabelledCounter h = metrics.counter("ha_unreachable",
                    "Home Agent Unreachable messages received, by verdict (accepted, or why ignored)", "verdict");
            for (BindingUpdateList.UnreachableVerdict v : BindingUpdateList.UnreachableVerdict.values()) {
                unreachableCounters[v.ordinal()] = h.labels(v.label());
            }
        } else {
            ba = be = null;
            brrCounter = silentCounter = failureCounter = null;
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    public void bindingUpdateSent(UpdateKind kind) {
        updates[kind.ordinal()].increment();
        inc(updateCounters[kind.ordinal()]);
    }

    /** A BA from the home agent was taken (authentic, matching). */
    public void bindingAck(int status) {
        bindingAcks.incrementAndGet(status & 0xff);
        inc(baCounters, ba, status);
    }

    public void bindingError(int status) {
        bindingErrors.incrementAndGet(status & 0xff);
        inc(beCounters, be, status);
    }

    public void bindingRefreshRequest() {
        refreshRequests.increment();
        inc(brrCounter);
    }

    public void homeAgentSilent() {
        silent.increment();
        inc(silentCounter);
    }

    public void registrationFailed() {
        failures.increment();
        inc(failureCounter);
    }

    public void drop(Drop reason) {
        drops[reason.ordinal()].increment();
        inc(dropCounters[reason.ordinal()]);
    }

    /** A Home Agent Unreachable message, taken or ignored ({@link BindingUpdateList#onHomeAgentUnreachable}). */
    public void homeAgentUnreachable(BindingUpdateList.UnreachableVerdict verdict) {
        unreachable[verdict.ordinal()].increment();
        inc(unreachableCounters[verdict.ordinal()]);
    }

    private static void inc(Counter c) {
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

    public long bindingUpdatesSent(UpdateKind kind) {
        return updates[kind.ordinal()].sum();
    }

    public long bindingAcks(int status) {
        return bindingAcks.get(status & 0xff);
    }

    public long bindingErrors(int status) {
        return bindingErrors.get(status & 0xff);
    }

    public long bindingRefreshRequests() {
        return refreshRequests.sum();
    }

    public long homeAgentSilentCount() {
        return silent.sum();
    }

    public long registrationFailures() {
        return failures.sum();
    }

    public long drops(Drop reason) {
        return drops[reason.ordinal()].sum();
    }

    public long homeAgentUnreachableCount(BindingUpdateList.UnreachableVerdict verdict) {
        return unreachable[verdict.ordinal()].sum();
    }

    /** For {@code show stats}: the counts, BA and BE by status (non-zero only), drops by reason. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Long> u = new LinkedHashMap<>();
        for (UpdateKind k : UpdateKind.values()) {
            u.put(k.label(), updates[k.ordinal()].sum());
        }
        m.put("binding_updates_sent", u);
        m.put("binding_acks", byStatus(bindingAcks));
        m.put("binding_errors", byStatus(bindingErrors));
        m.put("binding_refresh_requests", refreshRequests.sum());
        m.put("home_agent_silent", silent.sum());
        m.put("registration_failures", failures.sum());
        Map<String, Long> d = new LinkedHashMap<>();
        for (Drop r : Drop.values()) {
            d.put(r.label(), drops[r.ordinal()].sum());
        }
        m.put("drops", d);
        Map<String, Long> h = new LinkedHashMap<>();
        for (BindingUpdateList.UnreachableVerdict v : BindingUpdateList.UnreachableVerdict.values()) {
            h.put(v.label(), unreachable[v.ordinal()].sum());
        }
        m.put("ha_unreachable", h);
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
