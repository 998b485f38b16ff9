package org.roam6.wire;

/** Next Header values used by roam6 (IANA "Assigned Internet Protocol Numbers"). */
public final class IpProtocol {
    private IpProtocol() {}

    public static final int HOP_BY_HOP = 0;
    public static final int IPV6 = 41;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int NO_NEXT_HEADER = 59;
    public static final int DESTINATION_OPTIONS = 60;
    public static final int MOBILITY = 135;
    public static final int TCP = 6;
    public static final int UDP = 17;
}
