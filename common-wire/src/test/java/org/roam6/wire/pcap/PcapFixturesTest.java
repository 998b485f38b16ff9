package org.roam6.wire.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.roam6.wire.Bytes;

/**
 * Reads pcap files written by other tools (Scapy, tcpdump's libpcap, editcap's wiretap), committed
 * under src/test/resources/oracle/ by src/test/python/make_pcap_fixtures.py together with
 * pcap-fixtures.json, which says what each file holds.
 */
class PcapFixturesTest {

    @TestFactory
    List<DynamicTest> readsEveryFileOtherToolsWrote() throws IOException {
        JsonNode fixtures;
        try (InputStream in = getClass().getResourceAsStream("/oracle/pcap-fixtures.json")) {
            fixtures = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fixtures.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            tests.add(DynamicTest.dynamicTest(f.getKey(), () -> check(f.getKey(), f.getValue())));
        }
        assertTrue(tests.size() >= 8, "fixtures: " + tests.size());
        return tests;
    }

    private void check(String file, JsonNode spec) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/oracle/" + file); PcapReader r = PcapReader.open(in)) {
            assertEquals(spec.get("linktype").asInt(), r.header().linkType().code());
            assertEquals(spec.get("big_endian").asBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                    r.header().byteOrder());
            assertEquals(spec.get("nano").asBoolean(), r.header().nanosecond());
            List<PcapRecord> recs = r.readAll();
            JsonNode want = spec.get("records");
            assertEquals(want.size(), recs.size());
            for (int i = 0; i < recs.size(); i++) {
                JsonNode w = want.get(i);
                long ns = w.get("ts_ns").asLong();
                Instant ts = Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L);
                if (w.has("ipv6")) {
                    PcapRecord.Ipv6 p = assertInstanceOf(PcapRecord.Ipv6.class, recs.get(i), file + " record " + (i + 1));
                    assertArrayEquals(Bytes.fromHex(w.get("ipv6").asText()), p.packet(), file + " record " + (i + 1));
                    assertEquals(ts, p.timestamp());
                } else {
                    PcapRecord.NotIpv6 n = assertInstanceOf(PcapRecord.NotIpv6.class, recs.get(i), file + " record " + (i + 1));
                    assertEquals(ts, n.timestamp());
                }
            }
        }
    }
}
