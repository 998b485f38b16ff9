package org.roam6.runtime.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

/**
 * The metrics of one daemon, exported in the Prometheus text format. Protocol code sees only
 * {@link Counter}, {@link Gauge} and their labelled families, never Prometheus types, so the
 * exporter can change without touching it.
 *
 * <pre>
 * Metrics m = new Metrics("roam6_had");
 * LabelledCounter bu = m.counter("binding_updates", "Binding Updates received, by BA status", "status");
 * Counter accepted = bu.labels("accepted");          // keep it; inc() on the hot path
 * m.gauge("bindings", "Bindings in the cache", cache::size);
 * MetricsServer s = m.serve(InetAddress.getLoopbackAddress(), 9466);
 * </pre>
 *
 * <p>Names get the prefix and, for counters, the {@code _total} suffix Prometheus adds:
 * {@code roam6_had_binding_updates_total{status="accepted"} 3}.
 */
public final class Metrics {

    private final String prefix;
    private final PrometheusRegistry registry = new PrometheusRegistry();

    /** @param prefix the name prefix, {@code roam6_had}; names join it with '_' */
    public Metrics(String prefix) {
        this.prefix = prefix;
    }

    private String name(String name) {
        return prefix.isEmpty() ? name : prefix + "_" + name;
    }

    /** A counter without labels. */
    public Counter counter(String name, String help) {
        return wrap(io.prometheus.metrics.core.metrics.Counter.builder()
                .name(name(name)).help(help).register(registry));
    }

    /** A counter family with the given label names. */
    public LabelledCounter counter(String name, String help, String... labelNames) {
        io.prometheus.metrics.core.metrics.Counter c = io.prometheus.metrics.core.metrics.Counter.builder()
                .name(name(name)).help(help).labelNames(labelNames).register(registry);
        return values -> wrap(c.labelValues(values));
    }

    /** A gauge without labels. */
    public Gauge gauge(String name, String help) {
        return wrap(io.prometheus.metrics.core.metrics.Gauge.builder()
                .name(name(name)).help(help).register(registry));
    }

    /** A gauge family with the given label names. */
    public LabelledGauge gauge(String name, String help, String... labelNames) {
        io.prometheus.metrics.core.metrics.Gauge g = io.prometheus.metrics.core.metrics.Gauge.builder()
                .name(name(name)).help(help).labelNames(labelNames).register(registry);
        return values -> wrap(g.labelValues(values));
    }

    /** A gauge read from {@code value} at each scrape (the binding cache's size). */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name(name)).help(help)
                .callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    /** Everything, in the Prometheus text format (what a scrape returns). */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Serves {@code /metrics} over HTTP on {@code address:port}; port 0 picks a free port
     * (see {@link MetricsServer#port()}). Bind to loopback: the metrics are not meant for the
     * world.
     */
    public MetricsServer serve(InetAddress address, int port) throws IOException {
        HTTPServer server = HTTPServer.builder().inetAddress(address).port(port).registry(registry)
                .buildAndStart();
        return new MetricsServer(server);
    }

    private static Counter wrap(CounterDataPoint p) {
        return new Counter() {
            @Override
            public void inc() {
                p.inc();
            }

            @Override
            public void inc(long n) {
                p.inc(n);
            }

            @Override
            public long value() {
                return p.getLongValue();
            }
        };
    }

    private static Gauge wrap(GaugeDataPoint p) {
        return new Gauge() {
            @Override
            public void set(double value) {
                p.set(value);
            }

            @Override
            public void inc() {
                p.inc();
            }

            @Override
            public void dec() {
                p.dec();
            }

            @Override
            public double value() {
                return p.get();
            }
        };
    }
}
