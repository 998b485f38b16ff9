package org.roam6.net;

import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * A stand-in daemon for the SIGTERM test: installs state in namespace args[0] through
 * {@link CommandNetworkControl}, prints "ready", and waits (at most 60 s) to be terminated.
 */
public final class InstallAndWait {
    private InstallAndWait() {}

    public static void main(String[] args) throws Exception {
        CommandNetworkControl ctl = new CommandNetworkControl("sigterm", args[0]);
        ctl.addRoute(Ipv6Prefix.parse("2001:db8:42::/64"), "vb", null, 0);
        ctl.addProxyNeighbour(Ipv6Address.parse("2001:db8:1::42"), "vb");
        ctl.dropKernelParameterProblems();
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
