package org.roam6.mad;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roam6.runtime.RuntimeKeywords;
import org.roam6.runtime.config.ArgSpec;
import org.roam6.runtime.config.ConfigEntry;
import org.roam6.runtime.config.ConfigException;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.config.ConfigSection;
import org.roam6.runtime.config.KeywordSpec;
import org.roam6.runtime.config.SourcePosition;
import org.roam6.runtime.config.UmipKeywords;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * The Mobility Agent's configuration ({@code mad.conf}, UMIP's grammar; the agent answers as the
 * correspondents, so {@code NodeConfig CN}):
 *
 * <pre>
 * NodeConfig CN;
 * Interface "lan0";                          # the border router's interface towards the correspondents
 * MaServedPrefix 2001:db8:c::/64;            # repeatable: correspondents answered for
 * MaLegacyPolicy parameter-problem;          # or allow (legacy route optimisation)
 * MaPreSharedKey 2001:db8:1::100 "00112233445566778899aabbccddeeff";   # per mobile node, repeatable
 * MaMaxBindingLife 420;                      # seconds, at most MAX_RR_BINDING_LIFETIME
 * MaMaxBindings 100000;                      # per correspondent
 * TunnelInterface "mad0";                    # the TUN the border steers packets into
 * MaLinkMtu 1500;                            # the MTU towards care-of addresses
 * </pre>
 *
 * Every mistake is a {@link ConfigException} naming the line.
 */
public final class MobilityAgentConfig {

    /** The default metrics port of mad (had 9466, mnd 9467). */
    public static final int DEFAULT_METRICS_PORT = 9468;
    /** The shortest pre-shared key accepted, in bytes (common-wire/docs/crypto.md). */
    public static final int MIN_PRE_SHARED_KEY_LENGTH = org.roam6.crypto.PreSharedKeyRr.MIN_KEY_LENGTH;

    public static final KeywordSpec SERVED_PREFIX = KeywordSpec.of("MaServedPrefix", ArgSpec.prefix("<prefix>"))
            .repeatable().doc("roam6: a prefix of correspondents the Mobility Agent answers for (paper 003)");
    public static final KeywordSpec LEGACY_POLICY = KeywordSpec.of("MaLegacyPolicy",
                    ArgSpec.choice("parameter-problem", "allow"))
            .defaultValue("parameter-problem")
            .doc("roam6: a mobile node that does not know Mobility Agents (CoTI Reserved octet 0) gets ICMPv6"
                    + " Parameter Problem code 1 (parameter-problem) or route optimisation all the same (allow)");
    public static final KeywordSpec PRE_SHARED_KEY = KeywordSpec.of("MaPreSharedKey", ArgSpec.address("<home-address>"),
                    ArgSpec.string("\"<hex-key>\""))
            .repeatable().doc("roam6: per mobile node key of the two-message pre-shared-key Return Routability");
    public static final KeywordSpec MAX_BINDING_LIFE = KeywordSpec.of("MaMaxBindingLife",
                    ArgSpec.integer("<seconds>", 4, CorrespondentAgent.MAX_RR_BINDING_LIFETIME_SECONDS))
            .defaultValue(CorrespondentAgent.MAX_RR_BINDING_LIFETIME_SECONDS)
            .doc("roam6: longest correspondent binding granted (RFC 6275 MAX_RR_BINDING_LIFETIME 420 s)");
    public static final KeywordSpec MAX_BINDINGS = KeywordSpec.of("MaMaxBindings", ArgSpec.integer("<count>", 1, 10_000_000))
            .defaultValue(100_000).doc("roam6: bindings kept per correspondent (then BA status 130)");

    public static final KeywordSpec TUNNEL_INTERFACE = KeywordSpec.of("TunnelInterface", ArgSpec.string("\"<name>\""))
            .defaultValue(BorderInterception.DEFAULT_TUN)
            .doc("roam6: name of the Mobility Agent's TUN device (packets steered to it at the border)");
    public static final KeywordSpec LINK_MTU = KeywordSpec.of("MaLinkMtu", ArgSpec.integer("<bytes>", 1304, 65_535))
            .defaultValue(BorderPath.DEFAULT_LINK_MTU)
            .doc("roam6: MTU towards care-of addresses; a correspondent's packet that the 24-byte Type 2 routing"
                    + " header would make larger gets a Packet Too Big");

    public static ConfigSchema schema() {
        return ConfigSchema.of("mad", UmipKeywords.NODE_CONFIG.required(), UmipKeywords.INTERFACE, SERVED_PREFIX,
                LEGACY_POLICY, PRE_SHARED_KEY, MAX_BINDING_LIFE, MAX_BINDINGS, TUNNEL_INTERFACE, LINK_MTU);
    }

    private final String interfaceName;
    private final SourcePosition interfacePosition;
    private final String tunnelInterface;
    private final int linkMtu;
    private final List<Ipv6Prefix> servedPrefixes;
    private final CorrespondentAgent.LegacyPolicy legacyPolicy;
    private final Map<Ipv6Address, byte[]> preSharedKeys;
    private final int maxBindingLifetime;
    private final int maxBindings;

    private MobilityAgentConfig(ConfigSection c) throws ConfigException {
        ConfigEntry node = c.find("NodeConfig").orElseThrow();
        if (!"CN".equals(node.first(String.class))) {
            throw new ConfigException(node.position(), "NodeConfig " + node.first(String.class),
                    "NodeConfig CN in the Mobility Agent's config (it answers as the correspondents)");
        }
        List<ConfigEntry> ifs = c.all("Interface");
        if (ifs.isEmpty()) {
            throw new ConfigException(node.position(), "no Interface",
                    "Interface \"<interface towards the correspondents>\"; in the Mobility Agent's config");
        }
        this.interfaceName = ifs.get(0).first(String.class);
        this.interfacePosition = ifs.get(0).position();
        this.tunnelInterface = c.string("TunnelInterface");
        this.linkMtu = c.integer("MaLinkMtu");
        List<Ipv6Prefix> prefixes = new ArrayList<>();
        for (ConfigEntry e : c.all("MaServedPrefix")) {
            prefixes.add(e.first(Ipv6Prefix.class));
        }
        if (prefixes.isEmpty()) {
            throw new ConfigException(node.position(), "no MaServedPrefix",
                    "MaServedPrefix <prefix>; (the correspondents' prefix, e.g. 2001:db8:c::/64)");
        }
        this.servedPrefixes = List.copyOf(prefixes);
        this.legacyPolicy = "allow".equals(c.string("MaLegacyPolicy")) ? CorrespondentAgent.LegacyPolicy.ALLOW
                : CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM;
        Map<Ipv6Address, byte[]> keys = new LinkedHashMap<>();
        for (ConfigEntry e : c.all("MaPreSharedKey")) {
            Ipv6Address hoa = e.arg(0, Ipv6Address.class);
            byte[] key = e.hexKey(1, MIN_PRE_SHARED_KEY_LENGTH, "MaPreSharedKey for " + hoa,
                    "MaPreSharedKey <home-address> \"<hex-key>\"");
            if (keys.put(hoa, key) != null) {
                throw new ConfigException(e.position(), "a second MaPreSharedKey for " + hoa, "one key per home address");
            }
        }
        this.preSharedKeys = Map.copyOf(keys);
        this.maxBindingLifetime = c.integer("MaMaxBindingLife");
        this.maxBindings = c.integer("MaMaxBindings");
    }

    public static MobilityAgentConfig from(ConfigSection section) throws ConfigException {
        return new MobilityAgentConfig(section);
    }

    public static MobilityAgentConfig parse(String fileName, String text) throws ConfigException {
        return from(RuntimeKeywords.addTo(schema(), DEFAULT_METRICS_PORT).load(fileName, text));
    }

    public static MobilityAgentConfig load(Path file) throws ConfigException {
        return from(RuntimeKeywords.addTo(schema(), DEFAULT_METRICS_PORT).load(file));
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** Where {@code Interface} is written, for errors about the interface. */
    public SourcePosition interfacePosition() {
        return interfacePosition;
    }

    public String tunnelInterface() {
        return tunnelInterface;
    }

    public int linkMtu() {
        return linkMtu;
    }

    public List<Ipv6Prefix> servedPrefixes() {
        return servedPrefixes;
    }

    public CorrespondentAgent.LegacyPolicy legacyPolicy() {
        return legacyPolicy;
    }

    /** Pre-shared keys by home address (copies are not made: do not change them). */
    public Map<Ipv6Address, byte[]> preSharedKeys() {
        return preSharedKeys;
    }

    public int maxBindingLifetime() {
        return maxBindingLifetime;
    }

    public int maxBindings() {
        return maxBindings;
    }
}
