package org.roam6.had;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.roam6.net.CommandRunner;
import org.roam6.net.NetException;
import org.roam6.runtime.config.ConfigEntry;
import org.roam6.runtime.config.ConfigException;
import org.roam6.runtime.config.SourcePosition;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds this home agent's own address on the home link when the configuration does not name it
 * ({@code HomeAgentAddress}): the home interface's global unicast address inside a home prefix
 * ({@code HaServedPrefix}). RFC 6275 10.5 and 7.2: it is the address a home agent announces
 * with the Router Address flag and lists in DHAAD Replies, and roam6 also uses it as the outer
 * source of its tunnels (RFC 6275 10.4.2) and the source of Mobile Prefix Advertisements.
 *
 * <p>Read with {@code ip -j -6 addr show dev IF scope global} in the daemon's network
 * namespace (the JVM's own interface list reads {@code /proc/self/net}, which is the process's
 * namespace, not a namespace thread's). Addresses that are tentative, failed DAD or are
 * deprecated are not usable. With several candidates, permanent addresses (valid forever: what
 * an admin configured) come before ones SLAAC gave, then the lowest address; the choice is
 * logged so an admin can pin another with {@code HomeAgentAddress}.
 */
public final class HomeAgentAddressLookup {

    private static final Logger LOG = LoggerFactory.getLogger(HomeAgentAddressLookup.class);
    private static final long FOREVER = 0xffffffffL;

    /** One address of the home interface as {@code ip -j addr} reports it. */
    public record InterfaceAddress(Ipv6Address address, int prefixLength, boolean usable, boolean permanent) {}

    private HomeAgentAddressLookup() {}

    /**
     * The configured {@code HomeAgentAddress}, else the home interface's address found with
     * {@code runner} (null namespace: the process's own).
     *
     * @throws ConfigException when the configuration names none and the interface has no usable
     *     address inside a home prefix (the daemon exits 78 and says what to add)
     */
    public static Ipv6Address resolve(HomeAgentConfig config, CommandRunner runner) throws ConfigException {
        if (config.homeAgentAddress().isPresent()) {
            return config.homeAgentAddress().get();
        }
        String json;
        try {
            json = runner.check("ip", "-j", "-6", "addr", "show", "dev", config.interfaceName(), "scope", "global");
        } catch (NetException e) {
            throw new ConfigException(at(config),
                    "cannot read the addresses of Interface \"" + config.interfaceName() + "\": " + e.getMessage(),
                    "an existing home interface, or HomeAgentAddress <address>;");
        }
        List<Ipv6Address> all = new ArrayList<>();
        Ipv6Address chosen = choose(parse(json), config.homePrefixes(), all);
        if (chosen == null) {
            throw new ConfigException(at(config),
                    "Interface \"" + config.interfaceName() + "\" has no usable global address inside "
                            + config.homePrefixes() + " (it has " + all + ")",
                    "HomeAgentAddress <address>; or an address in the home prefix on the home interface");
        }
        if (all.size() > 1) {
            LOG.warn("the home interface {} has {} addresses in the home prefix {}; using {} (set HomeAgentAddress to pick another)",
                    config.interfaceName(), all.size(), all, chosen);
        } else {
            LOG.info("home agent address {} (found on {})", chosen, config.interfaceName());
        }
        return chosen;
    }

    /** Where a fault about the home interface is reported: its {@code Interface} statement. */
    private static SourcePosition at(HomeAgentConfig config) {
        return config.section().find("Interface").map(ConfigEntry::position)
                .orElse(new SourcePosition("had.conf", 0, 0));
    }

    /**
     * The address to use among {@code candidates}: usable, inside a home prefix, permanent
     * before SLAAC-made, then the lowest; null when none qualifies. {@code inPrefix} receives
     * every usable address inside a home prefix, in the order of preference.
     */
    static Ipv6Address choose(List<InterfaceAddress> candidates, List<Ipv6Prefix> homePrefixes, List<Ipv6Address> inPrefix) {
        List<InterfaceAddress> ok = new ArrayList<>();
        for (InterfaceAddress a : candidates) {
            Ipv6Address x = a.address();
            if (!a.usable() || x.isMulticast() || x.isLinkLocal() || x.isUnspecified()) {
                continue;
            }
            if (homePrefixes.stream().anyMatch(p -> p.contains(x))) {
                ok.add(a);
            }
        }
        ok.sort(Comparator.comparing((InterfaceAddress a) -> !a.permanent()).thenComparing(InterfaceAddress::address));
        ok.forEach(a -> inPrefix.add(a.address()));
        return ok.isEmpty() ? null : ok.get(0).address();
    }

    /** The IPv6 addresses in the output of {@code ip -j -6 addr show}. */
    static List<InterfaceAddress> parse(String ipJson) {
        List<InterfaceAddress> out = new ArrayList<>();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(ipJson.isBlank() ? "[]" : ipJson);
        } catch (java.io.IOException e) {
            return out;
        }
        for (JsonNode link : root) {
            for (JsonNode a : link.path("addr_info")) {
                if (!"inet6".equals(a.path("family").asText())) {
                    continue;
                }
                Ipv6Address x;
                try {
                    x = Ipv6Address.parse(a.path("local").asText());
                } catch (IllegalArgumentException bad) {
                    continue;
                }
                boolean usable = !a.path("tentative").asBoolean(false) && !a.path("dadfailed").asBoolean(false)
                        && !a.path("deprecated").asBoolean(false);
                boolean permanent = !a.has("valid_life_time") || a.path("valid_life_time").asLong(FOREVER) >= FOREVER;
                out.add(new InterfaceAddress(x, a.path("prefixlen").asInt(128), usable, permanent));
            }
        }
        return out;
    }
}
