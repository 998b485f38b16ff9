package org.roam6.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static HttpResponse<String> get(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scrapeOverHttpShowsLabelledCountersAndGauges() throws Exception {
        Metrics m = new Metrics("roam6_had");
        LabelledCounter bu = m.counter("binding_updates", "Binding Updates received, by BA status", "status");
        Counter accepted = bu.labels("accepted");
        accepted.inc();
        accepted.inc(2);
        bu.labels("sequence_out_of_window").inc();
        LabelledCounter drops = m.counter("drops", "Packets dropped, by reason", "reason");
        drops.labels("bad_checksum").inc(7);
        Gauge peers = m.gauge("peers_alive", "Peer home agents answering probes");
        peers.set(2);
        AtomicInteger bindings = new AtomicInteger(41);
        m.gauge("bindings", "Bindings in the cache", bindings::get);
        bindings.incrementAndGet();

        try (MetricsServer server = m.serve(InetAddress.getLoopbackAddress(), 0)) {
            assertNotEquals(0, server.port());
            HttpResponse<String> r = get(server.port());
            assertEquals(200, r.statusCode());
            String body = r.body();
            assertTrue(body.contains("roam6_had_binding_updates_total{status=\"accepted\"} 3.0"), body);
            assertTrue(body.contains("roam6_had_binding_updates_total{status=\"sequence_out_of_window\"} 1.0"), body);
            assertTrue(body.contains("roam6_had_drops_total{reason=\"bad_checksum\"} 7.0"), body);
            assertTrue(body.contains("roam6_had_peers_alive 2.0"), body);
            assertTrue(body.contains("roam6_had_bindings 42.0"), body);
            assertTrue(body.contains("# HELP roam6_had_drops_total Packets dropped, by reason"), body);
        }
    }

    @Test
    void closedServerNoLongerAnswers() throws Exception {
        Metrics m = new Metrics("x");
        int port;
        try (MetricsServer server = m.serve(InetAddress.getLoopbackAddress(), 0)) {
            port = server.port();
        }
        assertThrows(ConnectException.class, () -> get(port));
    }

    @Test
    void countersReadBackWhatWasCounted() {
        Metrics m = new Metrics("");
        LabelledCounter c = m.counter("be_sent", "Binding Errors sent", "status");
        c.labels("1").inc(5);
        assertEquals(5, c.labels("1").value());
        assertEquals(0, c.labels("2").value());
        assertTrue(m.scrape().contains("be_sent_total{status=\"1\"} 5.0"), m.scrape());
    }
}
