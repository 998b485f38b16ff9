package org.roam6.had;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.roam6.binding.Binding;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binding Refresh Requests from the home agent (RFC 6275 9.5.5: a node MAY send one when a
 * binding it still uses is about to expire; the mobile node answers with a Binding Update,
 * 11.7.4). {@link #check} runs every {@link #CHECK_INTERVAL} on the daemon's timers, beside the
 * lifetime sweep, and asks each mobile node whose binding has less than the <em>refresh
 * advance</em> left:
 * <ul>
 *   <li>{@code BindingRefreshAdvance N;} with N above 0: N seconds, at most half the granted
 *       lifetime (so a short registration is not asked to refresh the moment it is made);
 *   <li>no {@code BindingRefreshAdvance}: 10 % of the granted lifetime, at most 30 s
 *       ({@link #DEFAULT_ADVANCE_PERCENT}, {@link #DEFAULT_ADVANCE_CAP});
 *   <li>{@code BindingRefreshAdvance 0;}: never.
 * </ul>
 * A home registration is taken to be in use while it exists: the home agent intercepts for it
 * whether or not packets happen to flow.
 *
 * <p>The request is a Binding Refresh Request without options (MH Type 0, RFC 6275 6.1.2) from
 * the home agent address to the care-of address, with a Type 2 routing header carrying the home
 * address and the MH checksum over home agent -> home address
 * ({@link HomeRegistration#writeToMobileNode}, as for a BA), sent through {@link Sender}
 * (in the daemon {@link MobilitySignalling#sendPacket}). Each registration is asked at most once:
 * a registration is the binding's Sequence # and expiry time, both of which a Binding Update that
 * refreshes the binding changes. Requests go through a {@link RateLimiter}; one held back stays
 * due and goes out at a later check while the binding lasts.
 */
public final class BindingRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(BindingRefresh.class);

    /** How often the bindings are looked at. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Without {@code BindingRefreshAdvance}: this share of the granted lifetime, in percent ... */
    public static final int DEFAULT_ADVANCE_PERCENT = 10;
    /** ... but never more than this. */
    public static final Duration DEFAULT_ADVANCE_CAP = Duration.ofSeconds(30);

    /** Sends a whole IPv6 packet {@code packet[0, len)} to {@code to}; returns whether it went out. */
    @FunctionalInterface
    public interface Sender {
        boolean send(byte[] packet, int len, Ipv6Address to);
    }

    /** The registration a request was sent for. */
    private record Asked(int sequence, long expiresAtMillis) {}

    private final HomeRegistration registration;
    private final MonotonicClock clock;
    private final Ipv6Address homeAgentAddress;
    private final OptionalInt advanceSeconds;
    private final Sender sender;
    private final RateLimiter limiter;
    private final HomeAgentStats stats;
    private final byte[] request;
    private final byte[] packet = new byte[256];
    private final Map<Ipv6Address, Asked> asked = new HashMap<>();
    private long deferred;

    /**
     * @param registration the home registration whose cache is watched
     * @param clock the monotonic clock of the cache's expiry times (the registration's)
     * @param homeAgentAddress the source of the requests (this home agent's address)
     * @param advanceSeconds {@code BindingRefreshAdvance} ({@link HomeAgentConfig#bindingRefreshAdvance()})
     * @param sender sends the packets
     * @param limiter limits the requests sent
     * @param stats counts the requests sent
     */
    public BindingRefresh(HomeRegistration registration, MonotonicClock clock, Ipv6Address homeAgentAddress,
                          OptionalInt advanceSeconds, Sender sender, RateLimiter limiter, HomeAgentStats stats) {
        this.registration = registration;
        this.clock = clock;
        this.homeAgentAddress = homeAgentAddress;
        this.advanceSeconds = advanceSeconds;
        this.sender = sender;
        this.limiter = limiter;
        this.stats = stats;
        MobilityExtensions ext = registration.extensions();
        this.request = MobilityHeaderCodec.encode(new MobilityMessage.BindingRefreshRequest(List.of()), ext);
    }

    /** False with {@code BindingRefreshAdvance 0;}. */
    public boolean enabled() {
        return advanceSeconds.orElse(1) != 0;
    }

    /**
     * How long before expiry a binding granted {@code grantedSeconds} is asked to refresh, in
     * milliseconds (0: never).
     */
    static long advanceMillis(int grantedSeconds, OptionalInt configuredSeconds) {
        long granted = Duration.ofSeconds(grantedSeconds).toMillis();
        if (configuredSeconds.isPresent()) {
            return Math.min(Duration.ofSeconds(configuredSeconds.getAsInt()).toMillis(), granted / 2);
        }
        return Math.min(granted * DEFAULT_ADVANCE_PERCENT / 100, DEFAULT_ADVANCE_CAP.toMillis());
    }

    /**
     * Sends a Binding Refresh Request for every binding whose remaining lifetime is below its
     * advance and that has not been asked since it was last registered; returns how many went out.
     */
    public synchronized int check() {
        if (!enabled()) {
            return 0;
        }
        long now = clock.millis();
        List<Binding> bindings = registration.cache().bindings(now);
        Set<Ipv6Address> present = new HashSet<>(bindings.size() * 2);
        int sent = 0;
        for (Binding b : bindings) {
            Ipv6Address hoa = b.homeAddress();
            present.add(hoa);
            long remaining = b.lifetimeRemaining().toMillis();
            if (remaining <= 0) {
                continue; // the sweep removes it
            }
            Asked registered = new Asked(b.sequence(), now + remaining);
            if (registered.equals(asked.get(hoa))) {
                continue;
            }
            int granted = Math.max(registration.grantedLifetime(hoa), (int) b.lifetimeRemaining().toSeconds());
            if (remaining > advanceMillis(granted, advanceSeconds)) {
                continue;
            }
            if (!limiter.tryAcquire()) {
                deferred++;
                continue; // still due at the next check
            }
            int n = HomeRegistration.writeToMobileNode(homeAgentAddress, b.careOfAddress(), hoa, request, packet, 0);
            if (sender.send(packet, n, b.careOfAddress())) {
                asked.put(hoa, registered);
                stats.bindingRefreshRequestSent();
                sent++;
                LOG.debug("Binding Refresh Request to {} for {} ({} ms left)", b.careOfAddress(), hoa, remaining);
            }
        }
        asked.keySet().retainAll(present);
        return sent;
    }

    /** Requests held back by the rate limiter (each retried at the next check). */
    public synchronized long deferred() {
        return deferred;
    }
}
