package org.roam6.bench.had;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.SendOptions;
import org.roam6.runtime.admin.AdminClient;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.RoutingHeaderType2;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityHeader;

/**
 * Load generator of {@code integration-tests/bench/had/bu-load.sh}: plays {@code --nodes} mobile
 * nodes ({@link MobileNodes}) at one care-of address and sends their authenticated home Binding
 * Updates (Home Address option, RFC 4285 MN-HA authenticator and a fresh replay protection
 * timestamp each, A flag) round-robin at a fixed offered rate for a bounded time, whole packets
 * on a header-included raw socket; counts the Binding Acknowledgements that come back by status.
 *
 * <p>BAs carry a Type 2 routing header (RFC 6275 6.4), which a kernel without Mobile IPv6 drops;
 * a raw socket of protocol 43 gets a copy of each from its routing header on before that (as the
 * home agent's protocol-60 socket does for BUs), so that is where they are read.
 *
 * <pre>
 * BindingUpdateLoad --nodes N --rate BU_PER_S --seconds S [--drain-ms MS] [--admin-socket PATH]
 *                   [--first-sequence SEQ]
 * </pre>
 *
 * Prints one line {@code result key value ...}: BUs sent (and per second), send failures, BAs
 * received (and per second, during the send window plus the drain), BAs by status, BAs not
 * matching a sent BU's node, and with {@code --admin-socket} the home agent's own counters
 * before and after ({@code show stats}: BUs decided by status, drops), so loss can be placed
 * before or after the home agent. Each node's first BU carries Sequence # {@code --first-sequence}
 * (default 1; a later run against the same home agent must start more than the previous run's
 * BUs per node above it, RFC 6275 9.5.1), the next ones count up from there. Needs CAP_NET_RAW, in the mobile node's namespace.
 */
public final class BindingUpdateLoad {
    private static final int LIFETIME_UNITS = 420 / BindingUpdate.LIFETIME_UNIT_SECONDS;
    private static final int BA_STATUS_OFFSET = 6;

    private BindingUpdateLoad() {}

    public static void main(String[] args) throws Exception {
        int nodes = 10_000;
        int rate = 10_000;
        int seconds = 5;
        int drainMillis = 1000;
        String adminSocket = null;
        int firstSequence = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--drain-ms" -> drainMillis = Integer.parseInt(v);
                case "--admin-socket" -> adminSocket = v;
                case "--first-sequence" -> firstSequence = Integer.parseInt(v) & 0xffff;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("arguments come in pairs: --name value");
        }
        if (nodes < 1 || nodes > MobileNodes.MAX_NODES || rate < 1 || rate > 1_000_000 || seconds < 1
                || seconds > 300 || drainMillis < 0 || drainMillis > 30_000) {
            throw new IllegalArgumentException("--nodes 1..100000, --rate 1..1000000, --seconds 1..300, --drain-ms 0..30000");
        }

        MobilityExtensions ext = MobilityExtensions.DEFAULT;
        SignedBindingUpdate[] bus = new SignedBindingUpdate[nodes];
        for (int i = 0; i < nodes; i++) {
            bus[i] = SignedBindingUpdate.of(i, MobileNodes.CARE_OF_ADDRESS, MobileNodes.HOME_AGENT, ext);
        }
        int[] sequence = new int[nodes];
        java.util.Arrays.fill(sequence, (firstSequence - 1) & 0xffff);
        NtpTimestamp.Source timestamps = new NtpTimestamp.Source(Clock.systemUTC());

        JsonNode statsBefore = adminSocket == null ? null : stats(adminSocket);
        Receiver receiver;
        try (RawIpv6Socket out = RawIpv6Socket.open(PacketSocketConfig.headerIncluded());
             RawIpv6Socket in = RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.ROUTING)
                     .withReceiveBuffer(8 << 20))) {
            receiver = new Receiver(in, nodes);
            receiver.start();
            System.out.println("ready");
            System.out.flush();

            long intervalNanos = 1_000_000_000L / rate;
            long sent = 0;
            long sendFailures = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long total = (long) rate * seconds;
            while (sent < total) {
                long due = start + sent * intervalNanos;
                long now = System.nanoTime();
                if (now >= end) {
                    break; // could not keep up: the rate offered is what was sent
                }
                if (due > now) {
                    if (due - now > 100_000) {
                        LockSupport.parkNanos(due - now - 50_000);
                    }
                    continue;
                }
                int node = (int) (sent % nodes);
                SignedBindingUpdate b = bus[node];
                sequence[node] = (sequence[node] + 1) & 0xffff;
                b.sign(sequence[node], LIFETIME_UNITS, timestamps.next());
                try {
                    out.send(b.packet(), 0, b.length(), MobileNodes.HOME_AGENT, SendOptions.NONE);
                } catch (NetException e) {
                    sendFailures++;
                }
                sent++;
            }
            long sendNanos = System.nanoTime() - start;
            long receivedInWindow = receiver.received;
            Thread.sleep(drainMillis);
            receiver.stopReceiving();
            receiver.join(2000);

            JsonNode statsAfter = adminSocket == null ? null : stats(adminSocket);
            double window = sendNanos / 1e9;
            StringBuilder r = new StringBuilder("result");
            r.append(String.format(Locale.ROOT, " nodes %d rate %d seconds %.3f sent %d sent_per_s %.0f send_failures %d"
                            + " received %d received_in_window %d received_per_s %.0f loss_pct %.2f first_sequence %d",
                    nodes, rate, window, sent, sent / window, sendFailures, receiver.received, receivedInWindow,
                    receiver.received / (window + drainMillis / 1000.0),
                    sent == 0 ? 0 : 100.0 * (sent - receiver.received) / sent, firstSequence));
            r.append(" statuses ").append(statusMix(receiver.byStatus).replace(' ', '_'));
            r.append(" foreign ").append(receiver.foreign);
            if (statsBefore != null && statsAfter != null) {
                r.append(" ha_delta ").append(delta(statsBefore, statsAfter).replace(' ', '_'));
            }
            System.out.println(r);
        }
    }

    private static JsonNode stats(String socket) {
        try {
            return AdminClient.call(Path.of(socket), "show", "what", "stats");
        } catch (Exception e) {
            System.err.println("show stats failed: " + e);
            return null;
        }
    }

    /** Numeric fields of {@code show stats} that changed, after minus before (nested objects flattened). */
    private static String delta(JsonNode before, JsonNode after) {
        TreeMap<String, Long> d = new TreeMap<>();
        flatten("", before, after, d);
        return d.toString();
    }

    private static void flatten(String prefix, JsonNode before, JsonNode after, TreeMap<String, Long> out) {
        after.fieldNames().forEachRemaining(name -> {
            JsonNode a = after.get(name);
            JsonNode b = before == null ? null : before.get(name);
            if (a.isObject()) {
                flatten(prefix + name + ".", b, a, out);
            } else if (a.isNumber()) {
                long diff = a.asLong() - (b != null && b.isNumber() ? b.asLong() : 0);
                if (diff != 0) {
                    out.put(prefix + name, diff);
                }
            }
        });
    }

    private static String statusMix(long[] byStatus) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        for (int s = 0; s < byStatus.length; s++) {
            if (byStatus[s] != 0) {
                m.put(s, byStatus[s]);
            }
        }
        StringBuilder b = new StringBuilder("{");
        m.forEach((s, n) -> b.append(b.length() > 1 ? "," : "").append(s).append('(')
                .append(BindingAckStatus.name(s)).append(")=").append(n));
        return b.append('}').toString();
    }

    /** Reads BAs from the protocol-43 socket: Type 2 routing header, then the Mobility Header. */
    private static final class Receiver extends Thread {
        private final PacketSocket socket;
        private final int nodes;
        private volatile boolean running = true;
        volatile long received;
        volatile long foreign;
        final long[] byStatus = new long[256];

        Receiver(PacketSocket socket, int nodes) {
            super("ba-receiver");
            this.socket = socket;
            this.nodes = nodes;
            setDaemon(true);
        }

        void stopReceiving() {
            running = false;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            PacketInfo info = new PacketInfo();
            Ipv6Address first = MobileNodes.homeAddress(0);
            while (running) {
                int n;
                try {
                    n = socket.receive(buf, 0, buf.length, info, 100);
                } catch (NetException e) {
                    System.err.println("receive failed: " + e.getMessage());
                    return;
                }
                if (n == PacketSocket.CLOSED) {
                    return;
                }
                if (n < RoutingHeaderType2.LENGTH + MobilityHeader.MIN_LENGTH
                        || buf[RoutingHeaderType2.OFF_ROUTING_TYPE] != RoutingHeaderType2.ROUTING_TYPE
                        || (buf[RoutingHeaderType2.OFF_NEXT_HEADER] & 0xff) != IpProtocol.MOBILITY
                        || (buf[RoutingHeaderType2.LENGTH + MobilityHeader.OFF_MH_TYPE] & 0xff) != MhType.BINDING_ACKNOWLEDGEMENT) {
                    continue;
                }
                Ipv6Address hoa = Ipv6Address.read(buf, RoutingHeaderType2.OFF_HOME_ADDRESS);
                long index = hoa.lo() - first.lo();
                if (hoa.hi() != first.hi() || index < 0 || index >= nodes) {
                    foreign++;
                    continue;
                }
                byStatus[buf[RoutingHeaderType2.LENGTH + BA_STATUS_OFFSET] & 0xff]++;
                received++;
            }
        }
    }
}
