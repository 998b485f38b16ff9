package org.roam6.mnd;

import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * By hand, not a test: runs the real {@link MovementDetector} on an interface for a bounded time
 * and prints each event with the wall-clock time in milliseconds, to compare with when a link
 * change began (e.g. {@code testbed.sh move} in the mobile node's namespace).
 *
 * <pre>ip netns exec P-mn java -cp ... org.roam6.mnd.WatchMovement eth0 2001:db8:1::100/64 60</pre>
 */
public final class WatchMovement {
    private WatchMovement() {}

    public static void main(String[] args) throws Exception {
        String ifname = args.length > 0 ? args[0] : "eth0";
        String home = args.length > 1 ? args[1] : "2001:db8:1::100/64";
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
        Ipv6Address hoa = Ipv6Address.parse(home.substring(0, home.indexOf('/')));
        Ipv6Prefix homePrefix = Ipv6Prefix.parse(home);
        try (Timers timers = new Timers("mnd-timers", MonotonicClock.SYSTEM)) {
            timers.start();
            MovementListener printer = new MovementListener() {
                @Override
                public void onAttached(Attachment a) {
                    System.out.println("EVENT " + System.currentTimeMillis() + " attached " + a.prefix() + " coa "
                            + a.careOfAddress() + " router " + a.router() + (a.atHome() ? " home" : ""));
                }

                @Override
                public void onDetached(String interfaceName) {
                    System.out.println("EVENT " + System.currentTimeMillis() + " detached " + interfaceName);
                }
            };
            try (MovementDetector d = MovementDetector.open(ifname, hoa, homePrefix, RouterProbe.DEFAULT, timers, printer)) {
                d.start();
                System.out.println("READY " + System.currentTimeMillis());
                Thread.sleep(seconds * 1000);
                System.out.println("COUNTERS " + d.counters());
            }
        }
    }
}
