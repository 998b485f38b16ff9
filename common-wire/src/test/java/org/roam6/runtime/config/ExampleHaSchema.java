package org.roam6.runtime.config;

import java.time.Duration;

/**
 * How a daemon declares its config: shared UMIP keywords as they are, made required where the
 * daemon needs them, plus its own. This one is what a home agent might accept; the tests bind
 * real-looking files with it.
 */
final class ExampleHaSchema {

    private ExampleHaSchema() {
    }

    /** A roam6-only keyword: how often a HA probes its peers (multi-HA, paper 001). */
    static final KeywordSpec HA_PEER_PROBE_INTERVAL = KeywordSpec.of("HaPeerProbeInterval",
                    ArgSpec.seconds("<seconds>", Duration.ofMillis(100), Duration.ofSeconds(60)))
            .defaultValue(Duration.ofSeconds(1))
            .doc("Interval between probes of each peer home agent");

    /** A roam6-only block: one peer HA, with its address. */
    static final KeywordSpec HA_PEER = KeywordSpec.of("HaPeer", ArgSpec.string("\"<name>\""))
            .repeatable().block(KeywordSpec.Block.REQUIRED).doc("A peer home agent");
    static final KeywordSpec PEER_ADDRESS = KeywordSpec.of("PeerAddress", ArgSpec.address("<address>"))
            .in("HaPeer").required().doc("Where the peer answers probes");

    static ConfigSchema schema() {
        return ConfigSchema.of("had",
                UmipKeywords.NODE_CONFIG.required(),
                UmipKeywords.DEBUG_LEVEL,
                UmipKeywords.DEBUG_LOG_FILE,
                UmipKeywords.INTERFACE,
                UmipKeywords.IF_TYPE,
                UmipKeywords.HA_MAX_BINDING_LIFE,
                UmipKeywords.HA_ACCEPT_MOB_RTR,
                UmipKeywords.HA_SERVED_PREFIX,
                UmipKeywords.BINDING_ACL_POLICY,
                UmipKeywords.DEFAULT_BINDING_ACL_POLICY,
                UmipKeywords.USE_MN_HA_IPSEC,
                UmipKeywords.KEY_MNG_MOB_CAPABILITY,
                UmipKeywords.SEND_MOB_PFX_ADVS,
                HA_PEER_PROBE_INTERVAL,
                HA_PEER,
                PEER_ADDRESS);
    }
}
