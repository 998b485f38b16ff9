package org.roam6.mnd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.crypto.MnHaKey;
import org.roam6.runtime.RuntimeKeywords;
import org.roam6.runtime.config.ArgSpec;
import org.roam6.runtime.config.ConfigEntry;
import org.roam6.runtime.config.ConfigException;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.config.ConfigSection;
import org.roam6.runtime.config.ConfigValue;
import org.roam6.runtime.config.KeywordSpec;
import org.roam6.runtime.config.MultiHaKeywords;
import org.roam6.runtime.config.PrefixedAddress;
import org.roam6.runtime.config.UmipKeywords;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityOptionType;
import org.slf4j.Logger;

/**
 * The mobile node's configuration: the schema of {@code mnd.conf} (UMIP's mip6d.conf keywords
 * that a mobile node honours, plus roam6's own) and the typed view the parts are built from.
 *
 * <pre>
 * NodeConfig MN;
 * MnHomeLink "eth0" {
 *     HomeAgentAddress 2001:db8:1::11;      # absent or :: -> DHAAD (RFC 6275 11.4.1)
 *     HomeAddress 2001:db8:1::100/64;
 *     MnHaKey 1000 "4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b" sha256;   # roam6: RFC 4285 SPI, key, HMAC
 * }
 * MnHaUnprotected disabled;                 # roam6: enabled sends BUs without RFC 4285 (logged loudly)
 * MnHomeAgents 2;                           # roam6: home agents registered with at once (1: plain RFC 6275)
 * MultiHaFlag 0x0800; MultiHaOption 18; HaUnreachableType 154;   # roam6: multi-HA code points
 * MnMaxHaBindingLife 420;
 * InitialBindackTimeoutFirstReg 1.5;
 * InitialBindackTimeoutReReg 1;
 * DoRouteOptimizationMN enabled;
 * MnMobilityAgentAware enabled;             # roam6: the CoTI says "I know Mobility Agents" (paper 003)
 * MnCnPreSharedKey 2001:db8:c::/64 "00112233445566778899aabbccddeeff";   # roam6: two-message RR
 * SendMobPfxSols enabled;
 * MnRouterProbes 1;
 * MnRouterProbeTimeout 0.5;
 * TunnelInterface "r6mn0";                  # roam6: the TUN device holding the home address
 * TunnelMtu 1460;                           # roam6
 * PolicyTable 6275;                         # roam6: routing table for traffic from the HoA when away
 * AdminSocket "/run/roam6/mnd.sock";
 * MetricsPort 9467;
 * </pre>
 *
 * The home agent's side of the key is {@code MnKey <home address> <spi> "<hex>" sha256;} in
 * {@code had.conf}. Binding Updates are protected with the RFC 4285 Mobility Message
 * Authentication option; roam6 has no IPsec, so {@code UseMnHaIPsec enabled} is refused.
 *
 * <p>Several home agents (roam6, the multi-HA paper, DESIGN.md section 3): {@code HomeAgentAddress}
 * may be repeated in the {@code MnHomeLink} block, in order of preference; {@code MnHomeAgents}
 * says how many the node registers with at once (default 2; DHAAD fills the list up); with
 * {@code MnHomeAgents 1} the node is a plain RFC 6275 mobile node (no M bit, no Multiple Home
 * Agents option). The code points are had's: {@code MultiHaFlag}, {@code MultiHaOption},
 * {@code HaUnreachableType}, and both ends must agree.
 *
 * <p>Mobility Agents (roam6, paper 003, DESIGN.md section 3), for route optimisation
 * ({@code DoRouteOptimizationMN enabled}):
 * <ul>
 *   <li>{@code MnMobilityAgentAware enabled|disabled;} (default enabled): the first octet of the
 *       Care-of Test Init's Reserved field says the mobile node knows Mobility Agents (1). With
 *       {@code disabled} it is 0 and the node behaves as a legacy Mobile IPv6 node: an agent
 *       answers its CoTI with an ICMPv6 Parameter Problem code 1 and the correspondent's traffic
 *       stays in the home agent's tunnel; {@code MnCnPreSharedKey} lines are then not used.
 *   <li>{@code MnCnPreSharedKey <correspondent address or prefix> "<hex-key>";} (repeatable): a
 *       key of at least {@value #MIN_PRE_SHARED_KEY_LENGTH} bytes shared with the Mobility Agent
 *       that answers for those correspondents (its {@code MaPreSharedKey <home address> "..."}
 *       line). With such a correspondent the Home and Care-of tests are skipped: the Binding
 *       Update goes at once, without Nonce Indices, authorised with
 *       {@link org.roam6.crypto.PreSharedKeyRr}'s Kbm; the longest covering prefix's key is
 *       used. Use the key for nothing else (not also as the MnHaKey, which is refused), and
 *       prefer {@code UseCnBuAck enabled} so the path waits for the agent's authenticated
 *       Binding Acknowledgement.
 * </ul>
 */
public final class MobileNodeConfig {

    /** The default metrics port of mnd (had 9466, mad 9468). */
    public static final int DEFAULT_METRICS_PORT = 9467;

    /** {@code MnHaKey <spi> "<hex>" [sha256|sha1];} in the MnHomeLink block: the RFC 4285 MN-HA key. */
    public static final KeywordSpec MN_HA_KEY = KeywordSpec.of("MnHaKey", ArgSpec.unsigned32("<spi>"), ArgSpec.string("\"<hex-key>\""),
                    ArgSpec.choice("sha256", "sha1").optional())
            .in("MnHomeLink")
            .doc("roam6: RFC 4285 MN-HA key shared with the home agent: SPI, key in hex (16 bytes or more), HMAC");
    /** {@code MnHaUnprotected enabled;}: send Binding Updates without RFC 4285 authentication. */
    public static final KeywordSpec MN_HA_UNPROTECTED = KeywordSpec.of("MnHaUnprotected", ArgSpec.bool("enabled|disabled"))
            .defaultValue(false)
            .doc("roam6: send Binding Updates WITHOUT RFC 4285 authentication (needs no MnHaKey; logged loudly)");
    /** {@code TunnelInterface "r6mn0";}. */
    public static final KeywordSpec TUNNEL_INTERFACE = KeywordSpec.of("TunnelInterface", ArgSpec.string("\"<name>\""))
            .defaultValue("r6mn0").doc("roam6: name of the mobile node's TUN device (holds the home address)");
    /** {@code TunnelMtu 1460;}: leaves room for the 40-byte outer header on a 1500 link. */
    public static final KeywordSpec TUNNEL_MTU = KeywordSpec.of("TunnelMtu", ArgSpec.integer("<bytes>", 1280, 65535))
            .defaultValue(1460).doc("roam6: MTU of the TUN device (IPv6 minimum 1280)");
    /** {@code PolicyTable 6275;}. */
    public static final KeywordSpec POLICY_TABLE = KeywordSpec.of("PolicyTable", ArgSpec.integer("<table>", 1, 0x7fffffff))
            .defaultValue(6275)
            .doc("roam6: routing table that sends traffic from the home address into the TUN when away");

    /** {@code HomeAgentAddress <address>;} in the MnHomeLink block, repeatable (roam6: several home agents, in order). */
    public static final KeywordSpec HOME_AGENT_ADDRESSES = UmipKeywords.HOME_AGENT_ADDRESS.repeatable()
            .doc("The HA to register with (:: runs DHAAD); roam6: repeat it for several home agents, in order");
    /** {@code MnHomeAgents 2;}: how many home agents the node registers with at once. */
    public static final KeywordSpec MN_HOME_AGENTS = KeywordSpec.of("MnHomeAgents",
                    ArgSpec.integer("<count>", 1, MobilityOptionType.MULTIPLE_HOME_AGENTS_MAX_ADDRESSES))
            .defaultValue(2)
            .doc("roam6: home agents to register with at once (M bit and Multiple Home Agents option);"
                    + " 1 is plain RFC 6275");

    /** {@code MnMobilityAgentAware enabled;}: the Care-of Test Init's Reserved first octet (paper 003). */
    public static final KeywordSpec MN_MOBILITY_AGENT_AWARE = KeywordSpec.of("MnMobilityAgentAware",
                    ArgSpec.bool("enabled|disabled"))
            .defaultValue(true)
            .doc("roam6: the Care-of Test Init says the node knows Mobility Agents (Reserved first octet 1,"
                    + " paper 003); disabled: a legacy node (0)");
    /** The shortest {@code MnCnPreSharedKey} key, in bytes (as mad's {@code MaPreSharedKey}). */
    public static final int MIN_PRE_SHARED_KEY_LENGTH = org.roam6.crypto.PreSharedKeyRr.MIN_KEY_LENGTH;
    /** {@code MnCnPreSharedKey <correspondent address or prefix> "<hex>";}, repeatable. */
    public static final KeywordSpec MN_CN_PRE_SHARED_KEY = KeywordSpec.of("MnCnPreSharedKey",
                    correspondents("<correspondent-address|prefix>"), ArgSpec.string("\"<hex-key>\""))
            .repeatable()
            .doc("roam6: key shared with the Mobility Agent answering for these correspondents: Return"
                    + " Routability in two messages (BU and BA), paper 003");

    /** A correspondent's address (bound as a /128) or a prefix of correspondents, as {@link Ipv6Prefix}. */
    private static ArgSpec correspondents(String placeholder) {
        return ArgSpec.custom(placeholder, Set.of(ArgSpec.Shape.ADDRESS, ArgSpec.Shape.PREFIXED), v -> {
            if (v instanceof ConfigValue.Address a) {
                return new Ipv6Prefix(a.address(), 128);
            }
            if (v instanceof ConfigValue.Prefixed p) {
                String len = p.lengthText();
                if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(len) > 128) {
                    throw new ArgSpec.Rejected("'" + len + "' is not a prefix length 0..128");
                }
                return new Ipv6Prefix(p.address(), Integer.parseInt(len));
            }
            throw new ArgSpec.Rejected(v.describe() + " is not an IPv6 address or prefix");
        });
    }

    /** Routing tables the kernel uses itself: default 253, main 254, local 255. */
    private static final Set<Integer> RESERVED_TABLES = Set.of(253, 254, 255);

    /** The keywords of {@code mnd.conf} (the runtime adds AdminSocket, MetricsPort ...). */
    public static ConfigSchema schema() {
        return ConfigSchema.of("mnd",
                UmipKeywords.NODE_CONFIG.required(), UmipKeywords.INTERFACE, UmipKeywords.IF_TYPE,
                UmipKeywords.MN_IF_PREFERENCE,
                UmipKeywords.MN_HOME_LINK, HOME_AGENT_ADDRESSES, UmipKeywords.HOME_ADDRESS,
                UmipKeywords.HOME_PREFIX, MN_HA_KEY, MN_HA_UNPROTECTED, UmipKeywords.USE_MN_HA_IPSEC,
                UmipKeywords.MN_MAX_HA_BINDING_LIFE, UmipKeywords.MN_MAX_CN_BINDING_LIFE,
                UmipKeywords.INITIAL_BINDACK_TIMEOUT_FIRST_REG, UmipKeywords.INITIAL_BINDACK_TIMEOUT_RE_REG,
                UmipKeywords.INITIAL_SOLICIT_TIMER,
                UmipKeywords.DO_ROUTE_OPTIMIZATION_MN, UmipKeywords.USE_CN_BU_ACK, MN_MOBILITY_AGENT_AWARE,
                MN_CN_PRE_SHARED_KEY, UmipKeywords.SEND_MOB_PFX_SOLS,
                UmipKeywords.MN_ROUTER_PROBES, UmipKeywords.MN_ROUTER_PROBE_TIMEOUT,
                TUNNEL_INTERFACE, TUNNEL_MTU, POLICY_TABLE, MN_HOME_AGENTS,
                MultiHaKeywords.MULTI_HA_FLAG, MultiHaKeywords.MULTI_HA_OPTION, MultiHaKeywords.HA_UNREACHABLE_TYPE);
    }

    private final String homeLinkInterface;
    private final List<String> interfaces;
    private final Ipv6Address homeAgentAddress;
    private final List<Ipv6Address> homeAgentAddresses;
    private final int homeAgentCount;
    private final MobilityExtensions extensions;
    private final Ipv6Address homeAddress;
    private final Ipv6Prefix homePrefix;
    private final MnHaKey key;
    private final boolean unprotected;
    private final int maxHomeBindingLifetime;
    private final int maxCorrespondentBindingLifetime;
    private final Duration initialBindackTimeoutFirstReg;
    private final Duration initialBindackTimeoutReReg;
    private final Duration initialSolicitTimer;
    private final boolean routeOptimisation;
    private final boolean correspondentBindingAcks;
    private final boolean mobilityAgentAware;
    private final CorrespondentPreSharedKeys preSharedKeys;
    private final boolean sendMobilePrefixSolicitations;
    private final int routerProbes;
    private final Duration routerProbeTimeout;
    private final String tunnelInterface;
    private final int tunnelMtu;
    private final int policyTable;
    private final ConfigSection section;

    private MobileNodeConfig(ConfigSection c) throws ConfigException {
        this.section = c;
        ConfigEntry node = c.find("NodeConfig").orElseThrow();
        if (!"MN".equals(node.first(String.class))) {
            throw new ConfigException(node.position(), "NodeConfig " + node.first(String.class),
                    "NodeConfig MN in the mobile node's config");
        }
        if (c.optional("UseMnHaIPsec", Boolean.class).orElse(false)) {
            ConfigEntry e = c.find("UseMnHaIPsec").orElseThrow();
            throw new ConfigException(e.position(), "UseMnHaIPsec enabled (roam6 has no IPsec)",
                    "UseMnHaIPsec disabled; roam6 protects Binding Updates with RFC 4285: put"
                            + " MnHaKey <spi> \"<hex-key>\" sha256; in the MnHomeLink block");
        }
        List<ConfigEntry> links = c.all("MnHomeLink");
        if (links.isEmpty()) {
            throw new ConfigException(node.position(), "no MnHomeLink",
                    "one MnHomeLink \"<interface>\" { HomeAddress <address/length>; ... } block");
        }
        if (links.size() > 1) {
            throw new ConfigException(links.get(1).position(), "a second MnHomeLink block",
                    "exactly one MnHomeLink (roam6 serves one home address per mobile node)");
        }
        ConfigEntry link = links.get(0);
        this.homeLinkInterface = link.first(String.class);
        List<String> ifs = new ArrayList<>();
        for (ConfigEntry e : c.all("Interface")) {
            ifs.add(e.first(String.class));
        }
        this.interfaces = ifs.isEmpty() ? List.of(homeLinkInterface) : List.copyOf(ifs);
        ConfigSection block = link.block();

        ConfigEntry hoaEntry = block.find("HomeAddress").orElseThrow();
        PrefixedAddress hoa = hoaEntry.first(PrefixedAddress.class);
        this.homeAddress = hoa.address();
        Optional<ConfigEntry> homePrefixEntry = block.find("HomePrefix");
        this.homePrefix = homePrefixEntry.isPresent() ? homePrefixEntry.get().first(Ipv6Prefix.class) : hoa.prefix();
        if (homeAddress.isUnspecified() || homeAddress.isMulticast() || homeAddress.isLinkLocal()) {
            throw new ConfigException(hoaEntry.position(), "HomeAddress " + homeAddress + " is not a global unicast address",
                    "the mobile node's global home address with its home prefix length, e.g. 2001:db8:1::100/64");
        }
        if (homePrefix.length() == 0 || homePrefix.length() == 128) {
            ConfigEntry at = homePrefixEntry.orElse(hoaEntry);
            throw new ConfigException(at.position(), "a home prefix of length " + homePrefix.length(),
                    "the home link's prefix length, e.g. HomeAddress 2001:db8:1::100/64");
        }
        if (!homePrefix.contains(homeAddress)) {
            ConfigEntry at = homePrefixEntry.orElse(hoaEntry);
            throw new ConfigException(at.position(), "HomeAddress " + homeAddress + " outside its home prefix " + homePrefix,
                    "a home address inside the home prefix (RFC 6275 10.3.1: the home agent refuses it with status 132)");
        }
        if (homeAddress.equals(homePrefix.address())) {
            throw new ConfigException(hoaEntry.position(), "HomeAddress " + homeAddress + " is the Subnet-Router anycast"
                    + " address of " + homePrefix, "a home address with a non-zero interface identifier");
        }

        List<Ipv6Address> has = new ArrayList<>();
        for (ConfigEntry haEntry : block.all("HomeAgentAddress")) {
            Ipv6Address ha = haEntry.first(Ipv6Address.class);
            if (ha.isUnspecified()) {
                continue; // UMIP: :: means "find one with DHAAD"
            }
            if (ha.isMulticast() || ha.isLinkLocal()) {
                throw new ConfigException(haEntry.position(), "HomeAgentAddress " + ha + " is not a global unicast address",
                        "the home agent's global address, or :: (or no HomeAgentAddress) to find one with DHAAD");
            }
            if (ha.equals(homeAddress)) {
                throw new ConfigException(haEntry.position(), "HomeAgentAddress equal to the HomeAddress",
                        "the home agent's own address");
            }
            if (has.contains(ha)) {
                throw new ConfigException(haEntry.position(), "HomeAgentAddress " + ha + " given twice",
                        "each home agent once, in order of preference");
            }
            has.add(ha);
        }
        this.homeAgentAddresses = List.copyOf(has);
        this.homeAgentAddress = has.isEmpty() ? null : has.get(0);
        this.homeAgentCount = c.integer("MnHomeAgents");
        this.extensions = MultiHaKeywords.extensions(c);

        this.unprotected = c.bool("MnHaUnprotected");
        Optional<ConfigEntry> keyEntry = block.find("MnHaKey");
        if (keyEntry.isPresent()) {
            ConfigEntry e = keyEntry.get();
            int spi = e.arg(0, Integer.class);
            String alg = e.arg(2, String.class);
            byte[] secret = e.hexKey(1, MnHaKey.MIN_SECRET_LENGTH, "MnHaKey", "MnHaKey <spi> \"<hex-key>\" [sha256|sha1]");
            MacAlgorithm a = "sha1".equals(alg) ? MacAlgorithm.HMAC_SHA1 : MacAlgorithm.MN_HA_DEFAULT;
            this.key = new MnHaKey(spi, homeAddress, a, secret);
        } else {
            this.key = null;
            if (!unprotected) {
                throw new ConfigException(link.position(), "MnHomeLink without MnHaKey",
                        "MnHaKey <spi> \"<hex-key>\" sha256; in the MnHomeLink block (the same SPI and key as the"
                                + " home agent's MnKey " + homeAddress + " line), or MnHaUnprotected enabled; to send"
                                + " Binding Updates without authentication");
            }
        }

        this.maxHomeBindingLifetime = c.integer("MnMaxHaBindingLife");
        if (maxHomeBindingLifetime < 4) {
            ConfigEntry e = c.find("MnMaxHaBindingLife").orElseThrow();
            throw new ConfigException(e.position(), "MnMaxHaBindingLife " + maxHomeBindingLifetime,
                    "at least 4 seconds (RFC 6275 6.1.7: the lifetime counts 4-second units; 0 would de-register)");
        }
        this.maxCorrespondentBindingLifetime = c.integer("MnMaxCnBindingLife");
        this.initialBindackTimeoutFirstReg = positive(c, "InitialBindackTimeoutFirstReg");
        this.initialBindackTimeoutReReg = positive(c, "InitialBindackTimeoutReReg");
        this.initialSolicitTimer = positive(c, "InitialSolicitTimer");
        this.routeOptimisation = c.bool("DoRouteOptimizationMN");
        this.correspondentBindingAcks = c.bool("UseCnBuAck");
        this.mobilityAgentAware = c.bool("MnMobilityAgentAware");
        this.preSharedKeys = preSharedKeys(c, homeAddress, key);
        this.sendMobilePrefixSolicitations = c.bool("SendMobPfxSols");
        this.routerProbes = c.integer("MnRouterProbes");
        this.routerProbeTimeout = c.duration("MnRouterProbeTimeout");
        this.tunnelInterface = c.string("TunnelInterface");
        if (tunnelInterface.isEmpty() || tunnelInterface.length() > 15 || tunnelInterface.contains("/")
                || tunnelInterface.chars().anyMatch(Character::isWhitespace)) {
            ConfigEntry e = c.find("TunnelInterface").orElseThrow();
            throw new ConfigException(e.position(), "TunnelInterface \"" + tunnelInterface + "\"",
                    "an interface name of 1 to 15 characters without '/' or spaces");
        }
        this.tunnelMtu = c.integer("TunnelMtu");
        this.policyTable = c.integer("PolicyTable");
        if (RESERVED_TABLES.contains(policyTable)) {
            ConfigEntry e = c.find("PolicyTable").orElseThrow();
            throw new ConfigException(e.position(), "PolicyTable " + policyTable + " (a table the kernel uses itself)",
                    "a table of its own, e.g. 6275 (253 default, 254 main, 255 local are taken)");
        }
    }

    private static CorrespondentPreSharedKeys preSharedKeys(ConfigSection c, Ipv6Address homeAddress, MnHaKey haKey)
            throws ConfigException {
        List<CorrespondentPreSharedKeys.Key> keys = new ArrayList<>();
        Set<Ipv6Prefix> seen = new HashSet<>();
        for (ConfigEntry e : c.all("MnCnPreSharedKey")) {
            Ipv6Prefix cn = e.arg(0, Ipv6Prefix.class);
            String usage = "MnCnPreSharedKey <correspondent-address|prefix> \"<hex-key>\"";
            Ipv6Address a = cn.address();
            if (a.isUnspecified() || a.isMulticast() || a.isLinkLocal() || a.equals(new Ipv6Address(0, 1))) {
                throw new ConfigException(e.position(), "MnCnPreSharedKey for " + (cn.length() == 128 ? a : cn)
                        + ", not a global unicast correspondent", "a correspondent's global address or prefix, e.g. "
                        + usage.replace("<correspondent-address|prefix>", "2001:db8:c::/64"));
            }
            if (cn.length() == 128 && a.equals(homeAddress)) {
                throw new ConfigException(e.position(), "MnCnPreSharedKey for the home address " + a,
                        "a correspondent's address or prefix");
            }
            byte[] secret = e.hexKey(1, MIN_PRE_SHARED_KEY_LENGTH, "MnCnPreSharedKey for " + cn, usage);
            if (haKey != null && Arrays.equals(secret, haKey.secret())) {
                throw new ConfigException(e.position(), "MnCnPreSharedKey for " + cn + " with the MnHaKey's key",
                        "a key of its own (a pre-shared key for Return Routability is used for nothing else)");
            }
            if (!seen.add(cn)) {
                throw new ConfigException(e.position(), "a second MnCnPreSharedKey for " + cn,
                        "one key per correspondent address or prefix");
            }
            keys.add(new CorrespondentPreSharedKeys.Key(cn, secret));
        }
        return new CorrespondentPreSharedKeys(keys);
    }

    private static Duration positive(ConfigSection c, String keyword) throws ConfigException {
        Duration d = c.duration(keyword);
        if (d.isZero()) {
            ConfigEntry e = c.find(keyword).orElseThrow();
            throw new ConfigException(e.position(), keyword + " 0", keyword + " of more than 0 seconds");
        }
        return d;
    }

    /** Binds a loaded config section (the runtime's keywords included). */
    public static MobileNodeConfig from(ConfigSection section) throws ConfigException {
        return new MobileNodeConfig(section);
    }

    /** Parses config text (tests, tools); the runtime keywords are accepted too. */
    public static MobileNodeConfig parse(String fileName, String text) throws ConfigException {
        return from(RuntimeKeywords.addTo(schema(), DEFAULT_METRICS_PORT).load(fileName, text));
    }

    /** Loads a config file (tools); the runtime keywords are accepted too. */
    public static MobileNodeConfig load(Path file) throws ConfigException {
        return from(RuntimeKeywords.addTo(schema(), DEFAULT_METRICS_PORT).load(file));
    }

    /**
     * Says at start-up, loudly when Binding Updates go out unprotected, how the home registration
     * is protected (never the key itself).
     */
    public void logSecurityPosture(Logger log) {
        if (key == null) {
            log.warn("SECURITY: Binding Updates for home address {} are sent WITHOUT authentication"
                    + " (MnHaUnprotected): anyone on the path can forge or replay this mobile node's registrations;"
                    + " configure MnHaKey (RFC 4285) with the home agent's MnKey", homeAddress);
        } else {
            log.info("RFC 4285 MN-HA key for {}: SPI {}, {}", homeAddress, Integer.toUnsignedString(key.spi()),
                    key.algorithm());
            if (unprotected) {
                log.info("MnHaUnprotected is enabled but an MnHaKey is configured: Binding Updates are authenticated");
            }
        }
        if (!preSharedKeys.isEmpty()) {
            if (!routeOptimisation) {
                log.warn("MnCnPreSharedKey is configured but DoRouteOptimizationMN is disabled: the keys are not used");
            } else if (!mobilityAgentAware) {
                log.warn("MnCnPreSharedKey is configured but MnMobilityAgentAware is disabled: a legacy mobile node"
                        + " runs the four-message Return Routability with every correspondent; the keys are not used");
            } else {
                log.info("pre-shared-key Return Routability (Binding Update and Acknowledgement only) with"
                        + " correspondents in {}", preSharedKeys.prefixes());
            }
        }
    }

    /** The interface named by {@code MnHomeLink} (the home link; the access interface in roam6's set-up). */
    public String homeLinkInterface() {
        return homeLinkInterface;
    }

    /**
     * The interfaces the mobile node may attach through: the {@code Interface} statements (as
     * UMIP's mobile node lists them), or the home link's interface when there are none.
     */
    public List<String> interfaces() {
        return interfaces;
    }

    /**
     * The first {@code HomeAgentAddress}, or empty when absent or {@code ::} (the daemon runs DHAAD,
     * RFC 6275 11.4.1).
     */
    public Optional<Ipv6Address> homeAgentAddress() {
        return Optional.ofNullable(homeAgentAddress);
    }

    /**
     * Every {@code HomeAgentAddress} of the MnHomeLink block in order ({@code ::} left out); empty
     * when the home agents are to be found with DHAAD.
     */
    public List<Ipv6Address> homeAgentAddresses() {
        return homeAgentAddresses;
    }

    /** {@code MnHomeAgents}: how many home agents to register with at once (1: plain RFC 6275). */
    public int homeAgentCount() {
        return homeAgentCount;
    }

    /** The multi-HA code points ({@code MultiHaFlag}, {@code MultiHaOption}, {@code HaUnreachableType}). */
    public MobilityExtensions extensions() {
        return extensions;
    }

    /** The home address ({@code HomeAddress}, without its length). */
    public Ipv6Address homeAddress() {
        return homeAddress;
    }

    /** The home prefix: {@code HomePrefix}, else {@code HomeAddress}'s address/length. */
    public Ipv6Prefix homePrefix() {
        return homePrefix;
    }

    /** The RFC 4285 MN-HA key, or empty with {@code MnHaUnprotected enabled} and no {@code MnHaKey}. */
    public Optional<MnHaKey> key() {
        return Optional.ofNullable(key);
    }

    /** Whether Binding Updates go out without authentication (no key configured). */
    public boolean unprotected() {
        return key == null;
    }

    /** {@code MnMaxHaBindingLife} in seconds: the lifetime asked of the home agent. */
    public int maxHomeBindingLifetime() {
        return maxHomeBindingLifetime;
    }

    /** {@code MnMaxCnBindingLife} in seconds. */
    public int maxCorrespondentBindingLifetime() {
        return maxCorrespondentBindingLifetime;
    }

    /** {@code InitialBindackTimeoutFirstReg}: RFC 6275 13, the first wait of a new home registration. */
    public Duration initialBindackTimeoutFirstReg() {
        return initialBindackTimeoutFirstReg;
    }

    /** {@code InitialBindackTimeoutReReg}: RFC 6275 12 INITIAL_BINDACK_TIMEOUT, the first wait of a refresh. */
    public Duration initialBindackTimeoutReReg() {
        return initialBindackTimeoutReReg;
    }

    /** {@code InitialSolicitTimer}: RFC 6275 12 INITIAL_SOLICIT_TIMER (DHAAD, Mobile Prefix Solicitation). */
    public Duration initialSolicitTimer() {
        return initialSolicitTimer;
    }

    /** {@code DoRouteOptimizationMN}. */
    public boolean routeOptimisation() {
        return routeOptimisation;
    }

    /** {@code UseCnBuAck}: ask correspondents for a Binding Acknowledgement. */
    public boolean correspondentBindingAcks() {
        return correspondentBindingAcks;
    }

    /** {@code MnMobilityAgentAware}: the Care-of Test Init's Reserved first octet is 1 (paper 003). */
    public boolean mobilityAgentAware() {
        return mobilityAgentAware;
    }

    /** {@code MnCnPreSharedKey}: the keys of the two-message Return Routability, by correspondent prefix. */
    public CorrespondentPreSharedKeys preSharedKeys() {
        return preSharedKeys;
    }

    /** {@code SendMobPfxSols}. */
    public boolean sendMobilePrefixSolicitations() {
        return sendMobilePrefixSolicitations;
    }

    /** {@code MnRouterProbes}. */
    public int routerProbes() {
        return routerProbes;
    }

    /** {@code MnRouterProbeTimeout}. */
    public Duration routerProbeTimeout() {
        return routerProbeTimeout;
    }

    /** {@code TunnelInterface}. */
    public String tunnelInterface() {
        return tunnelInterface;
    }

    /** {@code TunnelMtu}. */
    public int tunnelMtu() {
        return tunnelMtu;
    }

    /** {@code PolicyTable}. */
    public int policyTable() {
        return policyTable;
    }

    /** The bound config, for keywords the other parts read themselves (AdminSocket, MetricsPort ...). */
    public ConfigSection section() {
        return section;
    }
}
