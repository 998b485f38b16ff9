package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.HomeAgentInformation;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.PrefixInformation;
import org.roam6.wire.icmp.RouterAdvertisement;
import static org.roam6.wire.PacketFixtures.COA_ADDR;
import static org.roam6.wire.PacketFixtures.HA_ADDR;
import static org.roam6.wire.PacketFixtures.HOA_ADDR;

/**
 * A few packets checked against Scapy (Debian python3-scapy), an implementation that is not
 * ours: it re-pads the Home Address option, recomputes the upper-layer checksum from its own
 * reading of the Home Address option and Type 2 routing header and must arrive at our bytes, and
 * it dissects the Mobile IPv6 ICMPv6 fields. The full oracle suite
 * lives in integration-tests.
 */
class ScapyCrossCheckTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    static final String SCRIPT = String.join("\n",
            "import sys, logging",
            "logging.getLogger('scapy').setLevel(logging.ERROR)",
            "from scapy.all import IPv6, raw",
            "from scapy.layers.inet6 import ICMPv6ND_RA, ICMPv6NDOptHAInfo, ICMPv6NDOptPrefixInfo, ICMPv6HAADReply",
            "from scapy.layers.inet6 import IPv6ExtHdrDestOpt, HAO",
            "def rebuilt(h):",
            "    # Scapy recognises a Home Address option only as the sole option of its header, so",
            "    # drop the padding and let Scapy pad it again, and clear the checksums to recompute",
            "    p = IPv6(bytes.fromhex(h))",
            "    u = p.payload",
            "    while u.name != 'NoPayload':",
            "        if isinstance(u, IPv6ExtHdrDestOpt):",
            "            u.options = [o for o in u.options if isinstance(o, HAO)]",
            "            u.len = None",
            "        for c in ('cksum', 'chksum'):",
            "            if c in [f.name for f in u.fields_desc]:",
            "                setattr(u, c, None)",
            "        u = u.payload",
            "    return raw(p).hex()",
            "for h in sys.argv[1:]:",
            "    p = IPv6(bytes.fromhex(h))",
            "    if p.haslayer(ICMPv6ND_RA):",
            "        ra = p[ICMPv6ND_RA]; hi = p[ICMPv6NDOptHAInfo]; pi = p[ICMPv6NDOptPrefixInfo]",
            "        print('RA H=%d pref=%d life=%d R=%d %s' % (ra.H, hi.pref, hi.lifetime, pi.R, pi.prefix))",
            "    elif p.haslayer(ICMPv6HAADReply):",
            "        r = p[ICMPv6HAADReply]",
            "        print('HAADReply id=%d %s' % (r.id, ','.join(r.addresses)))",
            "    else:",
            "        print(rebuilt(h))");

    private static List<String> scapy(byte[]... packets) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        String[] cmd = new String[3 + packets.length];
        cmd[0] = PYTHON.toString();
        cmd[1] = "-c";
        cmd[2] = SCRIPT;
        for (int i = 0; i < packets.length; i++) {
            cmd[3 + i] = Bytes.toHex(packets[i]);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scapy did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(!out.contains("No module named 'scapy'"), "scapy is not installed");
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void scapyRebuildsTheSameBytesWithHomeAddressOptionAndRoutingHeader() throws Exception {
        Ipv6Address peer = Ipv6Address.parse("2001:db8:9::9");
        byte[] bu = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).homeAddressOption(HOA_ADDR)
                .payload(IpProtocol.MOBILITY, Bytes.fromHex(PacketFixtures.BU)).build();
        byte[] ba = new Ipv6PacketBuilder().source(HA_ADDR).destination(COA_ADDR).routingHeaderType2(HOA_ADDR)
                .payload(IpProtocol.MOBILITY, Bytes.fromHex(PacketFixtures.BA)).build();
        byte[] echo = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).homeAddressOption(HOA_ADDR)
                .routingHeaderType2(peer).payload(IpProtocol.ICMPV6, Bytes.fromHex("80 00 0000 0001 0002 61626364")).build();
        byte[] udp = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).homeAddressOption(HOA_ADDR)
                .payload(IpProtocol.UDP, Bytes.fromHex("1234 0035 000d 0000 6162636465")).build();
        List<String> lines = scapy(bu, ba, echo, udp);
        assertEquals(List.of(Bytes.toHex(bu), Bytes.toHex(ba), Bytes.toHex(echo), Bytes.toHex(udp)), lines,
                "Scapy, padding the Home Address option and computing the checksums itself, builds other bytes");
    }

    @Test
    void scapyReadsTheHomeAgentFlagHomeAgentInformationAndDhaadReply() throws Exception {
        RouterAdvertisement ra = new RouterAdvertisement(64, RouterAdvertisement.FLAG_HOME_AGENT, 1800, 0, 0,
                List.of(new HomeAgentInformation(-2, 3600),
                        new PrefixInformation(64, true, true, true, 86400, 14400, HA_ADDR)));
        Ipv6Address allNodes = Ipv6Address.parse("ff02::1");
        Ipv6Address ll = Ipv6Address.parse("fe80::1");
        byte[] raPacket = new Ipv6PacketBuilder().source(ll).destination(allNodes).hopLimit(255)
                .payload(IpProtocol.ICMPV6, Icmpv6Codec.encode(ra, MobilityExtensions.DEFAULT)).build();
        byte[] reply = new Ipv6PacketBuilder().source(HA_ADDR).destination(COA_ADDR)
                .payload(IpProtocol.ICMPV6, Icmpv6Codec.encode(new DhaadReply(77, false,
                        List.of(HA_ADDR, Ipv6Address.parse("2001:db8:1::2"))), MobilityExtensions.DEFAULT)).build();
        List<String> lines = scapy(raPacket, reply);
        // Scapy reads Home Agent Preference as unsigned: -2 is 65534 on the wire
        assertEquals("RA H=1 pref=65534 life=3600 R=1 2001:db8:1::1", lines.get(0));
        assertEquals("HAADReply id=77 2001:db8:1::1,2001:db8:1::2", lines.get(1));
    }
}
