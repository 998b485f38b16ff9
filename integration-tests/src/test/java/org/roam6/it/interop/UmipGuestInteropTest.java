package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.roam6.it.testbed.Commands;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.WithTestbed;

/**
 * The interop harness itself: the guest image builds around the given mip6d, the guest boots
 * and joins a testbed link, runs commands, reaches and is reached by the testbed's hosts, runs
 * mip6d with its console, moves between links like the mobile node, and leaves nothing behind.
 */
@RequiresMip6d
@WithTestbed(captures = false)
class UmipGuestInteropTest {

    static GuestImage image;

    @BeforeAll
    static void theImage() {
        image = GuestImage.build(Mip6dBinary.require());
    }

    @Test
    void aGuestOnLinkCTalksToTheCorrespondentAndRunsMip6dWithItsConsole(Testbed tb) throws Exception {
        long qemuPid;
        String ns;
        try (UmipGuest g = UmipGuest.boot(tb, image, "umip-cn", "c", "02:52:36:00:01:03")) {
            qemuPid = g.qemuPid();
            ns = g.namespace();
            System.out.printf("guest booted: %.2f s of guest time%n", g.bootSeconds());
            assertEquals("umip-cn", g.run("hostname").requireOk().output().strip());
            String version = g.run("mip6d --version").output(); // exits 1 after printing it
            assertTrue(version.contains("UMIP"), version);
            // busybox's ip applet would refuse "nodad"; iproute2's takes it
            g.run("ip link set eth0 up\nip -6 addr add 2001:db8:c::20/64 dev eth0 nodad\n"
                    + "ip -6 route add default via 2001:db8:c::1").requireOk();
            assertTrue(g.run("ping -6 -c 3 -W 2 2001:db8:c::10").ok(), "guest -> cn");
            assertTrue(tb.awaitPing("cn", tb.cnAddress(), InetAddress.getByName("2001:db8:c::20"), Duration.ofSeconds(10)),
                    "cn -> guest");
            // beyond the border router: the correspondent network's router forwards to the guest
            assertTrue(tb.awaitPing("ha1", tb.address("ha1"), InetAddress.getByName("2001:db8:c::20"), Duration.ofSeconds(10)),
                    "ha1 -> guest across the core");

            g.startMip6d("NodeConfig CN;\nDebugLevel 10;\nDoRouteOptimizationCN enabled;\n");
            assertTrue(g.mip6dRunning());
            String bc = g.console("bc");
            assertFalse(bc.contains("hoa"), "empty binding cache: " + bc);
            assertTrue(g.mip6dLog().contains("Correspondent Node") || g.mip6dLog().contains("xfrm_cn_init"),
                    "mip6d's log is collected on the host: " + g.mip6dLog());
            g.stopMip6d();
            assertFalse(g.mip6dRunning(), "mip6d stops on SIGTERM");
            assertFalse(g.readShared("mip6d.out").contains("Aborted"), g.readShared("mip6d.out"));
            assertTrue(Files.size(g.share().resolve("serial.log")) > 0, "the serial console is logged");
        }
        assertFalse(Files.exists(java.nio.file.Path.of("/proc/" + qemuPid)), "qemu is gone");
        assertFalse(Commands.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5)).stdout().contains(ns),
                "the guest's namespace is gone");
        assertFalse(Commands.run(List.of("ip", "-n", tb.namespace("sw-c"), "link", "show", UmipGuest.PORT),
                Duration.ofSeconds(5)).ok(), "the port is gone from link C");
    }

    @Test
    void aGuestMovesBetweenLinksAndConfiguresItselfFromTheirRouterAdvertisements(Testbed tb) {
        try (UmipGuest g = UmipGuest.boot(tb, image, "umip-mn", "home", "02:52:36:00:01:01")) {
            g.run("echo 1 > /proc/sys/net/ipv6/conf/eth0/autoconf\nip link set eth0 up").requireOk();
            assertTrue(awaitAddress(g, "2001:db8:1::52:36ff:fe00:101"), g.run("ip -6 addr").output());
            g.move("a");
            assertEquals("a", g.link());
            assertTrue(awaitAddress(g, "2001:db8:a::52:36ff:fe00:101"), g.run("ip -6 addr").output());
            // the home link's default route lingers until its lifetime (4 s) runs out: retry
            assertTrue(g.run("i=0; while [ $i -lt 20 ]; do ping -6 -c 1 -W 1 2001:db8:c::10 && exit 0; i=$((i+1)); done; exit 1",
                    Duration.ofSeconds(45)).ok(), "from link A to the correspondent");
            g.move("b");
            assertTrue(awaitAddress(g, "2001:db8:b::52:36ff:fe00:101"), g.run("ip -6 addr").output());
        }
    }

    /** Waits (at most about 20 s) until the guest's eth0 holds {@code address} as a global address. */
    static boolean awaitAddress(UmipGuest g, String address) {
        InetAddress want = parse(address);
        return InteropChecks.await(() -> {
            for (String line : g.run("ip -6 addr show dev eth0 scope global").output().split("\n")) {
                String t = line.strip();
                if (t.startsWith("inet6 ") && want.equals(parse(t.split("\\s+")[1].split("/")[0]))) {
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(20));
    }

    static InetAddress parse(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
