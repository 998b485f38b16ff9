package org.roam6.net;

/**
 * What a capture knows about a packet besides its IPv6 bytes: the link-layer addresses (when the
 * link has them), the capture time and the length on the wire. Reused across receives.
 */
public final class CaptureInfo {
    private MacAddress source;
    private MacAddress destination;
    private long timestampMicros;
    private int wireLength;

    public void reset() {
        source = null;
        destination = null;
        timestampMicros = 0;
        wireLength = 0;
    }

    /** Source MAC address, null on links without one. */
    public MacAddress source() {
        return source;
    }

    public MacAddress destination() {
        return destination;
    }

    /** Capture time in microseconds since the epoch. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** Length of the whole frame on the wire. */
    public int wireLength() {
        return wireLength;
    }

    public CaptureInfo set(MacAddress src, MacAddress dst, long micros, int wireLen) {
        this.source = src;
        this.destination = dst;
        this.timestampMicros = micros;
        this.wireLength = wireLen;
        return this;
    }
}
