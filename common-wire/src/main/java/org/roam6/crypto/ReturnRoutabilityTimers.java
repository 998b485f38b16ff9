package org.roam6.crypto;

import java.time.Duration;

/**
 * The Return Routability protocol constants of RFC 6275 section 12, in one place, with the
 * nonce generation interval that section 5.2.7 suggests.
 */
public final class ReturnRoutabilityTimers {
    private ReturnRoutabilityTimers() {}

    /** MAX_NONCE_LIFETIME: a nonce is not accepted longer than this after first use (5.2.7, 12). */
    public static final Duration MAX_NONCE_LIFETIME = Duration.ofSeconds(240);

    /** MAX_TOKEN_LIFETIME: how long a mobile node may use a keygen token (5.2.7, 12). */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofSeconds(210);

    /** MAX_RR_BINDING_LIFETIME: the longest lifetime of a binding made by Return Routability (12). */
    public static final Duration MAX_RR_BINDING_LIFETIME = Duration.ofSeconds(420);

    /**
     * How often a correspondent generates a new nonce by default: RFC 6275 5.2.7 suggests every
     * MAX_NONCE_LIFETIME - MAX_TOKEN_LIFETIME = 30 s, so that a token based on the newest nonce
     * stays acceptable for at least MAX_TOKEN_LIFETIME and none beyond MAX_NONCE_LIFETIME.
     */
    public static final Duration DEFAULT_NONCE_INTERVAL = MAX_NONCE_LIFETIME.minus(MAX_TOKEN_LIFETIME);

    /**
     * How long an expired nonce is still recognised as "expired" (BA status 136/137/138 with a
     * clear reason in the log) before it is forgotten and reported as unknown.
     */
    public static final Duration EXPIRED_NONCE_MEMORY = MAX_NONCE_LIFETIME;
}
