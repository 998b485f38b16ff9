package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;

/** What a TUN read skips: the kernel's MLD (RFC 3810) and Router Solicitations to multicast. */
class KernelChatterTest {
    static final Ipv6Address LL = Ipv6Address.parse("fe80::1");

    private static byte[] mldv2Report() {
        byte[] hbh = {(byte) IpProtocol.ICMPV6, 0, 5, 2, 0, 0, 1, 0}; // Router Alert, PadN
        byte[] icmp = new byte[8];
        icmp[0] = (byte) 143;
        return TestPackets.packet(LL, Ipv6Address.parse("ff02::16"), IpProtocol.HOP_BY_HOP, hbh, icmp);
    }

    @Test
    void anMldv2ReportBehindHopByHopIsChatter() {
        byte[] p = mldv2Report();
        assertTrue(KernelChatter.isMld(p, 0, p.length));
        assertTrue(KernelChatter.isKernelChatter(p, 0, p.length));
    }

    @Test
    void aRouterSolicitationToAllRoutersIsChatterButNotMld() {
        byte[] rs = new byte[8];
        rs[0] = (byte) 133;
        byte[] p = TestPackets.packet(LL, Ipv6Address.parse("ff02::2"), IpProtocol.ICMPV6, rs);
        assertTrue(KernelChatter.isKernelChatter(p, 0, p.length));
        assertFalse(KernelChatter.isMld(p, 0, p.length));
    }

    @Test
    void anEchoRequestOrUnicastIcmpIsNotChatter() {
        Ipv6Address a = Ipv6Address.parse("2001:db8::1");
        Ipv6Address group = Ipv6Address.parse("ff02::1");
        byte[] echo = TestPackets.packet(a, group, IpProtocol.ICMPV6, TestPackets.echo(128, a, group, 1, 1));
        assertFalse(KernelChatter.isKernelChatter(echo, 0, echo.length));
        byte[] icmp = new byte[8];
        icmp[0] = (byte) 143;
        byte[] unicast = TestPackets.packet(a, a, IpProtocol.ICMPV6, icmp);
        assertFalse(KernelChatter.isKernelChatter(unicast, 0, unicast.length));
    }

    @Test
    void aTruncatedHopByHopHeaderIsNotReadPastTheEnd() {
        byte[] p = mldv2Report();
        assertFalse(KernelChatter.isKernelChatter(p, 0, 44));
        assertFalse(KernelChatter.isKernelChatter(p, 0, 50));
    }
}
