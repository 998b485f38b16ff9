package org.roam6.binding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * The Binding Cache of a home agent (RFC 6275 9.1, 10.1, 10.3.1) and of a Mobility Agent: home
 * address &rarr; care-of address, sequence number, Binding Update flags and lifetime, plus the
 * multi-HA list of home agents and the NEMO mobile network prefixes (RFC 3963 6.1).
 *
 * <h2>Who calls what</h2>
 * The forwarding path calls {@link #lookup(long, long, BindingView)} with the home address as two
 * longs, from as many threads as it likes: no lock, no allocation, and no retry unless a write to
 * that very binding (or, for a miss, a de-registration anywhere) is under way. The control path
 * ({@link #register}, {@link #deregister}, {@link #expire}, {@link #bindings}) takes one writer
 * lock; readers never take it.
 *
 * <h2>Layout</h2>
 * One open-addressing table, probed linearly, whose slots are the bindings themselves: a
 * {@code long[]} of {@value #STRIDE} longs per slot &mdash; word 0 the header (a 32-bit seqlock
 * version, the 16-bit Sequence #, the 16 BU flags), words 1-2 the home address, 3-4 the care-of
 * address &mdash; so a lookup that hits its home slot reads 40 contiguous bytes and nothing else.
 * An empty slot holds the home address {@code ::}, which no mobile node can have (RFC 4291
 * 2.5.2). The lifetimes, which only the control path reads, sit in a parallel {@code int[]} of
 * milliseconds. The table has {@code ceil(max / 0.7)} slots (any size; the hash is mapped onto it
 * by a multiply, Lemire's reduction), so at the configured maximum it is 70 % full and a binding
 * costs 44 / 0.7 = 62.9 bytes ({@link #coreBytes()}). The home-agent and prefix lists live in a
 * side table under the writer lock, only for bindings that have them.
 *
 * <h2>Deletion without tombstones</h2>
 * A de-registration or an expiry empties the slot and moves the following bindings of the probe
 * run back into the hole (Knuth's Algorithm R for linear probing), so chains stay as short as if
 * the binding had never been there and no rebuild is ever needed.
 *
 * <h2>Why a reader never sees a torn binding nor misses one present throughout (Java Memory Model)</h2>
 * Only the lock holder writes. Each slot is a seqlock (Boehm, "Can seqlocks get along with
 * programming language memory models?", MSPC 2012):
 * <pre>
 * writer                                   reader
 *   header = v+1 (odd)        [opaque]       h1 = header            [acquire]; retry if odd
 *   releaseFence                             read words 1-4         [plain]
 *   words 1-4 = ...           [plain]        acquireFence
 *   header = v+2 | seq | flags [release]     h2 = header            [acquire]; retry if h2 != h1
 * </pre>
 * If the reader's plain loads saw any store of a write that had not finished when it read
 * {@code h1}, then (the release fence keeps the odd header store before the data stores, the
 * acquire fence keeps the {@code h2} load after the data loads) {@code h2} reads that write's odd
 * header or a later one, so {@code h2 != h1} and the reader retries. If {@code h2 == h1} the
 * reader read only stores that happened-before the release store it acquired in {@code h1}: one
 * whole slot. A word torn by a 32-bit JVM (JLS 17.7) falls under the same argument. The version
 * is 32 bits: a false validation needs 2^32 writes to one slot during one read of 40 bytes.
 *
 * <p>Whole slots are not enough for a miss: a backward shift can move a binding from a slot the
 * reader has not reached yet into one it has already passed. Every deletion therefore runs inside
 * a table-wide seqlock, {@code moves}, with the same protocol (odd store, release fence, the
 * shifts, release store of the next even value); a lookup reads {@code moves} before probing and,
 * only when it is about to report a miss, again after an acquire fence, and starts over if it
 * changed or was odd. Registrations never move a binding: a new one goes into the first empty slot
 * of its chain, and a run from a binding's home slot to the binding never contains an empty slot,
 * so a new binding never lands in front of an existing one. A lookup that overlaps the
 * registration or removal of its own home address may see either state; a hit never needs the
 * table-wide check, because the slot it read was whole and held that home address.
 *
 * <h2>Clock</h2>
 * Lifetimes are absolute times on the caller's monotonic millisecond clock (for example
 * {@code System.nanoTime() / 1_000_000}), kept as 32 bits and compared wrap-safely, which is
 * exact while a binding is swept within 24 days of its expiry (RFC 6275 lifetimes are at most
 * 262 140 s). The cache never reads a clock itself, so tests drive time by hand.
 */
public final class BindingCache {
    /** Home agents a multi-HA binding may list (the Multiple Home Agents option carries at most 15). */
    public static final int MAX_HOME_AGENTS = 15;
    /** Mobile network prefixes one NEMO binding may carry. */
    public static final int MAX_MOBILE_NETWORK_PREFIXES = 16;
    /** The largest configurable maximum (the table's long[] must stay below 2^31 elements). */
    public static final int MAX_BINDINGS_LIMIT = 256 * 1024 * 1024;

    /** Bindings per slot at the configured maximum, as a fraction: 7/10. */
    static final int LOAD_NUMERATOR = 7;
    static final int LOAD_DENOMINATOR = 10;

    static final int STRIDE = 5;
    private static final int HEADER = 0;
    private static final int HOA_HI = 1;
    private static final int HOA_LO = 2;
    private static final int COA_HI = 3;
    private static final int COA_LO = 4;

    private static final long VERSION_ONE = 1L << 32;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int maxBindings;
    private final int capacity;
    private final long seed;
    private final long[] slots;
    /**
     * Absolute expiry in milliseconds, low 32 bits, one per slot; written inside the slot's
     * seqlock window (see {@code writeSlot}) and read by lookups inside it.
     */
    private final int[] expiries;
    /** The table-wide seqlock around backward shifts; odd while one is under way. */
    private volatile long moves;

    // Writer state: read and written only under the lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Ipv6Address, Lists> lists = new HashMap<>();
    private long created;
    private long refreshed;
    private long refused;
    private long deregistered;
    private long expired;
    private long shifted;
    /** Written under the lock, read by anyone. */
    private volatile int size;

    private record Lists(List<Ipv6Address> homeAgents, List<Ipv6Prefix> prefixes) {
        static final Lists NONE = new Lists(List.of(), List.of());
    }

    /** A cache for at most {@code maxBindings} bindings, with a random hash seed. */
    public BindingCache(int maxBindings) {
        this(maxBindings, ThreadLocalRandom.current().nextLong());
    }

    /** With a fixed hash seed, so tests can place home addresses in chosen slots. */
    BindingCache(int maxBindings, long seed) {
        if (maxBindings < 1 || maxBindings > MAX_BINDINGS_LIMIT) {
            throw new IllegalArgumentException("maximum bindings " + maxBindings + " is not 1-" + MAX_BINDINGS_LIMIT);
        }
        this.maxBindings = maxBindings;
        this.capacity = capacityFor(maxBindings);
        this.seed = seed;
        this.slots = new long[capacity * STRIDE];
        this.expiries = new int[capacity];
    }

    /** Slots for a maximum: at most 70 % full, and always one empty slot to end every probe. */
    static int capacityFor(int maxBindings) {
        long slots = ((long) maxBindings * LOAD_DENOMINATOR + LOAD_NUMERATOR - 1) / LOAD_NUMERATOR;
        return (int) Math.max(slots, maxBindings + 1L);
    }

    // ---------------------------------------------------------------- forwarding path

    /**
     * Finds the binding for the home address {@code hoaHi:hoaLo} and copies its care-of address,
     * Sequence #, flags and expiry into {@code out}. Lock-free and allocation-free. A binding
     * whose lifetime is over is found until an {@link #expire} sweep removes it; the forwarding
     * path checks {@link BindingView#expiredAt}.
     *
     * @param out filled when there is a binding, untouched when there is not; may be null
     * @return whether there is a binding
     */
    public boolean lookup(long hoaHi, long hoaLo, BindingView out) {
        if ((hoaHi | hoaLo) == 0) {
            return false; // :: marks an empty slot
        }
        long[] s = slots;
        int[] e = expiries;
        int cap = capacity;
        int home = homeSlot(hash(hoaHi, hoaLo), cap);
        while (true) {
            long m = moves;
            if ((m & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            int i = home;
            for (int probes = 0; probes < cap; probes++) {
                int base = i * STRIDE;
                long header;
                long kHi;
                long kLo;
                long cHi;
                long cLo;
                int exp;
                while (true) {
                    header = (long) LONGS.getAcquire(s, base + HEADER);
                    if ((header & VERSION_ONE) != 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    kHi = s[base + HOA_HI];
                    kLo = s[base + HOA_LO];
                    cHi = s[base + COA_HI];
                    cLo = s[base + COA_LO];
                    exp = e[i];
                    VarHandle.acquireFence();
                    if ((long) LONGS.getAcquire(s, base + HEADER) == header) {
                        break;
                    }
                }
                if (kHi == hoaHi && kLo == hoaLo) {
                    if (out != null) {
                        out.careOfHi = cHi;
                        out.careOfLo = cLo;
                        out.sequence = (int) (header >>> 16) & 0xffff;
                        out.flags = (int) header & 0xffff;
                        out.expiresAtMillis = exp;
                    }
                    return true;
                }
                if ((kHi | kLo) == 0) {
                    break;
                }
                if (++i == cap) {
                    i = 0;
                }
            }
            VarHandle.acquireFence();
            if (moves == m) {
                return false;
            }
        }
    }

    /** Whether there is a binding for the home address (lock-free, allocation-free). */
    public boolean contains(long hoaHi, long hoaLo) {
        return lookup(hoaHi, hoaLo, null);
    }

    /** Bindings held now. */
    public int size() {
        return size;
    }

    public int maxBindings() {
        return maxBindings;
    }

    // ---------------------------------------------------------------- control path

    /**
     * Creates or refreshes the binding for a home address (RFC 6275 10.3.1: the cache entry takes
     * the new care-of address, sequence number and lifetime). A refresh keeps the entry's
     * home-agent and prefix lists; a new entry has none. Sequence number checks (RFC 6275 9.5.1)
     * are the caller's: the cache stores what it is given.
     *
     * @param sequence 0-65535
     * @param flags the 16 BU flag bits
     * @param expiresAtMillis the absolute end of the lifetime on the caller's monotonic clock
     * @return {@link Registration#REFUSED_FULL} (and nothing changed) when a new entry is needed
     *     and the cache holds {@link #maxBindings()} bindings
     * @throws IllegalArgumentException for the home address {@code ::}, or a sequence number or
     *     flags beyond 16 bits
     */
    public Registration register(long hoaHi, long hoaLo, long coaHi, long coaLo, int sequence, int flags,
            long expiresAtMillis) {
        checkArguments(hoaHi, hoaLo, sequence, flags);
        lock.lock();
        try {
            return put(hoaHi, hoaLo, coaHi, coaLo, sequence, flags, expiresAtMillis, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates or refreshes a binding and replaces its multi-HA list of home agents (paper 001's
     * Multiple Home Agents option) and its NEMO mobile network prefixes (RFC 3963 6.1.2); empty
     * lists clear them.
     *
     * @throws IllegalArgumentException as {@link #register(long, long, long, long, int, int, long)},
     *     and for more than {@link #MAX_HOME_AGENTS} home agents or
     *     {@link #MAX_MOBILE_NETWORK_PREFIXES} prefixes (the caller answers such a BU first)
     */
    public Registration register(Ipv6Address homeAddress, Ipv6Address careOfAddress, int sequence, int flags,
            long expiresAtMillis, List<Ipv6Address> homeAgents, List<Ipv6Prefix> mobileNetworkPrefixes) {
        checkArguments(homeAddress.hi(), homeAddress.lo(), sequence, flags);
        if (homeAgents.size() > MAX_HOME_AGENTS) {
            throw new IllegalArgumentException(homeAgents.size() + " home agents, at most " + MAX_HOME_AGENTS);
        }
        if (mobileNetworkPrefixes.size() > MAX_MOBILE_NETWORK_PREFIXES) {
            throw new IllegalArgumentException(mobileNetworkPrefixes.size() + " mobile network prefixes, at most "
                    + MAX_MOBILE_NETWORK_PREFIXES);
        }
        Lists l = homeAgents.isEmpty() && mobileNetworkPrefixes.isEmpty()
                ? Lists.NONE
                : new Lists(List.copyOf(homeAgents), List.copyOf(mobileNetworkPrefixes));
        lock.lock();
        try {
            return put(homeAddress.hi(), homeAddress.lo(), careOfAddress.hi(), careOfAddress.lo(), sequence, flags,
                    expiresAtMillis, l);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the binding for a home address (a de-registration, RFC 6275 10.3.2).
     *
     * @return whether there was one
     */
    public boolean deregister(long hoaHi, long hoaLo) {
        if ((hoaHi | hoaLo) == 0) {
            return false;
        }
        lock.lock();
        try {
            int i = findSlot(hoaHi, hoaLo);
            if (i < 0) {
                return false;
            }
            remove(i);
            deregistered++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean deregister(Ipv6Address homeAddress) {
        return deregister(homeAddress.hi(), homeAddress.lo());
    }

    /**
     * Removes every binding whose lifetime is over at {@code nowMillis} (RFC 6275 10.3.1: the
     * entry is deleted when its lifetime expires) and hands each to {@code onExpired} after the
     * lock is released, so the consumer may call back into the cache.
     *
     * @return how many expired
     */
    public int expire(long nowMillis, Consumer<Binding> onExpired) {
        List<Binding> gone = new ArrayList<>();
        lock.lock();
        try {
            // collect first: removing shifts bindings, possibly into slots already scanned
            long[] s = slots;
            int now = (int) nowMillis;
            for (int i = 0; i < capacity; i++) {
                int base = i * STRIDE;
                if ((s[base + HOA_HI] | s[base + HOA_LO]) != 0 && expiries[i] - now <= 0) {
                    gone.add(toBinding(i, nowMillis));
                }
            }
            for (Binding b : gone) {
                remove(findSlot(b.homeAddress().hi(), b.homeAddress().lo()));
                expired++;
            }
        } finally {
            lock.unlock();
        }
        gone.forEach(onExpired);
        return gone.size();
    }

    /** The binding for one home address as a value, with the lifetime left at {@code nowMillis}. */
    public Optional<Binding> binding(Ipv6Address homeAddress, long nowMillis) {
        if (homeAddress.isUnspecified()) {
            return Optional.empty();
        }
        lock.lock();
        try {
            int i = findSlot(homeAddress.hi(), homeAddress.lo());
            return i < 0 ? Optional.empty() : Optional.of(toBinding(i, nowMillis));
        } finally {
            lock.unlock();
        }
    }

    /** Every binding (for {@code show bindings}), ordered by home address, a consistent snapshot. */
    public List<Binding> bindings(long nowMillis) {
        List<Binding> all = new ArrayList<>();
        lock.lock();
        try {
            long[] s = slots;
            for (int i = 0; i < capacity; i++) {
                int base = i * STRIDE;
                if ((s[base + HOA_HI] | s[base + HOA_LO]) != 0) {
                    all.add(toBinding(i, nowMillis));
                }
            }
        } finally {
            lock.unlock();
        }
        all.sort((a, b) -> a.homeAddress().compareTo(b.homeAddress()));
        return all;
    }

    public BindingCacheCounters counters() {
        lock.lock();
        try {
            return new BindingCacheCounters(size, maxBindings, created, refreshed, refused, deregistered, expired,
                    shifted);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Heap bytes of the table (the slots' {@code long[]} and the lifetimes' {@code int[]}, with
     * their 16-byte array headers); the side table of lists is not counted.
     */
    public long coreBytes() {
        return 16L + 8L * slots.length + 16L + 4L * expiries.length;
    }

    // ---------------------------------------------------------------- writer internals (lock held)

    private Registration put(long hoaHi, long hoaLo, long coaHi, long coaLo, int sequence, int flags,
            long expiresAtMillis, Lists newLists) {
        long[] s = slots;
        int i = homeSlot(hash(hoaHi, hoaLo), capacity);
        for (int probes = 0; probes < capacity; probes++) {
            int base = i * STRIDE;
            long kHi = s[base + HOA_HI];
            long kLo = s[base + HOA_LO];
            if (kHi == hoaHi && kLo == hoaLo) {
                writeSlot(i, hoaHi, hoaLo, coaHi, coaLo, sequence, flags, (int) expiresAtMillis);
                if (newLists != null) {
                    setLists(hoaHi, hoaLo, newLists);
                }
                refreshed++;
                return Registration.REFRESHED;
            }
            if ((kHi | kLo) == 0) {
                if (size == maxBindings) {
                    refused++;
                    return Registration.REFUSED_FULL;
                }
                // readers that reach this empty slot before the header's release store stop
                // here, as they would have a moment earlier: the binding is not there yet
                writeSlot(i, hoaHi, hoaLo, coaHi, coaLo, sequence, flags, (int) expiresAtMillis);
                if (newLists != null) {
                    setLists(hoaHi, hoaLo, newLists);
                }
                size++;
                created++;
                return Registration.CREATED;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
        throw new IllegalStateException("binding table has no empty slot");
    }

    /** The seqlock write of one slot; see the class comment. */
    private void writeSlot(int i, long hoaHi, long hoaLo, long coaHi, long coaLo, int sequence, int flags,
            int expiresAtMillis) {
        long[] s = slots;
        int base = i * STRIDE;
        long old = s[base + HEADER];
        LONGS.setOpaque(s, base + HEADER, old + VERSION_ONE);
        VarHandle.releaseFence();
        // the expiry is written inside the slot's seqlock window too, so a lookup reads it
        // consistently with the care-of address (it lives in its own array to keep a slot 40 bytes)
        expiries[i] = expiresAtMillis;
        s[base + HOA_HI] = hoaHi;
        s[base + HOA_LO] = hoaLo;
        s[base + COA_HI] = coaHi;
        s[base + COA_LO] = coaLo;
        long version = (old + 2 * VERSION_ONE) & 0xffff_ffff_0000_0000L;
        LONGS.setRelease(s, base + HEADER, version | ((long) sequence << 16) | flags);
    }

    /**
     * Empties slot {@code hole} and shifts the rest of its probe run back (Knuth, TAOCP vol. 3,
     * 6.4, Algorithm R), inside the table-wide {@code moves} seqlock.
     */
    private void remove(int hole) {
        long[] s = slots;
        int hb = hole * STRIDE;
        lists.remove(new Ipv6Address(s[hb + HOA_HI], s[hb + HOA_LO]));
        long m = moves;
        moves = m + 1;
        VarHandle.releaseFence();
        int j = hole;
        while (true) {
            if (++j == capacity) {
                j = 0;
            }
            int base = j * STRIDE;
            long kHi = s[base + HOA_HI];
            long kLo = s[base + HOA_LO];
            if ((kHi | kLo) == 0) {
                break;
            }
            int home = homeSlot(hash(kHi, kLo), capacity);
            // the binding at j stays when its home slot lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                long header = s[base + HEADER];
                writeSlot(hole, kHi, kLo, s[base + COA_HI], s[base + COA_LO], (int) (header >>> 16) & 0xffff,
                        (int) header & 0xffff, expiries[j]);
                hole = j;
                shifted++;
            }
        }
        writeSlot(hole, 0, 0, 0, 0, 0, 0, 0);
        moves = m + 2;
        size--;
    }

    /** The slot holding {@code hoa}, or -1. */
    private int findSlot(long hoaHi, long hoaLo) {
        long[] s = slots;
        int i = homeSlot(hash(hoaHi, hoaLo), capacity);
        for (int probes = 0; probes < capacity; probes++) {
            int base = i * STRIDE;
            long kHi = s[base + HOA_HI];
            long kLo = s[base + HOA_LO];
            if (kHi == hoaHi && kLo == hoaLo) {
                return i;
            }
            if ((kHi | kLo) == 0) {
                return -1;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
        return -1;
    }

    private void setLists(long hoaHi, long hoaLo, Lists l) {
        Ipv6Address key = new Ipv6Address(hoaHi, hoaLo);
        if (l == Lists.NONE) {
            lists.remove(key);
        } else {
            lists.put(key, l);
        }
    }

    private Binding toBinding(int i, long nowMillis) {
        long[] s = slots;
        int base = i * STRIDE;
        long header = s[base + HEADER];
        Ipv6Address hoa = new Ipv6Address(s[base + HOA_HI], s[base + HOA_LO]);
        int left = expiries[i] - (int) nowMillis;
        Lists l = lists.getOrDefault(hoa, Lists.NONE);
        return new Binding(hoa, new Ipv6Address(s[base + COA_HI], s[base + COA_LO]),
                (int) (header >>> 16) & 0xffff, (int) header & 0xffff,
                Duration.ofMillis(Math.max(0, left)), l.homeAgents(), l.prefixes());
    }

    private static void checkArguments(long hoaHi, long hoaLo, int sequence, int flags) {
        if ((hoaHi | hoaLo) == 0) {
            throw new IllegalArgumentException(":: is not a home address");
        }
        if ((sequence & ~0xffff) != 0) {
            throw new IllegalArgumentException("sequence number " + sequence + " is not 0-65535");
        }
        if ((flags & ~0xffff) != 0) {
            throw new IllegalArgumentException("flags " + flags + " are not 16 bits");
        }
    }

    // ---------------------------------------------------------------- hashing

    /**
     * The home address's hash: the high half, seeded per cache, times the golden-ratio constant,
     * xor the low half, through Murmur3's 64-bit finaliser. Cheaper products alone (Fibonacci
     * hashing of both halves) put structured interface identifiers into a quarter of the slots;
     * this one spreads every key pattern tried (sequential, EUI-64, shifted, random, scrambled)
     * as a random function would.
     */
    long hash(long hoaHi, long hoaLo) {
        long k = (hoaHi ^ seed) * 0x9E3779B97F4A7C15L ^ hoaLo;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }

    /** The top 32 bits of the hash mapped onto {@code [0, capacity)} (Lemire's multiply-shift). */
    private static int homeSlot(long hash, int capacity) {
        return (int) (((hash >>> 32) * capacity) >>> 32);
    }

    /** The slot a home address hashes to (for tests that build collisions). */
    int homeSlot(long hoaHi, long hoaLo) {
        return homeSlot(hash(hoaHi, hoaLo), capacity);
    }

    /** The slot a home address is in now, or -1 (for tests). */
    int slotOf(long hoaHi, long hoaLo) {
        lock.lock();
        try {
            return findSlot(hoaHi, hoaLo);
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }
}
