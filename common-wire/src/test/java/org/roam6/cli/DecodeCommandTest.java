package org.roam6.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingAcknowledgement;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.pcap.LinkType;
import org.roam6.wire.pcap.PcapWriter;

/** {@code roam6 decode}: what it prints for each packet, and its exit status. */
class DecodeCommandTest {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");

    static byte[] homeBindingUpdate(int seq, int flags, int lifetimeUnits) {
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(seq, flags, lifetimeUnits,
                List.of(new MobilityOption.AlternateCareOfAddress(COA))), MobilityExtensions.DEFAULT);
        return new Ipv6PacketBuilder().source(COA).destination(HA).homeAddressOption(HOA)
                .payload(IpProtocol.MOBILITY, mh).build();
    }

    static byte[] bindingAck(int status, int flags, int seq, int lifetimeUnits) {
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(status, flags, seq, lifetimeUnits,
                List.of()), MobilityExtensions.DEFAULT);
        return new Ipv6PacketBuilder().source(HA).destination(COA).routingHeaderType2(HOA)
                .payload(IpProtocol.MOBILITY, mh).build();
    }

    /** A BU whose Alternate CoA option (Option Length at packet offset 79) claims 30 octets. */
    static byte[] truncatedOptionBindingUpdate() {
        byte[] p = homeBindingUpdate(9, BindingUpdate.FLAG_A, 10);
        assertEquals(3, p[78], "Alternate CoA option type at 40 + 24 + 14");
        p[79] = 30;
        return p;
    }

    static String hex(byte[] b) {
        return Bytes.toHex(b);
    }

    @Test
    void homeBindingUpdateWithHaoAndAlternateCoaPrintsItsFieldsAsJson() {
        int flags = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_L | BindingUpdate.FLAG_K
                | MobilityExtensions.DEFAULT.mFlag();
        CliRun r = CliRun.run("decode", "--json", hex(homeBindingUpdate(0x1234, flags, 100)));
        assertEquals(0, r.exit(), r.toString());
        List<JsonNode> lines = r.json();
        assertEquals(1, lines.size());
        JsonNode j = lines.get(0);
        assertEquals(1, j.get("index").asInt());
        assertEquals("2001:db8:a::100", j.get("src").asText());
        assertEquals("2001:db8:1::11", j.get("dst").asText());
        assertEquals("2001:db8:1::100", j.get("hoa").asText());
        assertTrue(j.get("rh2").isNull());
        assertEquals("[60,135]", j.get("next_headers").toString());
        assertEquals("MH", j.get("proto").asText());
        assertEquals(5, j.get("mh_type").asInt());
        assertEquals("BU", j.get("mh_name").asText());
        assertEquals(0x1234, j.get("seq").asInt());
        assertEquals("AHLKM", j.get("flags").asText());
        assertEquals(400, j.get("lifetime_s").asInt(), "lifetime in seconds: 100 units of 4 s");
        assertEquals("[{\"type\":3,\"name\":\"Alternate Care-of Address\",\"address\":\"2001:db8:a::100\"}]",
                j.get("options").toString());
        assertTrue(j.get("checksum_ok").asBoolean());
        assertTrue(j.get("error").isNull());
        assertTrue(j.get("icmp_type").isNull());
    }

    @Test
    void bindingAckWithType2RoutingHeaderPrintsStatusNameAndRh2() {
        CliRun r = CliRun.run("decode", "--json",
                hex(bindingAck(BindingAckStatus.ACCEPTED, BindingAcknowledgement.FLAG_K, 0x1234, 60)));
        assertEquals(0, r.exit(), r.toString());
        JsonNode j = r.json().get(0);
        assertEquals("2001:db8:1::11", j.get("src").asText());
        assertEquals("2001:db8:a::100", j.get("dst").asText());
        assertEquals("2001:db8:1::100", j.get("rh2").asText());
        assertTrue(j.get("hoa").isNull());
        assertEquals("[43,135]", j.get("next_headers").toString());
        assertEquals(6, j.get("mh_type").asInt());
        assertEquals("BA", j.get("mh_name").asText());
        assertEquals(0, j.get("status").asInt());
        assertEquals("Binding Update accepted", j.get("status_name").asText());
        assertEquals("K", j.get("flags").asText());
        assertEquals(0x1234, j.get("seq").asInt());
        assertEquals(240, j.get("lifetime_s").asInt());
        assertEquals("[]", j.get("options").toString());
        assertTrue(j.get("checksum_ok").asBoolean(), "checksum over the RH2 address as final destination");
    }

    @Test
    void rejectedBindingAckNamesItsStatus() {
        JsonNode j = CliRun.run("decode", "--json",
                hex(bindingAck(BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, 0, 7, 0))).json().get(0);
        assertEquals(135, j.get("status").asInt());
        assertEquals("Sequence number out of window", j.get("status_name").asText());
        assertEquals("", j.get("flags").asText());
        assertEquals(0, j.get("lifetime_s").asInt());
    }

    @Test
    void scapyBuiltHomeBindingUpdateFromFixedHexDecodes() {
        String hex = "6000000000383c4020010db800020000000000000000010020010db8000100000000000000000001"
                + "870201020000c91020010db80001000000000000000001003b0305006faa0001c00000690100031020010db8"
                + "000200000000000000000100";
        CliRun r = CliRun.run("decode", "--json", hex);
        assertEquals(0, r.exit(), r.toString());
        JsonNode j = r.json().get(0);
        assertEquals("2001:db8:2::100", j.get("src").asText());
        assertEquals("2001:db8:1::1", j.get("dst").asText());
        assertEquals("2001:db8:1::100", j.get("hoa").asText());
        assertEquals("BU", j.get("mh_name").asText());
        assertEquals(1, j.get("seq").asInt());
        assertEquals("AH", j.get("flags").asText());
        assertEquals(420, j.get("lifetime_s").asInt(), "0x0069 = 105 units of 4 s");
        assertEquals(3, j.get("options").get(0).get("type").asInt());
        assertEquals("2001:db8:2::100", j.get("options").get(0).get("address").asText());
        assertEquals(1, j.get("options").size(), "PadN is not an option to report");
        assertTrue(j.get("checksum_ok").asBoolean(), "Scapy's checksum verifies");
        assertEquals(96, j.get("length").asInt());
    }

    @Test
    void textLineReadsLikeTcpdump() {
        CliRun r = CliRun.run("decode", hex(homeBindingUpdate(1, BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, 105)),
                hex(bindingAck(0, 0, 1, 105)));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(
                "1  2001:db8:a::100 > 2001:db8:1::11 hoa 2001:db8:1::100: MH BU seq 1 flags AH lifetime 420s"
                        + " [alt-coa 2001:db8:a::100]",
                "2  2001:db8:1::11 > 2001:db8:a::100 rh2 2001:db8:1::100: MH BA status 0 (Binding Update accepted)"
                        + " seq 1 lifetime 420s"), r.lines());
    }

    @Test
    void mFlagLetterAndMultipleHaOptionFollowTheExtensionOptions() {
        MobilityExtensions ext = new MobilityExtensions(0x0100, 19, 154);
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(1,
                BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | 0x0100, 105,
                List.of(new MobilityOption.MultipleHomeAgents(List.of(HA, HA2)))), ext);
        String p = hex(new Ipv6PacketBuilder().source(COA).destination(HA).homeAddressOption(HOA)
                .payload(IpProtocol.MOBILITY, mh).build());

        JsonNode custom = CliRun.run("decode", "--json", "--m-flag", "0x0100", "--multi-ha-option", "19", p)
                .json().get(0);
        assertEquals("AHM", custom.get("flags").asText());
        assertEquals("[\"2001:db8:1::11\",\"2001:db8:1::12\"]", custom.get("ha_addresses").toString(),
                "the Multiple HAs list at top level too");
        JsonNode option = custom.get("options").get(0);
        assertEquals(19, option.get("type").asInt());
        assertEquals("Multiple Home Agents", option.get("name").asText());
        assertEquals("[\"2001:db8:1::11\",\"2001:db8:1::12\"]", option.get("ha_addresses").toString());

        JsonNode defaults = CliRun.run("decode", "--json", p).json().get(0);
        assertEquals("AH", defaults.get("flags").asText(), "0x0100 is a reserved bit under the default M flag 0x0800");
        assertTrue(defaults.get("ha_addresses").isNull());
        assertEquals(19, defaults.get("options").get(0).get("type").asInt());
        assertEquals("mobility option 19", defaults.get("options").get(0).get("name").asText());
    }

    @Test
    void invalidExtensionValuesAreUsageErrors() {
        CliRun r = CliRun.run("decode", "--m-flag", "0x8000", hex(bindingAck(0, 0, 1, 1)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("roam6: "), r.err());
        assertTrue(r.err().contains("A, H, L, K or R"), r.err());
        assertEquals("", r.out());
        CliRun bad = CliRun.run("decode", "--ha-unreachable-type", "x", hex(bindingAck(0, 0, 1, 1)));
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--ha-unreachable-type 'x' is not a number"), bad.err());
    }

    @Test
    void badPacketAmongGoodOnesIsReportedOnItsOwnLineAndExitsThree() {
        CliRun r = CliRun.run("decode", "--json", hex(homeBindingUpdate(1, BindingUpdate.FLAG_A, 10)),
                hex(truncatedOptionBindingUpdate()), hex(bindingAck(0, 0, 1, 10)));
        assertEquals(3, r.exit(), r.toString());
        List<JsonNode> lines = r.json();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).get("error").isNull());
        assertEquals("BU", lines.get(0).get("mh_name").asText());
        assertTrue(lines.get(2).get("error").isNull());
        assertEquals("BA", lines.get(2).get("mh_name").asText());

        JsonNode bad = lines.get(1);
        assertEquals(2, bad.get("index").asInt());
        assertEquals("2001:db8:a::100", bad.get("src").asText(), "what was read before the fault is kept");
        assertEquals("2001:db8:1::100", bad.get("hoa").asText());
        assertEquals("BU", bad.get("mh_name").asText());
        assertTrue(bad.get("seq").isNull(), "nothing past the fault is reported");
        JsonNode e = bad.get("error");
        assertEquals("Option Length", e.get("field").asText());
        assertEquals(79, e.get("offset").asInt(), "offset from the packet's first byte");
        assertEquals("BAD_LENGTH", e.get("reason").asText());
        assertEquals("DISCARD", e.get("answer").asText());
        assertFalse(e.get("detail").asText().isEmpty());
    }

    @Test
    void badPacketInTextModeSaysErrorReasonOffsetAndField() {
        CliRun r = CliRun.run("decode", hex(truncatedOptionBindingUpdate()), hex(bindingAck(0, 0, 1, 10)));
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.lines().get(0).startsWith("1  2001:db8:a::100 > 2001:db8:1::11 hoa 2001:db8:1::100: MH BU"
                + " error BAD_LENGTH at offset 79 (Option Length): "), r.lines().get(0));
        assertTrue(r.lines().get(1).startsWith("2  2001:db8:1::11 > "), r.out());
    }

    @Test
    void walkerErrorIsReported() {
        byte[] p = homeBindingUpdate(1, 0, 1);
        byte[] cut = java.util.Arrays.copyOf(p, 30);
        JsonNode j = CliRun.run("decode", "--json", hex(cut)).json().get(0);
        assertTrue(j.get("src").isNull(), "fewer than 40 octets: no addresses");
        assertEquals("TRUNCATED", j.get("error").get("reason").asText());
        assertTrue(j.get("next_headers").isNull());

        byte[] hdrLen = p.clone();
        hdrLen[41] = 9; // Destination Options Hdr Ext Len runs past the payload
        CliRun r = CliRun.run("decode", "--json", hex(hdrLen));
        assertEquals(3, r.exit());
        JsonNode k = r.json().get(0);
        assertEquals("2001:db8:a::100", k.get("src").asText());
        assertEquals(41, k.get("error").get("offset").asInt(), k.toString());
    }

    @Test
    void everyJsonLineHasTheSameKeysInTheSameOrderWithNullForWhatDoesNotApply() {
        byte[] reply = new Ipv6PacketBuilder().source(HA).destination(COA).payload(IpProtocol.ICMPV6,
                Icmpv6Codec.encode(new DhaadReply(7, false, List.of(HA, HA2)), MobilityExtensions.DEFAULT)).build();
        CliRun r = CliRun.run("decode", "--json", hex(homeBindingUpdate(1, 0, 1)), hex(reply),
                hex(truncatedOptionBindingUpdate()), "600000");
        for (JsonNode j : r.json()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            assertEquals(PacketJson.KEYS, keys, j.toString());
        }
        JsonNode icmp = r.json().get(1);
        assertTrue(icmp.get("mh_type").isNull());
        assertTrue(icmp.get("options").isNull(), "a DHAAD Reply has no options field");
        assertTrue(icmp.get("lifetime_s").isNull());
        assertTrue(r.json().get(0).get("icmp_name").isNull());
        assertTrue(r.json().get(3).get("proto").isNull());
    }

    @Test
    void icmpMessagesCarryTypeNameAndHomeAgents() {
        MobilityExtensions ext = new MobilityExtensions(0x0800, 18, 200);
        byte[] reply = new Ipv6PacketBuilder().source(HA).destination(COA).payload(IpProtocol.ICMPV6,
                Icmpv6Codec.encode(new DhaadReply(0x1234, false, List.of(HA, HA2)), ext)).build();
        byte[] unreachable = new Ipv6PacketBuilder().source(HA2).destination(COA).payload(IpProtocol.ICMPV6,
                Icmpv6Codec.encode(new HomeAgentUnreachable(List.of(HA)), ext)).build();
        CliRun r = CliRun.run("decode", "--json", "--ha-unreachable-type", "200", hex(reply), hex(unreachable));
        assertEquals(0, r.exit(), r.toString());
        JsonNode j = r.json().get(0);
        assertEquals(145, j.get("icmp_type").asInt());
        assertEquals("DHAAD Reply", j.get("icmp_name").asText());
        assertEquals(0x1234, j.get("identifier").asInt());
        assertEquals("[\"2001:db8:1::11\",\"2001:db8:1::12\"]", j.get("ha_addresses").toString());
        assertTrue(j.get("checksum_ok").asBoolean());
        JsonNode u = r.json().get(1);
        assertEquals(200, u.get("icmp_type").asInt());
        assertEquals("Home Agent Unreachable", u.get("icmp_name").asText());
        assertEquals("[\"2001:db8:1::11\"]", u.get("ha_addresses").toString());
    }

    @Test
    void wrongChecksumIsFlaggedButTheMessageStillDecodes() {
        byte[] p = bindingAck(0, 0, 1, 10);
        p[p.length - 1] ^= 0x01;
        CliRun r = CliRun.run("decode", "--json", hex(p));
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.json().get(0).get("checksum_ok").asBoolean());
        assertTrue(CliRun.run("decode", hex(p)).out().contains("[bad checksum]"));
    }

    @Test
    void stdinTakesOneHexPacketPerLineSkippingBlankAndCommentLinesAndToleratingSpacesAndColons() {
        String bu = hex(homeBindingUpdate(1, 0, 1));
        StringBuilder spaced = new StringBuilder();
        for (int i = 0; i < bu.length(); i += 4) {
            spaced.append(bu, i, Math.min(i + 4, bu.length())).append(i % 8 == 0 ? " " : ":");
        }
        String in = "# captured on link A\n\n" + bu.toUpperCase() + "\n   \n\t" + spaced + "\n  # done\n";
        CliRun r = CliRun.runWithStdin(in, "decode");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(2, r.lines().size(), r.out());
        assertTrue(r.lines().get(0).startsWith("1  2001:db8:a::100 > "));
        assertTrue(r.lines().get(1).startsWith("2  2001:db8:a::100 > "));
        CliRun dash = CliRun.runWithStdin(bu + "\n", "decode", "-");
        assertEquals(1, dash.lines().size(), dash.toString());
    }

    @Test
    void nonHexArgumentExitsTwoNamingArgumentAndPosition() {
        CliRun r = CliRun.run("decode", hex(bindingAck(0, 0, 1, 10)), "60 00zz");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("roam6: argument 2, position 6: 'z' is not a hex digit\n", r.err());
    }

    @Test
    void nonHexStdinLineExitsTwoNamingLineAndColumn() {
        String good = hex(bindingAck(0, 0, 1, 10));
        CliRun r = CliRun.runWithStdin("# c\n" + good + "\n\n6000 0g00\n" + good + "\n", "decode");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("roam6: stdin line 4, column 7: 'g' is not a hex digit\n", r.err());
        assertEquals(1, r.lines().size(), "the packet before the bad line was already printed");
    }

    @Test
    void oddNumberOfHexDigitsIsBadInput() {
        CliRun r = CliRun.run("decode", "600");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("roam6: argument 1, position 3: odd number of hex digits: the last digit has no partner\n", r.err());
    }

    @Test
    void pcapWrittenByPcapWriterDecodes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two.pcap");
        PcapWriter.write(file, LinkType.ETHERNET, List.of(homeBindingUpdate(1, BindingUpdate.FLAG_H, 105),
                bindingAck(0, 0, 1, 105)));
        CliRun r = CliRun.run("decode", "--json", "--pcap", file.toString());
        assertEquals(0, r.exit(), r.toString());
        List<JsonNode> lines = r.json();
        assertEquals(2, lines.size());
        assertEquals(1, lines.get(0).get("index").asInt());
        assertEquals("H", lines.get(0).get("flags").asText());
        assertEquals(2, lines.get(1).get("index").asInt());
        assertEquals("2001:db8:1::100", lines.get(1).get("rh2").asText());
    }

    @Test
    void tcpdumpEthernetFixtureDecodesWithNonIpv6RecordsSkipped() throws Exception {
        CliRun r = CliRun.run("decode", "--pcap", fixture("tcpdump-ethernet.pcap").toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(
                "1  2001:db8:2::100 > 2001:db8:1::1 hoa 2001:db8:1::100: MH BU seq 1 flags AH lifetime 420s"
                        + " [alt-coa 2001:db8:2::100]",
                "2  skipped: not IPv6 (ethertype 0x0806)",
                "3  2001:db8::1 > 2001:db8::2: ICMPv6 Echo Request id 7 seq 1",
                "4  2001:db8:2::100 > 2001:db8:1::1 hoa 2001:db8:1::100: MH BU seq 1 flags AH lifetime 420s"
                        + " [alt-coa 2001:db8:2::100]",
                "5  skipped: not IPv6 (ethertype 0x0800)"), r.lines());
        JsonNode skipped = CliRun.run("decode", "--json", "--pcap", fixture("tcpdump-ethernet.pcap").toString())
                .json().get(1);
        assertEquals("not IPv6 (ethertype 0x0806)", skipped.get("skipped").asText());
        assertTrue(skipped.get("error").isNull());
    }

    @Test
    void linuxCookedAndRawFixturesDecode() throws Exception {
        for (String f : List.of("scapy-sll.pcap", "scapy-sll2.pcap", "scapy-raw101.pcap", "scapy-ipv6-229.pcap",
                "editcap-ethernet-nsec.pcap", "scapy-bigendian-nano.pcap")) {
            CliRun r = CliRun.run("decode", "--json", "--pcap", fixture(f).toString());
            assertEquals(0, r.exit(), f + ": " + r);
            assertTrue(r.json().stream().anyMatch(j -> j.get("mh_name").asText("").equals("BU")
                    || j.get("icmp_name").asText("").equals("Echo Request")), f + ": " + r.out());
        }
    }

    @Test
    void pcapFromStdin() throws Exception {
        byte[] file = Files.readAllBytes(fixture("scapy-sll.pcap"));
        CliRun r = CliRun.runWithStdin(file, "decode", "--pcap", "-");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.lines().get(0).contains("MH BU"), r.out());
    }

    @Test
    void missingCaptureFileExitsTwo(@TempDir Path dir) {
        CliRun r = CliRun.run("decode", "--pcap", dir.resolve("nope.pcap").toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("roam6: cannot read " + dir.resolve("nope.pcap") + ": no such file\n", r.err());
    }

    @Test
    void fileThatIsNotAPcapExitsTwoWithTheReason(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a capture, just some text\n");
        CliRun r = CliRun.run("decode", "--pcap", text.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("roam6: " + text + " is not a pcap capture roam6 reads: BAD_MAGIC in file header"),
                r.err());
        Path tiny = dir.resolve("tiny.pcap");
        Files.write(tiny, new byte[] {(byte) 0xd4, (byte) 0xc3});
        CliRun t = CliRun.run("decode", "--pcap", tiny.toString());
        assertEquals(2, t.exit());
        assertTrue(t.err().contains("TRUNCATED_FILE_HEADER"), t.err());
        CliRun d = CliRun.run("decode", "--pcap", dir.toString());
        assertEquals(2, d.exit(), d.toString());
        assertTrue(d.err().startsWith("roam6: cannot read " + dir), d.err());
    }

    @Test
    void truncatedCaptureRecordIsAnErrorLineAndExitsThree(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cut.pcap");
        PcapWriter.write(file, LinkType.RAW, List.of(bindingAck(0, 0, 1, 10), bindingAck(0, 0, 2, 10)));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 10));
        CliRun r = CliRun.run("decode", "--json", "--pcap", file.toString());
        assertEquals(3, r.exit(), r.toString());
        assertEquals(2, r.json().size());
        JsonNode e = r.json().get(1).get("error");
        assertEquals("TRUNCATED_RECORD_DATA", e.get("reason").asText());
        assertTrue(e.get("answer").isNull());
    }

    @Test
    void hexAndPcapTogetherIsAUsageError() {
        CliRun r = CliRun.run("decode", "--pcap", "x.pcap", "6000");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("roam6: give packets as hex or with --pcap, not both"), r.err());
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(DecodeCommandTest.class.getResource("/oracle/" + name).toURI());
    }
}
