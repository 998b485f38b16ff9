package org.roam6.runtime.config;

import org.roam6.wire.MobilityExtensions;

/**
 * The multi-HA code points (DESIGN.md section 3, paper 001) as configuration keywords, the same
 * in {@code had.conf} and {@code mnd.conf}: each default collides with a later IANA assignment,
 * so each is configurable, and every node of a deployment must agree.
 */
public final class MultiHaKeywords {
    private MultiHaKeywords() {}

    /** {@code MultiHaFlag 0x0800;}: the Binding Update flag bit of the M bit. */
    public static final KeywordSpec MULTI_HA_FLAG = KeywordSpec.of("MultiHaFlag",
                    ArgSpec.flexibleInteger("<flag>", 1, 0xffff))
            .defaultValue(MobilityExtensions.DEFAULT.mFlag()).doc("roam6: Binding Update flag bit of the multi-HA M bit");
    /** {@code MultiHaOption 18;}: the mobility option type of the Multiple Home Agents option. */
    public static final KeywordSpec MULTI_HA_OPTION = KeywordSpec.of("MultiHaOption",
                    ArgSpec.flexibleInteger("<type>", 2, 255))
            .defaultValue(MobilityExtensions.DEFAULT.multiHaOptionType())
            .doc("roam6: mobility option type of the Multiple Home Agents option");
    /** {@code HaUnreachableType 154;}: the ICMPv6 type of Home Agent Unreachable. */
    public static final KeywordSpec HA_UNREACHABLE_TYPE = KeywordSpec.of("HaUnreachableType",
                    ArgSpec.flexibleInteger("<type>", 128, 255))
            .defaultValue(MobilityExtensions.DEFAULT.haUnreachableIcmpType())
            .doc("roam6: ICMPv6 type of the Home Agent Unreachable message");

    /**
     * The code points {@code c} sets (defaults where it sets none); a flag bit or option type
     * that collides with RFC 6275's own is a {@link ConfigException} at the keyword's line.
     */
    public static MobilityExtensions extensions(ConfigSection c) throws ConfigException {
        try {
            return new MobilityExtensions(c.integer("MultiHaFlag"), c.integer("MultiHaOption"),
                    c.integer("HaUnreachableType"));
        } catch (IllegalArgumentException e) {
            ConfigEntry at = c.find("MultiHaFlag").or(() -> c.find("MultiHaOption"))
                    .or(() -> c.find("HaUnreachableType")).orElseThrow();
            throw new ConfigException(at.position(), e.getMessage(), "a free BU flag bit and option type");
        }
    }
}
