package org.roam6.cli.demo;

import java.nio.file.Path;

/**
 * The configuration files of the demo's two daemons on the testbed: the home agent on ha1's
 * {@code lan0} serving the home prefix 2001:db8:1::/64, and the mobile node with home address
 * 2001:db8:1::100 registering with it, the two sharing one RFC 4285 MN-HA key.
 */
public final class DemoConfigs {

    public static final String HOME_PREFIX = "2001:db8:1::/64";
    public static final String HOME_AGENT = "2001:db8:1::11";
    public static final String HOME_ADDRESS = "2001:db8:1::100";
    public static final int SPI = 1000;
    public static final String KEY = "4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b";

    private DemoConfigs() {
    }

    /** had.conf: admin socket in the demo's directory, metrics off (no port to collide on). */
    public static String homeAgent(Path adminSocket) {
        return String.join("\n",
                "# roam6 demo: the home agent on the testbed's ha1",
                "NodeConfig HA;",
                "Interface \"lan0\";",
                "HaServedPrefix " + HOME_PREFIX + ";",
                "HomeAgentAddress " + HOME_AGENT + ";",
                "HaMaxBindingLife 420;",
                "DefaultBindingAclPolicy allow;",
                "MnKey " + HOME_ADDRESS + " " + SPI + " \"" + KEY + "\" sha256;",
                "TunnelInterface \"r6had0\";",
                "HomeAgentPreference 20;",
                "SendMobPfxAdvs enabled;",
                "AdminSocket \"" + adminSocket + "\";",
                "MetricsPort 0;",
                "DebugLevel 0;",
                "");
    }

    /** mnd.conf: the daemon as MND-style UMIP grammar, admin socket in the demo's directory, metrics off. */
    public static String mobileNode(Path adminSocket) {
        return String.join("\n",
                "# roam6 demo: the mobile node on the testbed's mn",
                "NodeConfig MN;",
                "MnHomeLink \"eth0\" {",
                "    HomeAgentAddress " + HOME_AGENT + ";",
                "    HomeAddress " + HOME_ADDRESS + "/64;",
                "    MnHaKey " + SPI + " \"" + KEY + "\" sha256;",
                "}",
                "MnHaUnprotected disabled;",
                "MnMaxHaBindingLife 420;",
                // only ha1 runs a home agent in this demo: plain RFC 6275, one home agent
                "MnHomeAgents 1;",
                "InitialBindackTimeoutFirstReg 1.5;",
                "InitialBindackTimeoutReReg 1;",
                "DoRouteOptimizationMN enabled;",
                "SendMobPfxSols enabled;",
                "MnRouterProbes 1;",
                "MnRouterProbeTimeout 0.5;",
                "TunnelInterface \"r6mn0\";",
                "TunnelMtu 1460;",
                "PolicyTable 6275;",
                "AdminSocket \"" + adminSocket + "\";",
                "MetricsPort 0;",
                "DebugLevel 0;",
                "");
    }
}
