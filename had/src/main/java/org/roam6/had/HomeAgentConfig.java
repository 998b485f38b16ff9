package org.roam6.had;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.roam6.binding.BindingCache;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.crypto.MnHaKey;
import org.roam6.crypto.MnHaKeyStore;
import org.roam6.runtime.RuntimeKeywords;
import org.roam6.runtime.config.ArgSpec;
import org.roam6.runtime.config.ConfigEntry;
import org.roam6.runtime.config.ConfigException;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.config.ConfigSection;
import org.roam6.runtime.config.ConfigValue;
import org.roam6.runtime.config.KeywordSpec;
import org.roam6.runtime.config.MultiHaKeywords;
import org.roam6.runtime.config.UmipKeywords;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.slf4j.Logger;

/**
 * The home agent's configuration: the schema of {@code had.conf} (UMIP's mip6d.conf keywords
 * that both share, plus roam6's own) and the typed view the parts are built from.
 *
 * <pre>
 * NodeConfig HA;
 * Interface "lan0";                          # the home link
 * HaServedPrefix 2001:db8:1::/64;            # the home prefix (RFC 6275 10.3.1: status 132 outside it)
 * HaMaxBindingLife 420;                      # lifetimes are capped at this (RFC 6275 10.3.1)
 * DefaultBindingAclPolicy deny;
 * BindingAclPolicy 2001:db8:1::100 allow;
 * BindingAclPolicy 2001:db8:1::200 (2001:db8:10:1::/64) allow;   # a mobile router and its prefixes
 * HaAcceptMobRtr enabled;                    # RFC 3963 (else status 140)
 * MnKey 2001:db8:1::100 1000 "00112233445566778899aabbccddeeff" sha256;   # roam6: RFC 4285 key
 * MnUnprotected 2001:db8:1::200;             # roam6: accept BUs without authentication (logged)
 * TunnelInterface "r6had0";                  # roam6
 * HomeAgentAddress 2001:db8:1::11;           # roam6: this HA's address (default: found on the Interface)
 * HomeAgentPreference 0; HomeAgentLifetime 1800;   # roam6: Home Agent Information (RFC 6275 7.4)
 * MaxBindings 100000;                        # roam6 (status 130 when full)
 * BindingRefreshAdvance 10;                  # roam6: Binding Refresh Request 10 s before expiry (0: none)
 * MultiHaFlag 0x0800; MultiHaOption 18; HaUnreachableType 154;   # roam6: multi-HA code points
 * HaPeerPort 5475; HaPeerProbeInterval 100; HaPeerProbeMisses 3;  # roam6: HA-to-HA heartbeats (ms)
 * </pre>
 */
public final class HomeAgentConfig {

    /** {@code TunnelInterface "r6had0";}: the TUN device the home agent owns. */
    public static final KeywordSpec TUNNEL_INTERFACE = KeywordSpec.of("TunnelInterface", ArgSpec.string("\"<name>\""))
            .defaultValue("r6had0").doc("roam6: name of the home agent's TUN device (intercepted packets)");
    /**
     * {@code HomeAgentAddress 2001:db8:1::11;}: this home agent's own global address on the home
     * link, inside a home prefix: the outer source of tunnelled packets, the source of DHAAD
     * Replies and Mobile Prefix Advertisements, this home agent's entry in the Home Agents List.
     * Without it the daemon takes the home interface's global address inside a
     * {@code HaServedPrefix} at start (it must have exactly one usable there).
     */
    public static final KeywordSpec HOME_AGENT_ADDRESS = KeywordSpec.of("HomeAgentAddress",
                    ArgSpec.address("<address>"))
            .doc("roam6: this HA's address on the home link (default: the Interface's global address in a HaServedPrefix)");
    /** {@code HomeAgentPreference 0;}: RFC 6275 7.4, a signed 16-bit number. */
    public static final KeywordSpec HOME_AGENT_PREFERENCE = KeywordSpec.of("HomeAgentPreference",
                    signedInteger("<preference>", -32768, 32767))
            .defaultValue(0).doc("roam6: this HA's preference in the Home Agents List (RFC 6275 7.4; higher is preferred)");
    /** {@code HomeAgentLifetime 1800;}: RFC 6275 7.4, seconds. */
    public static final KeywordSpec HOME_AGENT_LIFETIME = KeywordSpec.of("HomeAgentLifetime",
                    ArgSpec.integer("<seconds>", 1, 65535))
            .defaultValue(1800).doc("roam6: this HA's lifetime in the Home Agent Information option (RFC 6275 7.4)");
    /** {@code MnKey <hoa> <spi> "hex" [sha256|sha1];}: an RFC 4285 MN-HA key. */
    public static final KeywordSpec MN_KEY = KeywordSpec.of("MnKey", ArgSpec.address("<home-address>"),
                    ArgSpec.unsigned32("<spi>"), ArgSpec.string("\"<hex-key>\""), ArgSpec.choice("sha256", "sha1").optional())
            .repeatable().doc("roam6: RFC 4285 MN-HA key of a mobile node: SPI, key in hex (16 bytes or more), HMAC");
    /** {@code MnUnprotected <hoa>;}: accept this mobile node's BUs without authentication. */
    public static final KeywordSpec MN_UNPROTECTED = KeywordSpec.of("MnUnprotected", ArgSpec.address("<home-address>"))
            .repeatable().doc("roam6: accept Binding Updates of this home address without RFC 4285 authentication");
    /** {@code MaxBindings 100000;}. */
    public static final KeywordSpec MAX_BINDINGS = KeywordSpec.of("MaxBindings",
                    ArgSpec.integer("<count>", 1, BindingCache.MAX_BINDINGS_LIMIT))
            .defaultValue(100_000).doc("roam6: most bindings the cache holds (then BA status 130)");
    /**
     * {@code BindingRefreshAdvance 10;}: send a Binding Refresh Request (RFC 6275 9.5.5) this
     * many seconds before a binding expires, at most half its granted lifetime; 0 sends none.
     * Without it: 10 % of the granted lifetime, at most 30 s ({@link BindingRefresh}).
     */
    public static final KeywordSpec BINDING_REFRESH_ADVANCE = KeywordSpec.of("BindingRefreshAdvance",
                    ArgSpec.integer("<seconds>", 0, 262_140))
            .doc("roam6: send a Binding Refresh Request this many seconds before a binding expires (0: never;"
                    + " default 10 % of the granted lifetime, at most 30 s)");

    /** {@code HaPeerPort 5475;}: the UDP port of the HA-to-HA heartbeats ({@link PeerMonitor}). */
    public static final KeywordSpec HA_PEER_PORT = KeywordSpec.of("HaPeerPort", ArgSpec.integer("<port>", 1, 65535))
            .defaultValue(PeerMonitor.DEFAULT_PORT)
            .doc("roam6: UDP port of the heartbeats between home agents of multi-HA mobile nodes");
    /**
     * {@code HaPeerProbeInterval 100;}: milliseconds between two heartbeats to each peer home
     * agent; with {@code HaPeerProbeMisses 3} a dead peer is noticed 300-400 ms after its last
     * heartbeat.
     */
    public static final KeywordSpec HA_PEER_PROBE_INTERVAL = KeywordSpec.of("HaPeerProbeInterval",
                    ArgSpec.integer("<milliseconds>", 10, 60_000))
            .defaultValue((int) PeerMonitor.DEFAULT_INTERVAL.toMillis())
            .doc("roam6: milliseconds between heartbeats to each peer home agent");
    /** {@code HaPeerProbeMisses 3;}: a peer is dead after this many intervals without a heartbeat. */
    public static final KeywordSpec HA_PEER_PROBE_MISSES = KeywordSpec.of("HaPeerProbeMisses",
                    ArgSpec.integer("<count>", 1, 100))
            .defaultValue(PeerMonitor.DEFAULT_MISSES)
            .doc("roam6: a peer home agent is dead after this many probe intervals without a heartbeat");

    /** The keywords of {@code had.conf} (the runtime adds AdminSocket, MetricsPort ...). */
    public static ConfigSchema schema() {
        return ConfigSchema.of("had",
                UmipKeywords.NODE_CONFIG.required(), UmipKeywords.INTERFACE, UmipKeywords.IF_TYPE,
                UmipKeywords.HA_MAX_BINDING_LIFE, UmipKeywords.BINDING_ACL_POLICY,
                UmipKeywords.DEFAULT_BINDING_ACL_POLICY, UmipKeywords.HA_SERVED_PREFIX,
                UmipKeywords.HA_ACCEPT_MOB_RTR, UmipKeywords.USE_MN_HA_IPSEC, UmipKeywords.SEND_MOB_PFX_ADVS,
                UmipKeywords.SEND_UNSOL_MOB_PFX_ADVS,
                TUNNEL_INTERFACE, HOME_AGENT_ADDRESS, HOME_AGENT_PREFERENCE, HOME_AGENT_LIFETIME, MN_KEY, MN_UNPROTECTED,
                MAX_BINDINGS, BINDING_REFRESH_ADVANCE,
                MultiHaKeywords.MULTI_HA_FLAG, MultiHaKeywords.MULTI_HA_OPTION, MultiHaKeywords.HA_UNREACHABLE_TYPE,
                HA_PEER_PORT, HA_PEER_PROBE_INTERVAL, HA_PEER_PROBE_MISSES);
    }

    private final String interfaceName;
    private final List<Ipv6Prefix> homePrefixes;
    private final String tunnelInterface;
    private final Ipv6Address homeAgentAddress;
    private final int homeAgentPreference;
    private final int homeAgentLifetime;
    private final int maxBindingLifetime;
    private final AccessList accessList;
    private final MnHaKeyStore keys;
    private final Set<Ipv6Address> unprotected;
    private final int maxBindings;
    private final OptionalInt bindingRefreshAdvance;
    private final boolean acceptMobileRouters;
    private final boolean sendMobilePrefixAdvertisements;
    private final boolean sendUnsolicitedMobilePrefixAdvertisements;
    private final MobilityExtensions extensions;
    private final int peerPort;
    private final Duration peerProbeInterval;
    private final int peerProbeMisses;
    private final ConfigSection section;

    private HomeAgentConfig(ConfigSection c) throws ConfigException {
        this.section = c;
        ConfigEntry node = c.find("NodeConfig").orElseThrow();
        if (!"HA".equals(node.first(String.class))) {
            throw new ConfigException(node.position(), "NodeConfig " + node.first(String.class),
                    "NodeConfig HA in the home agent's config");
        }
        List<ConfigEntry> ifs = c.all("Interface");
        if (ifs.isEmpty()) {
            throw new ConfigException(node.position(), "no Interface", "Interface \"<home link>\"; in the home agent's config");
        }
        this.interfaceName = ifs.get(0).first(String.class);
        List<Ipv6Prefix> prefixes = new ArrayList<>();
        for (ConfigEntry e : c.all("HaServedPrefix")) {
            prefixes.add(e.first(Ipv6Prefix.class));
        }
        if (prefixes.isEmpty()) {
            throw new ConfigException(node.position(), "no HaServedPrefix",
                    "HaServedPrefix <home prefix>; (the home link's prefix, e.g. 2001:db8:1::/64)");
        }
        this.homePrefixes = List.copyOf(prefixes);
        if (c.optional("UseMnHaIPsec", Boolean.class).orElse(false)) {
            ConfigEntry e = c.find("UseMnHaIPsec").orElseThrow();
            throw new ConfigException(e.position(), "UseMnHaIPsec enabled (roam6 has no IPsec)",
                    "UseMnHaIPsec disabled; with MnKey for RFC 4285 authentication");
        }
        this.tunnelInterface = c.string("TunnelInterface");
        this.homeAgentAddress = c.optional("HomeAgentAddress", Ipv6Address.class).orElse(null);
        if (homeAgentAddress != null && !isHomeAddress(homeAgentAddress)) {
            ConfigEntry e = c.find("HomeAgentAddress").orElseThrow();
            throw new ConfigException(e.position(), "HomeAgentAddress " + homeAgentAddress + " outside every HaServedPrefix",
                    "the home agent's own address on the home link, inside " + homePrefixes);
        }
        if (homeAgentAddress != null && (homeAgentAddress.isMulticast() || homeAgentAddress.isLinkLocal()
                || homeAgentAddress.isUnspecified())) {
            ConfigEntry e = c.find("HomeAgentAddress").orElseThrow();
            throw new ConfigException(e.position(), "HomeAgentAddress " + homeAgentAddress + " is not a global unicast address",
                    "the home agent's own global address on the home link");
        }
        this.homeAgentPreference = c.integer("HomeAgentPreference");
        this.homeAgentLifetime = c.integer("HomeAgentLifetime");
        this.maxBindingLifetime = c.integer("HaMaxBindingLife");
        this.accessList = AccessList.from(c);
        this.maxBindings = c.integer("MaxBindings");
        this.bindingRefreshAdvance = c.optional("BindingRefreshAdvance", Integer.class)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        this.acceptMobileRouters = c.bool("HaAcceptMobRtr");
        this.sendMobilePrefixAdvertisements = c.bool("SendMobPfxAdvs");
        this.sendUnsolicitedMobilePrefixAdvertisements = c.bool("SendUnsolMobPfxAdvs");
        this.extensions = MultiHaKeywords.extensions(c);
        this.peerPort = c.integer("HaPeerPort");
        this.peerProbeInterval = Duration.ofMillis(c.integer("HaPeerProbeInterval"));
        this.peerProbeMisses = c.integer("HaPeerProbeMisses");
        Map<Integer, MnHaKey> keysBySpi = new LinkedHashMap<>();
        for (ConfigEntry e : c.all("MnKey")) {
            Ipv6Address hoa = e.arg(0, Ipv6Address.class);
            int spi = e.arg(1, Integer.class);
            String alg = e.arg(3, String.class);
            byte[] secret = e.hexKey(2, MnHaKey.MIN_SECRET_LENGTH, "MnKey for " + hoa,
                    "MnKey <home-address> <spi> \"<hex-key>\"");
            if (keysBySpi.containsKey(spi)) {
                throw new ConfigException(e.position(), "a second MnKey with SPI " + Integer.toUnsignedString(spi),
                        "one MnKey per SPI");
            }
            MacAlgorithm a = "sha1".equals(alg) ? MacAlgorithm.HMAC_SHA1 : MacAlgorithm.MN_HA_DEFAULT;
            keysBySpi.put(spi, new MnHaKey(spi, hoa, a, secret));
        }
        // built in one step: thousands of MnKey lines load in linear time
        this.keys = new MnHaKeyStore(keysBySpi.values());
        Set<Ipv6Address> open = new LinkedHashSet<>();
        for (ConfigEntry e : c.all("MnUnprotected")) {
            open.add(e.first(Ipv6Address.class));
        }
        this.unprotected = Set.copyOf(open);
    }

    /** Binds a loaded config section (the runtime's keywords included). */
    public static HomeAgentConfig from(ConfigSection section) throws ConfigException {
        return new HomeAgentConfig(section);
    }

    /** Parses config text (tests, tools); the runtime keywords are accepted too. */
    public static HomeAgentConfig parse(String fileName, String text) throws ConfigException {
        return from(RuntimeKeywords.addTo(schema(), 9466).load(fileName, text));
    }

    /** Loads a config file (tools); the runtime keywords are accepted too. */
    public static HomeAgentConfig load(Path file) throws ConfigException {
        return from(RuntimeKeywords.addTo(schema(), 9466).load(file));
    }

    /**
     * Says at start-up, loudly, which mobile nodes register without authentication and which
     * have keys (never the keys themselves).
     */
    public void logSecurityPosture(Logger log) {
        for (Ipv6Address hoa : unprotected) {
            log.warn("SECURITY: Binding Updates for home address {} are accepted WITHOUT authentication"
                    + " (MnUnprotected): anyone can redirect its traffic", hoa);
        }
        for (MnHaKey k : keys.keys()) {
            log.info("RFC 4285 MN-HA key for {}: SPI {}, {}", k.homeAddress(), Integer.toUnsignedString(k.spi()),
                    k.algorithm());
        }
        if (unprotected.isEmpty() && keys.keys().isEmpty()) {
            log.warn("no MnKey and no MnUnprotected: every Binding Update will be refused (status 133)");
        }
    }

    /** The home link interface: the first {@code Interface}. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The home prefixes ({@code HaServedPrefix}): a home address must be in one (RFC 6275 10.3.1). */
    public List<Ipv6Prefix> homePrefixes() {
        return homePrefixes;
    }

    /** Whether {@code a} is on-link with respect to a home prefix. */
    public boolean isHomeAddress(Ipv6Address a) {
        for (Ipv6Prefix p : homePrefixes) {
            if (p.contains(a)) {
                return true;
            }
        }
        return false;
    }

    public String tunnelInterface() {
        return tunnelInterface;
    }

    /** {@code HomeAgentAddress}, or empty when the daemon is to find it on the home interface. */
    public Optional<Ipv6Address> homeAgentAddress() {
        return Optional.ofNullable(homeAgentAddress);
    }

    public int homeAgentPreference() {
        return homeAgentPreference;
    }

    /** Seconds. */
    public int homeAgentLifetime() {
        return homeAgentLifetime;
    }

    /** {@code HaMaxBindingLife} in seconds. */
    public int maxBindingLifetime() {
        return maxBindingLifetime;
    }

    public AccessList accessList() {
        return accessList;
    }

    /** The RFC 4285 keys ({@code MnKey}). */
    public MnHaKeyStore keys() {
        return keys;
    }

    /** Home addresses whose BUs need no authentication ({@code MnUnprotected}). */
    public Set<Ipv6Address> unprotected() {
        return unprotected;
    }

    public int maxBindings() {
        return maxBindings;
    }

    /**
     * {@code BindingRefreshAdvance} in seconds (0: no Binding Refresh Requests); empty when not
     * configured ({@link BindingRefresh#DEFAULT_ADVANCE} applies).
     */
    public OptionalInt bindingRefreshAdvance() {
        return bindingRefreshAdvance;
    }

    /** {@code HaAcceptMobRtr}: whether BUs with the R flag are accepted (RFC 3963). */
    public boolean acceptMobileRouters() {
        return acceptMobileRouters;
    }

    public boolean sendMobilePrefixAdvertisements() {
        return sendMobilePrefixAdvertisements;
    }

    public boolean sendUnsolicitedMobilePrefixAdvertisements() {
        return sendUnsolicitedMobilePrefixAdvertisements;
    }

    /** The multi-HA code points ({@code MultiHaFlag}, {@code MultiHaOption}, {@code HaUnreachableType}). */
    public MobilityExtensions extensions() {
        return extensions;
    }

    /** {@code HaPeerPort}: the UDP port of the heartbeats between home agents. */
    public int peerPort() {
        return peerPort;
    }

    /** {@code HaPeerProbeInterval}. */
    public Duration peerProbeInterval() {
        return peerProbeInterval;
    }

    /** {@code HaPeerProbeMisses}. */
    public int peerProbeMisses() {
        return peerProbeMisses;
    }

    /** The bound config, for keywords the other parts read themselves. */
    public ConfigSection section() {
        return section;
    }

    /** A whole number that may be negative (the lexer reads {@code -5} as a word). */
    static ArgSpec signedInteger(String placeholder, int min, int max) {
        return ArgSpec.custom(placeholder, Set.of(ArgSpec.Shape.NUMBER, ArgSpec.Shape.WORD), v -> {
            String t = v instanceof ConfigValue.Number n ? n.text() : ((ConfigValue.Word) v).text();
            long x;
            try {
                x = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new ArgSpec.Rejected(v.describe() + " is not a whole number");
            }
            if (x < min || x > max) {
                throw new ArgSpec.Rejected(v.describe() + " is out of range " + min + ".." + max);
            }
            return (int) x;
        });
    }
}
