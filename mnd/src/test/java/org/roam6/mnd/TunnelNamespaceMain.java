package org.roam6.mnd;

import org.roam6.net.CommandNetworkControl;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;

/**
 * Runs a {@link MobileNodeTunnel} by hand in a network namespace, as the mobile node away from
 * home, for proving the real wiring against a home agent played by a script in a second
 * namespace (mnd/docs/tunnel.md, "By hand in namespaces"). Prints each Mobility Header message
 * the kernel delivers to a protocol-135 socket (checksum checked by the kernel) and the counters;
 * moves to {@code NEW-COA} (a handover) once {@code TRIGGER-FILE} exists.
 *
 * <pre>
 * ip netns exec NS java -cp ... org.roam6.mnd.TunnelNamespaceMain HOA HOME-PREFIX COA HA IFACE SECONDS [RO-CORRESPONDENT [NEW-COA TRIGGER-FILE]]
 * </pre>
 */
public final class TunnelNamespaceMain {
    private TunnelNamespaceMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: TunnelNamespaceMain HOA HOME-PREFIX COA HA IFACE SECONDS [RO-CORRESPONDENT [NEW-COA TRIGGER-FILE]]");
            System.exit(2);
        }
        Ipv6Address hoa = Ipv6Address.parse(args[0]);
        Ipv6Prefix homePrefix = Ipv6Prefix.parse(args[1]);
        Ipv6Address coa = Ipv6Address.parse(args[2]);
        Ipv6Address ha = Ipv6Address.parse(args[3]);
        String iface = args[4];
        long seconds = Long.parseLong(args[5]);
        try (CommandNetworkControl control = new CommandNetworkControl("mnd", null);
             PacketSocket mh = RawIpv6Socket.open(PacketSocketConfig.mobilityHeader())) {
            control.dropKernelParameterProblems();
            MobileNodeTunnel t = MobileNodeTunnel.open(control, MobileNodeTunnel.DEFAULT_TUNNEL_INTERFACE,
                    MobileNodeTunnel.DEFAULT_MTU, hoa, homePrefix, iface, MobileNodeTunnel.DEFAULT_POLICY_TABLE,
                    MobileNodeTunnel.DEFAULT_RULE_PRIORITY, MonotonicClock.SYSTEM);
            t.onTunnelledTo(a -> System.out.println("EVENT tunnelled-to " + a));
            t.onTunnelledFrom(a -> System.out.println("EVENT tunnelled-from " + a));
            t.away(coa, ha);
            if (args.length > 6) {
                t.enable(Ipv6Address.parse(args[6]), coa);
            }
            System.out.println("READY " + control.installed());
            System.out.flush();
            byte[] buf = new byte[2048];
            PacketInfo info = new PacketInfo();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            Ipv6Address handoverTo = args.length > 8 ? Ipv6Address.parse(args[7]) : null;
            java.nio.file.Path trigger = args.length > 8 ? java.nio.file.Path.of(args[8]) : null;
            while (System.nanoTime() < end) {
                if (handoverTo != null && java.nio.file.Files.exists(trigger)) {
                    t.away(handoverTo, ha);
                    System.out.println("HANDOVER to " + handoverTo + ", tunnelling from " + t.careOfAddress());
                    System.out.flush();
                    handoverTo = null;
                }
                int n = mh.receive(buf, 0, buf.length, info, 200);
                if (n > 0) {
                    Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(buf, 0, n);
                    System.out.println("MH " + info.source() + " -> " + info.destination() + ": " + d);
                    System.out.flush();
                }
            }
            System.out.println("COUNTERS " + t.counters());
            t.close();
            System.out.println("STOPPED " + t.stopped());
        }
    }
}
