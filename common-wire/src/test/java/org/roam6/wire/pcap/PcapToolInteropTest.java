package org.roam6.wire.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.oracle.Oracles;
import org.roam6.oracle.TsharkReport;
import org.roam6.wire.Bytes;

/**
 * PcapReader against files Scapy writes now (not only the committed fixtures), and tshark
 * against files PcapWriter writes.
 */
class PcapToolInteropTest {

    static final String SCRIPT = String.join("\n",
            "import sys",
            "from scapy.all import *",
            "d = sys.argv[1]",
            "bu = IPv6(src='2001:db8:2::100', dst='2001:db8:1::1')/IPv6ExtHdrDestOpt(options=[HAO(hoa='2001:db8:1::100')])"
                    + "/MIP6MH_BU(seq=9, options=[MIP6OptAltCoA(acoa='2001:db8:2::100')])",
            "ping = IPv6(src='2001:db8::1', dst='2001:db8::2')/ICMPv6EchoRequest(data=b'x'*100)",
            "open(d + '/packets.hex', 'w').write(raw(bu).hex() + '\\n' + raw(ping).hex() + '\\n')",
            "wrpcap(d + '/ether.pcap', [Ether()/bu, Ether()/IP()/UDP(), Ether()/Dot1Q(vlan=3)/ping])",
            "wrpcap(d + '/ipv6.pcap', [bu, ping])",
            "wrpcap(d + '/raw101.pcap', [bu, ping], linktype=101)",
            "wrpcap(d + '/sll.pcap', [CookedLinux(proto=0x86dd)/bu, CookedLinux(proto=0x86dd)/ping])",
            "wrpcap(d + '/sll2.pcap', [CookedLinuxV2(proto=0x86dd)/bu, CookedLinuxV2(proto=0x86dd)/ping])",
            "w = PcapWriter(d + '/be-nano.pcap', endianness='>', nano=True, linktype=1)",
            "w.write(Ether()/bu); w.write(Ether()/ping); w.close()",
            "");

    @Test
    void readsTheIpv6PacketsOfEveryLinkTypeScapyWrites(@TempDir Path dir) throws Exception {
        Oracles.requireScapy();
        Path script = dir.resolve("w.py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder(Oracles.PYTHON.toString(), script.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "scapy timed out");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        List<String> hex = Files.readAllLines(dir.resolve("packets.hex"));
        for (String f : List.of("ether.pcap", "ipv6.pcap", "raw101.pcap", "sll.pcap", "sll2.pcap", "be-nano.pcap")) {
            List<byte[]> got = PcapReader.readIpv6Packets(dir.resolve(f));
            assertEquals(2, got.size(), f);
            assertArrayEquals(Bytes.fromHex(hex.get(0)), got.get(0), f);
            assertArrayEquals(Bytes.fromHex(hex.get(1)), got.get(1), f);
        }
    }

    @Test
    void tsharkReadsWhatPcapWriterWritesInBothLinkTypes(@TempDir Path dir) throws IOException {
        Oracles.requireTshark();
        List<byte[]> packets = List.of(PcapReaderTest.IPV6, PcapReaderTest.IPV6);
        for (LinkType lt : List.of(LinkType.RAW, LinkType.ETHERNET)) {
            Path f = dir.resolve(lt + ".pcap");
            PcapWriter.write(f, lt, packets);
            TsharkReport r = Oracles.tsharkFile(f, dir);
            assertEquals(2, r.packets().size(), lt.toString());
            for (TsharkReport.Packet p : r.packets()) {
                assertEquals(List.of("2001:db8::1"), p.all("ipv6.src"), lt.toString());
                assertEquals(List.of("2001:db8::2"), p.all("ipv6.dst"), lt.toString());
                assertTrue(p.clean(), lt + ": " + p.problems());
                assertTrue(p.protocols().contains(lt == LinkType.RAW ? "raw" : "eth"), p.protocols().toString());
            }
            assertEquals(List.of("02:00:00:00:00:01"), lt == LinkType.ETHERNET ? r.packets().get(0).all("eth.src")
                    : List.of("02:00:00:00:00:01"));
        }
    }
}
