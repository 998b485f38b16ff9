package org.roam6.net;

/** Opens a raw MH socket and prints the outcome: run unprivileged by {@link ErrnoTest}. */
public final class OpenRawSocket {
    private OpenRawSocket() {}

    public static void main(String[] args) {
        try (RawIpv6Socket s = RawIpv6Socket.open(PacketSocketConfig.mobilityHeader())) {
            System.out.println("opened " + s);
        } catch (NetException e) {
            System.out.println("errno=" + e.errno());
            System.out.println(e.getMessage());
        }
    }
}
