package org.roam6.wire.pcap;

import java.io.IOException;

/** A pcap file that cannot be read at all (bad magic, unknown link type, no file header). */
public final class PcapFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient PcapError error;

    public PcapFormatException(PcapError error) {
        super(error.toString());
        this.error = error;
    }

    /** What is wrong and where. */
    public PcapError error() {
        return error;
    }
}
