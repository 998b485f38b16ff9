package org.roam6.bench;

import java.util.concurrent.ConcurrentHashMap;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingView;
import org.roam6.binding.Registration;
import org.roam6.wire.Ipv6Address;

/**
 * The home addresses, care-of addresses and fills shared by {@link BindingCacheBenchmark} and
 * {@link BindingCacheFootprint}: binding {@code i} (0 &le; i &lt; size) is a home address in one
 * of 16 home /64s, its interface identifier a bijective scramble of {@code i}, so keys are computed,
 * not read from a key array (as a forwarding path reads them from the packet).
 */
final class BindingCacheKeys {
    static final long HOME_PREFIX = 0x2001_0db8_0001_0000L;
    static final long VISITED_PREFIX = 0x2001_0db8_0077_0000L;
    /** 420 s in milliseconds, a usual home registration lifetime. */
    static final long LIFETIME_MILLIS = 420_000L;

    private BindingCacheKeys() {}

    static long homeHi(int i) {
        return HOME_PREFIX + (i & 15);
    }

    static long homeLo(int i) {
        return (i * 0x9E3779B97F4A7C15L) ^ 0x0200_0000_0000_0000L;
    }

    static long careOfHi(int i, int sequence) {
        return VISITED_PREFIX + (sequence & 0xff);
    }

    static long careOfLo(int i, int sequence) {
        return homeLo(i) + sequence;
    }

    /**
     * The value a map-based cache would keep per binding: the care-of address and the rest as
     * primitives in one small record (one object per binding besides the key and the map node).
     */
    record MapValue(long careOfHi, long careOfLo, int sequence, int flags, long expiresAtMillis) {}

    static BindingCache filledCache(int size) {
        BindingCache cache = new BindingCache(size);
        for (int i = 0; i < size; i++) {
            Registration r = cache.register(homeHi(i), homeLo(i), careOfHi(i, 0), careOfLo(i, 0), 0, 0xa000,
                    LIFETIME_MILLIS);
            if (r != Registration.CREATED) {
                throw new IllegalStateException("binding " + i + ": " + r);
            }
        }
        BindingView v = new BindingView();
        for (int i = 0; i < size; i++) {
            if (!cache.lookup(homeHi(i), homeLo(i), v) || v.careOfLo() != careOfLo(i, 0)) {
                throw new IllegalStateException("binding " + i + " not found after the fill");
            }
        }
        return cache;
    }

    static ConcurrentHashMap<Ipv6Address, MapValue> filledMap(int size) {
        ConcurrentHashMap<Ipv6Address, MapValue> map = new ConcurrentHashMap<>(size);
        for (int i = 0; i < size; i++) {
            map.put(new Ipv6Address(homeHi(i), homeLo(i)),
                    new MapValue(careOfHi(i, 0), careOfLo(i, 0), 0, 0xa000, LIFETIME_MILLIS));
        }
        if (map.size() != size) {
            throw new IllegalStateException("keys collide: " + map.size() + " of " + size);
        }
        return map;
    }
}
