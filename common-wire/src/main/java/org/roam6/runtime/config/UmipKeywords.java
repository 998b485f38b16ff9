package org.roam6.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The mip6d.conf keywords that UMIP's home agent and mobile node share with roam6, with UMIP's
 * argument types and defaults (UMIP {@code gram.y} and {@code conf.c}), so an admin's UMIP
 * config reads the same in roam6. A daemon builds its schema from the ones it honours:
 * {@code ConfigSchema.of("had", NODE_CONFIG.required(), INTERFACE, HA_MAX_BINDING_LIFE, ...)}.
 */
public final class UmipKeywords {

    private UmipKeywords() {
    }

    /** RFC 6275 6.1.7: the Lifetime field counts 4-second units in 16 bits (UMIP MAX_BINDING_LIFETIME). */
    public static final int MAX_BINDING_LIFETIME = 0xffff << 2;
    /** RFC 6275 12: MAX_RR_BINDING_LIFETIME. */
    public static final int MAX_RR_BINDING_LIFETIME = 420;
    /** BA status 0, what {@code allow} means in an ACL. */
    public static final int STATUS_ACCEPTED = 0;
    /** BA status 129, administratively prohibited: what {@code deny} means in an ACL. */
    public static final int STATUS_PROHIBITED = 129;

    /**
     * UMIP's {@code bindaclpolval}: {@code allow}/{@code deny} (and the other boolean words) or
     * a BA status number; bound as the {@link Integer} status to answer with.
     */
    public static ArgSpec aclPolicy() {
        ArgSpec bool = ArgSpec.bool("allow|deny");
        ArgSpec status = ArgSpec.integer("<status>", 0, 255);
        return ArgSpec.custom("allow|deny|<status>", Set.of(ArgSpec.Shape.WORD, ArgSpec.Shape.NUMBER), v -> {
            if (v instanceof ConfigValue.Number) {
                return status.convert(v);
            }
            try {
                return ((Boolean) bool.convert(v)) ? STATUS_ACCEPTED : STATUS_PROHIBITED;
            } catch (ArgSpec.Rejected r) {
                throw new ArgSpec.Rejected(v.describe() + " is not allow, deny or a status number");
            }
        });
    }

    private static ArgSpec secs(Duration max) {
        return ArgSpec.seconds("<seconds>", Duration.ZERO, max);
    }

    public static final KeywordSpec NODE_CONFIG = KeywordSpec.of("NodeConfig", ArgSpec.choice("HA", "MN", "CN"))
            .doc("The role of this node");
    public static final KeywordSpec DEBUG_LEVEL = KeywordSpec.of("DebugLevel", ArgSpec.integer("<level>", 0, 100))
            .defaultValue(0).doc("0 logs at INFO, 1-9 at DEBUG, 10 and above at TRACE");
    public static final KeywordSpec DEBUG_LOG_FILE = KeywordSpec.of("DebugLogFile", ArgSpec.string("\"<path>\""))
            .doc("Also write the log to this file");

    public static final KeywordSpec INTERFACE = KeywordSpec.of("Interface", ArgSpec.string("\"<interface>\""))
            .repeatable().block(KeywordSpec.Block.OPTIONAL).doc("An interface the daemon uses");
    public static final KeywordSpec IF_TYPE = KeywordSpec.of("IfType", ArgSpec.choice("HA", "MN", "CN"))
            .in("Interface").doc("The role on this interface");
    public static final KeywordSpec MN_IF_PREFERENCE = KeywordSpec.of("MnIfPreference", ArgSpec.integer("<0-15>", 0, 15))
            .in("Interface").defaultValue(5).doc("Lower is preferred for the care-of address");
    public static final KeywordSpec TUNNEL = KeywordSpec.of("Tunnel", ArgSpec.bool("enabled|disabled"))
            .in("Interface").defaultValue(false).doc("The interface is a tunnel");

    public static final KeywordSpec HA_MAX_BINDING_LIFE = KeywordSpec.of("HaMaxBindingLife", secsInt(MAX_BINDING_LIFETIME))
            .defaultValue(MAX_BINDING_LIFETIME).doc("Longest lifetime the HA grants a home registration");
    public static final KeywordSpec MN_MAX_HA_BINDING_LIFE = KeywordSpec.of("MnMaxHaBindingLife", secsInt(MAX_BINDING_LIFETIME))
            .defaultValue(MAX_BINDING_LIFETIME).doc("Longest lifetime the MN asks of its HA");
    public static final KeywordSpec MN_MAX_CN_BINDING_LIFE = KeywordSpec.of("MnMaxCnBindingLife", secsInt(MAX_RR_BINDING_LIFETIME))
            .defaultValue(MAX_RR_BINDING_LIFETIME).doc("Longest lifetime the MN asks of a correspondent");
    public static final KeywordSpec INITIAL_BINDACK_TIMEOUT_FIRST_REG =
            KeywordSpec.of("InitialBindackTimeoutFirstReg", secs(Duration.ofSeconds(32)))
                    .defaultValue(Duration.ofMillis(1500)).doc("RFC 6275 13: first BA wait of a new home registration");
    public static final KeywordSpec INITIAL_BINDACK_TIMEOUT_RE_REG =
            KeywordSpec.of("InitialBindackTimeoutReReg", secs(Duration.ofSeconds(32)))
                    .defaultValue(Duration.ofSeconds(1)).doc("RFC 6275 12: first BA wait of a refresh");
    public static final KeywordSpec INITIAL_SOLICIT_TIMER = KeywordSpec.of("InitialSolicitTimer", secs(Duration.ofSeconds(60)))
            .defaultValue(Duration.ofSeconds(3)).doc("RFC 6275 12: first wait for a DHAAD or MPS answer");

    public static final KeywordSpec BINDING_ACL_POLICY = KeywordSpec.of("BindingAclPolicy",
                    ArgSpec.address("<home-address>"), ArgSpec.prefixList("(<prefix>, ...)").optional(), aclPolicy())
            .repeatable().doc("Allow or refuse registrations from one home address (and its mobile network prefixes)");
    public static final KeywordSpec DEFAULT_BINDING_ACL_POLICY = KeywordSpec.of("DefaultBindingAclPolicy", aclPolicy())
            .defaultValue(STATUS_ACCEPTED).doc("What home addresses without a BindingAclPolicy get");
    public static final KeywordSpec HA_SERVED_PREFIX = KeywordSpec.of("HaServedPrefix", ArgSpec.prefix("<prefix>"))
            .repeatable().doc("RFC 3963: a mobile network prefix range the HA serves");
    public static final KeywordSpec HA_ACCEPT_MOB_RTR = KeywordSpec.of("HaAcceptMobRtr", ArgSpec.bool("enabled|disabled"))
            .defaultValue(false).doc("RFC 3963: accept BUs with the R flag");
    public static final KeywordSpec USE_MN_HA_IPSEC = KeywordSpec.of("UseMnHaIPsec", ArgSpec.bool("enabled|disabled"))
            .doc("Protect BU/BA with IPsec (RFC 4877)");
    public static final KeywordSpec SEND_MOB_PFX_SOLS = flag("SendMobPfxSols", "MN sends Mobile Prefix Solicitations");
    public static final KeywordSpec SEND_MOB_PFX_ADVS = flag("SendMobPfxAdvs", "HA answers Mobile Prefix Solicitations");
    public static final KeywordSpec SEND_UNSOL_MOB_PFX_ADVS = flag("SendUnsolMobPfxAdvs", "HA sends unsolicited Mobile Prefix Advertisements");
    public static final KeywordSpec DO_ROUTE_OPTIMIZATION_MN = flag("DoRouteOptimizationMN", "MN runs return routability with correspondents");
    public static final KeywordSpec DO_ROUTE_OPTIMIZATION_CN = flag("DoRouteOptimizationCN", "Accept route-optimised bindings as correspondent");
    public static final KeywordSpec MN_USE_ALL_INTERFACES = flag("MnUseAllInterfaces", "MN may use any interface for a care-of address");
    public static final KeywordSpec MN_DISCARD_HA_PARAM_PROB = flag("MnDiscardHaParamProb", "MN ignores Parameter Problems from its HA");
    public static final KeywordSpec OPTIMISTIC_HANDOFF = flag("OptimisticHandoff", "MN sends through a new CoA before the BA");
    public static final KeywordSpec NO_HOME_RETURN = flag("NoHomeReturn", "MN does not de-register when back home");
    public static final KeywordSpec USE_CN_BU_ACK = flag("UseCnBuAck", "MN asks correspondents for a BA");
    public static final KeywordSpec KEY_MNG_MOB_CAPABILITY = flag("KeyMngMobCapability", "IKE key management survives movement (K flag)");
    public static final KeywordSpec MN_ROUTER_PROBES = KeywordSpec.of("MnRouterProbes", ArgSpec.integer("<count>", 0, 100))
            .defaultValue(0).doc("Neighbour probes of the default router before declaring it lost");
    public static final KeywordSpec MN_ROUTER_PROBE_TIMEOUT = KeywordSpec.of("MnRouterProbeTimeout", secs(Duration.ofSeconds(60)))
            .defaultValue(Duration.ZERO).doc("Wait per router probe");

    public static final KeywordSpec MN_HOME_LINK = KeywordSpec.of("MnHomeLink", ArgSpec.string("\"<interface>\""))
            .repeatable().block(KeywordSpec.Block.REQUIRED).doc("A home link and the home address on it");
    public static final KeywordSpec HOME_AGENT_ADDRESS = KeywordSpec.of("HomeAgentAddress", ArgSpec.address("<address>"))
            .in("MnHomeLink").doc("The HA to register with (:: runs DHAAD)");
    public static final KeywordSpec HOME_ADDRESS = KeywordSpec.of("HomeAddress",
                    ArgSpec.addressWithLength("<address/length>"), ArgSpec.prefixList("(<prefix>, ...)").optional())
            .in("MnHomeLink").required().doc("The home address with its home prefix length (and NEMO prefixes)");
    public static final KeywordSpec USE_ALT_COA = KeywordSpec.of("UseAltCoa", ArgSpec.bool("enabled|disabled"))
            .in("MnHomeLink").defaultValue(false).doc("Send the Alternate Care-of Address option");
    public static final KeywordSpec IS_MOB_RTR = KeywordSpec.of("IsMobRtr", ArgSpec.bool("enabled|disabled"))
            .in("MnHomeLink").defaultValue(false).doc("RFC 3963: register as a mobile router");
    public static final KeywordSpec HOME_PREFIX = KeywordSpec.of("HomePrefix", ArgSpec.prefix("<prefix>"))
            .in("MnHomeLink").doc("The home prefix when it differs from HomeAddress's");

    private static ArgSpec secsInt(int max) {
        return ArgSpec.integer("<seconds>", 0, max);
    }

    private static KeywordSpec flag(String name, String doc) {
        return KeywordSpec.of(name, ArgSpec.bool("enabled|disabled")).defaultValue(false).doc(doc);
    }

    /** Every keyword above. */
    public static List<KeywordSpec> all() {
        return List.of(NODE_CONFIG, DEBUG_LEVEL, DEBUG_LOG_FILE, INTERFACE, IF_TYPE, MN_IF_PREFERENCE, TUNNEL,
                HA_MAX_BINDING_LIFE, MN_MAX_HA_BINDING_LIFE, MN_MAX_CN_BINDING_LIFE,
                INITIAL_BINDACK_TIMEOUT_FIRST_REG, INITIAL_BINDACK_TIMEOUT_RE_REG, INITIAL_SOLICIT_TIMER,
                BINDING_ACL_POLICY, DEFAULT_BINDING_ACL_POLICY, HA_SERVED_PREFIX, HA_ACCEPT_MOB_RTR,
                USE_MN_HA_IPSEC, SEND_MOB_PFX_SOLS, SEND_MOB_PFX_ADVS, SEND_UNSOL_MOB_PFX_ADVS,
                DO_ROUTE_OPTIMIZATION_MN, DO_ROUTE_OPTIMIZATION_CN, MN_USE_ALL_INTERFACES,
                MN_DISCARD_HA_PARAM_PROB, OPTIMISTIC_HANDOFF, NO_HOME_RETURN, USE_CN_BU_ACK,
                KEY_MNG_MOB_CAPABILITY, MN_ROUTER_PROBES,
                MN_ROUTER_PROBE_TIMEOUT, MN_HOME_LINK, HOME_AGENT_ADDRESS, HOME_ADDRESS, USE_ALT_COA,
                IS_MOB_RTR, HOME_PREFIX);
    }

    /** A schema of every shared keyword, for reading a UMIP config as it is. */
    public static ConfigSchema schema(String daemon) {
        return ConfigSchema.of(daemon, all());
    }
}
