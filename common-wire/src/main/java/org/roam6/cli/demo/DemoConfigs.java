package org.roam6.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration files of the demo's daemons on the testbed: the home agents on ha1's and
 * ha2's {@code lan0} serving the home prefix 2001:db8:1::/64, and the mobile node with home
 * address 2001:db8:1::100 registering with both at once (roam6's several home agents,
 * mnd/README.md: ha1 first, so ha1 intercepts while it lives), all sharing one RFC 4285 MN-HA key;
 * and the Mobility Agent on br's {@code lan0} answering for link C 2001:db8:c::/64, where the
 * correspondent cn is a plain Linux host (paper 003).
 */
public final class DemoConfigs {

    public static final String HOME_PREFIX = "2001:db8:1::/64";
    public static final String HOME_AGENT = "2001:db8:1::11";
    /** ha2's home agent: the mobile node's second, which takes over when ha1's dies. */
    public static final String SECOND_HOME_AGENT = "2001:db8:1::12";
    public static final String HOME_ADDRESS = "2001:db8:1::100";
    public static final int SPI = 1000;
    public static final String KEY = "4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b";
    /** The correspondent on link C, and the prefix the Mobility Agent on br answers for. */
    public static final String CORRESPONDENT = "2001:db8:c::10";
    public static final String CORRESPONDENT_PREFIX = "2001:db8:c::/64";

    private DemoConfigs() {
    }

    /** ha1's had.conf: admin socket in the demo's directory, metrics off (no port to collide on). */
    public static String homeAgent(Path adminSocket) {
        return homeAgent("ha1", HOME_AGENT, 20, adminSocket);
    }

    /**
     * had.conf for the home agent on {@code node} (ha1 or ha2) with its address and its
     * preference in the Home Agents List; admin socket in the demo's directory, metrics off.
     */
    public static String homeAgent(String node, String address, int preference, Path adminSocket) {
        return String.join("\n",
                "# roam6 demo: the home agent on the testbed's " + node,
                "NodeConfig HA;",
                "Interface \"lan0\";",
                "HaServedPrefix " + HOME_PREFIX + ";",
                "HomeAgentAddress " + address + ";",
                "HaMaxBindingLife 420;",
                "DefaultBindingAclPolicy allow;",
                "MnKey " + HOME_ADDRESS + " " + SPI + " \"" + KEY + "\" sha256;",
                "TunnelInterface \"r6had0\";",
                "HomeAgentPreference " + preference + ";",
                "SendMobPfxAdvs enabled;",
                "AdminSocket \"" + adminSocket + "\";",
                "MetricsPort 0;",
                "DebugLevel 0;",
                "");
    }

    /**
     * mnd.conf: the daemon as MND-style UMIP grammar, registering with ha1 and ha2 at once,
     * admin socket in the demo's directory, metrics off.
     */
    public static String mobileNode(Path adminSocket) {
        return mobileNode(adminSocket, List.of(HOME_AGENT, SECOND_HOME_AGENT), false);
    }

    /**
     * mnd.conf registering with {@code homeAgents} at once (in that order: the first intercepts);
     * with {@code correspondentAcks} it asks correspondents for Binding Acknowledgements
     * ({@code UseCnBuAck}) and says in its Care-of Test Init that it knows Mobility Agents
     * ({@code MnMobilityAgentAware}, the default, written out for the reader).
     */
    public static String mobileNode(Path adminSocket, List<String> homeAgents, boolean correspondentAcks) {
        if (homeAgents.isEmpty()) {
            throw new IllegalArgumentException("a mobile node needs a home agent");
        }
        List<String> lines = new ArrayList<>(List.of(
                "# roam6 demo: the mobile node on the testbed's mn",
                "NodeConfig MN;",
                "MnHomeLink \"eth0\" {"));
        for (String ha : homeAgents) {
            lines.add("    HomeAgentAddress " + ha + ";");
        }
        lines.addAll(List.of(
                "    HomeAddress " + HOME_ADDRESS + "/64;",
                "    MnHaKey " + SPI + " \"" + KEY + "\" sha256;",
                "}",
                "MnHaUnprotected disabled;",
                "MnMaxHaBindingLife 420;",
                // all at once: one BU and one BA per home agent at each move; ha1's death costs no registration
                "MnHomeAgents " + homeAgents.size() + ";",
                "InitialBindackTimeoutFirstReg 1.5;",
                "InitialBindackTimeoutReReg 1;",
                "DoRouteOptimizationMN enabled;"));
        if (correspondentAcks) {
            lines.addAll(List.of("UseCnBuAck enabled;", "MnMobilityAgentAware enabled;"));
        }
        lines.addAll(List.of(
                "SendMobPfxSols enabled;",
                "MnRouterProbes 1;",
                "MnRouterProbeTimeout 0.5;",
                "TunnelInterface \"r6mn0\";",
                "TunnelMtu 1460;",
                "PolicyTable 6275;",
                "AdminSocket \"" + adminSocket + "\";",
                "MetricsPort 0;",
                "DebugLevel 0;",
                ""));
        return String.join("\n", lines);
    }

    /**
     * mad.conf for the Mobility Agent on br: it answers for link C (the correspondent cn among
     * them) on {@code lan0}, legacy mobile nodes get the default policy (a Parameter Problem),
     * admin socket in the demo's directory, metrics off.
     */
    public static String mobilityAgent(Path adminSocket) {
        return String.join("\n",
                "# roam6 demo: the Mobility Agent on the testbed's border router br",
                "NodeConfig CN;",
                "Interface \"lan0\";",
                "MaServedPrefix " + CORRESPONDENT_PREFIX + ";",
                "AdminSocket \"" + adminSocket + "\";",
                "MetricsPort 0;",
                "DebugLevel 0;",
                "");
    }
}
