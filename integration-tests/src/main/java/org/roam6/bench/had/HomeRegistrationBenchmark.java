package org.roam6.bench.had;

import java.time.Clock;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.roam6.binding.BindingCache;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.crypto.ReplayProtection;
import org.roam6.had.HomeAgentConfig;
import org.roam6.had.HomeAgentStats;
import org.roam6.had.HomeRegistration;
import org.roam6.had.MobilitySignalling;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.SendOptions;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.RoutingHeaderType2;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingUpdate;

/**
 * Home registration throughput (RFC 6275 10.3 with RFC 4285 protection): authenticated Binding
 * Updates for {@code nodes} mobile nodes ({@link MobileNodes}, one {@code MnKey} each, parsed
 * from a generated {@code had.conf}) decided one after another.
 *
 * <ul>
 *   <li>{@code handle}: {@link HomeRegistration#handle} alone, on the Mobility Header;
 *   <li>{@code signalling}: {@link MobilitySignalling#onDestinationOptions} on the copy the
 *       daemon's protocol-60 socket gets (Destination Options with the Home Address option, then
 *       the MH): MH checksum, validation, {@code handle}, the BA with Type 2 routing header,
 *       replay protection option and MN-HA authenticator built and "sent" to a socket that only
 *       counts. Everything the daemon does per BU except the two system calls.
 * </ul>
 *
 * Each invocation decides {@link #BATCH} BUs; before it (not measured) the batch is re-signed in
 * place with the next Sequence # and a fresh timestamp from the wall clock, so every BU passes
 * the replay check (7 s window, increasing per node). {@code mix}:
 * <ul>
 *   <li>{@code churn}: node {@code i} in pass {@code g} of the population sends, by
 *       {@code (g + i) mod 4}, a first registration, a refresh, a refresh, a de-registration:
 *       in steady state 25 % new bindings, 50 % refreshes, 25 % de-registrations (the Binding
 *       Cache holds 3/4 of the nodes);
 *   <li>{@code refresh}: every node registered before measuring, every BU a refresh.
 * </ul>
 * Every BU asks for a BA (A flag). The outcome of every decision is counted and printed when
 * the trial ends ({@code status mix ...}), with how long parsing the generated config took.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class HomeRegistrationBenchmark {
    /** BUs decided per invocation. */
    public static final int BATCH = 1000;
    /** 420 s, HaMaxBindingLife of the generated config. */
    private static final int LIFETIME_UNITS = 420 / BindingUpdate.LIFETIME_UNIT_SECONDS;

    @Param({"1000", "10000"})
    public int nodes;

    @Param({"churn", "refresh"})
    public String mix;

    private HomeRegistration registration;
    private MobilitySignalling signalling;
    private CountingSocket sent;
    private HomeAgentStats stats;
    private final PacketInfo info = new PacketInfo();
    private SignedBindingUpdate[] bus;
    private int[] sequence;
    private final NtpTimestamp.Source timestamps = new NtpTimestamp.Source(Clock.systemUTC());
    private long position;
    private long batchStart;
    private long parseNanos;
    /** Decisions by status + 1 (index 0: discarded). */
    private final long[] statuses = new long[257];
    private long created;
    private long refreshed;
    private long deregistered;
    private long acks;

    @Setup(Level.Trial)
    public void buildHomeAgent() throws Exception {
        String text = MobileNodes.config(nodes, "lan0", "/nonexistent/had.sock");
        long t0 = System.nanoTime();
        HomeAgentConfig config = HomeAgentConfig.parse("generated.conf", text);
        parseNanos = System.nanoTime() - t0;
        if (config.keys().keys().size() != nodes) {
            throw new IllegalStateException(config.keys().keys().size() + " keys for " + nodes + " nodes");
        }
        registration = new HomeRegistration(config, new BindingCache(config.maxBindings()), new ReplayProtection(),
                Clock.systemUTC(), MonotonicClock.SYSTEM);
        sent = new CountingSocket();
        stats = new HomeAgentStats();
        signalling = new MobilitySignalling(null, null, sent, registration, stats,
                new RateLimiter(10, 20, MonotonicClock.SYSTEM));
        info.reset();
        info.source(MobileNodes.CARE_OF_ADDRESS).destination(MobileNodes.HOME_AGENT.hi(), MobileNodes.HOME_AGENT.lo(), 2)
                .hopLimit(64);
        bus = new SignedBindingUpdate[nodes];
        sequence = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            bus[i] = SignedBindingUpdate.of(i, MobileNodes.CARE_OF_ADDRESS, MobileNodes.HOME_AGENT,
                    config.extensions());
        }
        // the bindings pass 0 expects: every node for "refresh"; those not starting with a first registration for "churn"
        for (int i = 0; i < nodes; i++) {
            if (!"churn".equals(mix) || i % 4 != 0) {
                SignedBindingUpdate b = bus[i];
                b.sign(++sequence[i], LIFETIME_UNITS, timestamps.next());
                HomeRegistration.Decision d = registration.handle(b.packet(), SignedBindingUpdate.MH_OFFSET,
                        b.mhLength(), b.careOfAddress(), MobileNodes.HOME_AGENT, b.homeAddress());
                if (d.status() != BindingAckStatus.ACCEPTED) {
                    throw new IllegalStateException("priming BU for node " + i + " refused: " + d);
                }
            }
        }
    }

    /** Re-signs the next batch (not measured). */
    @Setup(Level.Invocation)
    public void signNextBatch() {
        batchStart = position;
        for (int k = 0; k < BATCH; k++) {
            long p = position++;
            int node = (int) (p % nodes);
            int pass = (int) (p / nodes);
            boolean deregister = "churn".equals(mix) && (pass + node) % 4 == 3;
            sequence[node] = (sequence[node] + 1) & 0xffff;
            bus[node].sign(sequence[node], deregister ? 0 : LIFETIME_UNITS, timestamps.next());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void handle(Blackhole bh) {
        for (int k = 0; k < BATCH; k++) {
            SignedBindingUpdate b = bus[(int) ((batchStart + k) % nodes)];
            HomeRegistration.Decision d = registration.handle(b.packet(), SignedBindingUpdate.MH_OFFSET, b.mhLength(),
                    b.careOfAddress(), MobileNodes.HOME_AGENT, b.homeAddress());
            statuses[d.status() + 1]++;
            switch (d.change()) {
                case STORED -> {
                    if ("registered".equals(d.reason())) {
                        created++;
                    } else {
                        refreshed++;
                    }
                }
                case REMOVED -> deregistered++;
                default -> { }
            }
            if (d.ack() != null) {
                acks++;
            }
            bh.consume(d);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void signalling() {
        for (int k = 0; k < BATCH; k++) {
            SignedBindingUpdate b = bus[(int) ((batchStart + k) % nodes)];
            signalling.onDestinationOptions(b.packet(), SignedBindingUpdate.DESTINATION_OPTIONS_OFFSET,
                    b.length() - SignedBindingUpdate.DESTINATION_OPTIONS_OFFSET, info);
        }
    }

    @TearDown(Level.Trial)
    public void printStatusMix() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%nstatus mix: nodes %d, mix %s, config of %d MnKey lines parsed in %.1f ms;",
                nodes, mix, nodes, parseNanos / 1e6));
        long decided = position; // every BU signed was decided (warm-up included)
        if (sent.packets > 0) {
            s.append(" BUs ").append(decided).append(", BAs sent ").append(sent.packets).append(" by status ")
                    .append(describe(sent.byStatus, 0)).append("; counters ").append(stats.snapshot());
        } else {
            s.append(" BUs ").append(decided).append(", decisions by status ").append(describe(statuses, 1))
                    .append(String.format(Locale.ROOT, " (registered %d = %.1f %%, refreshed %d = %.1f %%,"
                                    + " de-registered %d = %.1f %%), BAs %d", created, pct(created, decided), refreshed,
                            pct(refreshed, decided), deregistered, pct(deregistered, decided), acks));
        }
        System.out.println(s);
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static String describe(long[] counts, int shift) {
        TreeMap<String, Long> m = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                int status = i - shift;
                m.put(status < 0 ? "discarded" : status + " " + BindingAckStatus.name(status), counts[i]);
            }
        }
        return m.toString();
    }

    /** A header-included socket that sends nothing: counts the BAs by status. */
    static final class CountingSocket implements PacketSocket {
        long packets;
        final long[] byStatus = new long[256];

        @Override
        public int protocol() {
            return 255;
        }

        @Override
        public void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) {
            packets++;
            int mh = off + Ipv6Header.LENGTH;
            if (buf[off + Ipv6Header.OFF_NEXT_HEADER] == IpProtocol.ROUTING) {
                mh += RoutingHeaderType2.LENGTH;
            }
            byStatus[buf[mh + 6] & 0xff]++; // BA Status (RFC 6275 6.1.8)
        }

        @Override
        public int receive(byte[] buf, int off, int len, PacketInfo info, long timeoutMillis) {
            return PacketSocket.CLOSED;
        }

        @Override
        public void close() {
        }
    }
}
