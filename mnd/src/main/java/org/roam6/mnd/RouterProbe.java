package org.roam6.mnd;

import java.time.Duration;
import java.util.Objects;

/**
 * How movement detection checks that the current default router is still reachable
 * (RFC 6275 11.5.1, RFC 4861 7.3): up to {@code probes} ICMPv6 Echo Requests to its link-local
 * address, each given {@code timeout} for the Echo Reply. UMIP's {@code MnRouterProbes} and
 * {@code MnRouterProbeTimeout}. With {@code probes} 0 nothing is sent: the router counts as gone
 * only once the link has been silent for three advertisement intervals.
 */
public record RouterProbe(int probes, Duration timeout) {
    /** UMIP's defaults: one probe, half a second. */
    public static final RouterProbe DEFAULT = new RouterProbe(1, Duration.ofMillis(500));

    public RouterProbe {
        Objects.requireNonNull(timeout, "timeout");
        if (probes < 0 || probes > 255) {
            throw new IllegalArgumentException("MnRouterProbes " + probes + " is not 0-255");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("MnRouterProbeTimeout " + timeout + " is not positive");
        }
    }
}
