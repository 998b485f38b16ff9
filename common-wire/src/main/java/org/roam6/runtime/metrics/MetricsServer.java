package org.roam6.runtime.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;

/** A running {@code /metrics} HTTP endpoint; {@link #close()} stops it. */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;

    MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** The port it listens on (the chosen one when asked for port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
