package org.roam6.mnd;

import java.security.SecureRandom;
import java.time.Duration;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;

/**
 * Runs Home Agent Address Discovery and a correspondent registration by hand on real sockets,
 * e.g. in the testbed's mobile node on link A:
 * <pre>
 * ip netns exec r6-XXXX-mn java -cp ... org.roam6.mnd.SignallingByHand \
 *     2001:db8:1::100 2001:db8:1::/64 2001:db8:a::52:36ff:fe00:1 2001:db8:c::10 [seconds]
 * </pre>
 * (home address, home prefix, care-of address, correspondent), after {@code testbed.sh move a
 * --clean} (without {@code --clean} the home prefix stays on-link on eth0 and the request never
 * leaves link A) and, for a DHAAD answer, the Home-Agents anycast address added on ha1 with
 * {@code src/test/scripts/dhaad-responder.py} running there. Prints what DHAAD found and,
 * at the end, the correspondent's entry and the counters: against the testbed's unmodified
 * correspondent (a Linux host without Mobile IPv6) the Care-of Test Init draws a Parameter
 * Problem code 1 and the correspondent is held down as {@code no_mipv6_support}.
 */
public final class SignallingByHand {
    private SignallingByHand() {}

    public static void main(String[] args) throws Exception {
        Ipv6Address hoa = Ipv6Address.parse(args[0]);
        Ipv6Prefix home = Ipv6Prefix.parse(args[1]);
        Ipv6Address coa = Ipv6Address.parse(args[2]);
        Ipv6Address cn = Ipv6Address.parse(args[3]);
        long seconds = args.length > 4 ? Long.parseLong(args[4]) : 8;
        try (Timers timers = new Timers("timers", MonotonicClock.SYSTEM);
             RawSignallingOutput out = new RawSignallingOutput();
             MobileNodeIcmp icmp = MobileNodeIcmp.open(MobilityExtensions.DEFAULT)) {
            HomeAgentDiscovery dhaad = new HomeAgentDiscovery(out, timers, home,
                    list -> System.out.println("DHAAD result: " + list), new SecureRandom());
            RouteOptimisedPath path = new RouteOptimisedPath() {
                @Override
                public void enable(Ipv6Address c, Ipv6Address careOf) {
                    System.out.println("path: enable " + c + " via " + careOf);
                }

                @Override
                public void disable(Ipv6Address c) {
                    System.out.println("path: disable " + c);
                }
            };
            CorrespondentRegistrations rr = new CorrespondentRegistrations(out, path, timers, hoa, true, 420, false,
                    new SecureRandom());
            dhaad.attach(icmp);
            rr.attach(icmp);
            icmp.start();
            timers.start();
            dhaad.discover(coa);
            rr.moved(coa);
            rr.onTraffic(cn);
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            System.out.println("bul: " + rr.view());
            System.out.println("rr stats: " + rr.stats());
            System.out.println("dhaad stats: " + dhaad.stats());
            System.out.println("icmp stats: " + icmp.stats());
        }
    }
}
