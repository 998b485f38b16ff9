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
 * longs, as many threads as it likes: no lock, no allocation, no retry loop unless a write to that
 * very entry is under way. The control path ({@link #register}, {@link #deregister},
 * {@link #expire}, {@link #bindings}) takes one writer lock; readers never take it.
 *
 * <h2>Layout</h2>
 * Two arrays hold the hot state:
 * <ul>
 *   <li>{@code entries}: a dense {@code long[]} with {@value #STRIDE} longs per binding, one slot
 *       per configured binding, never resized: word 0 the header (a 32-bit seqlock version, the
 *       16-bit sequence number, the 16 BU flags), words 1-2 the home address, 3-4 the care-of
 *       address, 5 the absolute expiry in nanoseconds. A lookup reads 48 contiguous bytes.
 *   <li>{@code index}: an open-addressing table of {@code int}s, a power of two at least twice
 *       the maximum number of bindings, probed linearly from the home address's hash. A slot is
 *       {@link #EMPTY}, a {@link #TOMBSTONE} (a deleted binding), or {@code tag << 24 | (entry + 1)}
 *       where {@code tag} is the top 8 bits of the hash, so most probes that cannot match skip
 *       the entry without touching its cache line.
 * </ul>
 * At 1M bindings that is 48 bytes of entry plus 8.4 bytes of index per binding (see
 * {@link #coreBytes()}). The home-agent and prefix lists live in a side table under the writer
 * lock, only for bindings that have them.
 *
 * <h2>Why a reader never sees a torn or a lost binding (Java Memory Model)</h2>
 * Only the lock holder writes. Each entry is a seqlock (Boehm, "Can seqlocks get along with
 * programming language memory models?", MSPC 2012):
 * <pre>
 * writer                                   reader
 *   header = v+1 (odd)        [opaque]       h1 = header            [acquire]; retry if odd
 *   releaseFence                             read words 1-5         [plain]
 *   words 1-5 = ...           [plain]        acquireFence
 *   header = v+2 | seq | flags [release]     h2 = header            [acquire]; retry if h2 != h1
 * </pre>
 * If the reader's plain loads saw any store of a write that had not finished when it read
 * {@code h1}, then (the release fence keeps the odd header store before the data stores, the
 * acquire fence keeps the {@code h2} load after the data loads) {@code h2} reads that write's odd
 * header or a later one, so {@code h2 != h1} and the reader retries. If {@code h2 == h1} the
 * reader read only stores that happened-before the release store it acquired in {@code h1}: one
 * whole registration. A word torn by a 32-bit JVM (JLS 17.7) falls under the same argument. The
 * version is 32 bits: a false validation needs 2^32 writes to one entry during one read of 48
 * bytes.
 *
 * <p>A new binding's entry is written completely before its index slot is published with a
 * release store; the reader loads index slots with acquire, so it never follows a slot to an
 * entry it cannot see. Index slots only ever change EMPTY &rarr; entry, entry &rarr; TOMBSTONE
 * and TOMBSTONE &rarr; entry, never back to EMPTY, so a probe chain is never cut: a binding
 * present for the whole of a lookup is found. When tombstones pile up the writer builds a fresh
 * index and publishes it through a {@code volatile} field; it never writes the old one again, so
 * a reader still probing the old one walks a chain that only lost slots of bindings deleted
 * meanwhile. Entries freed by a deregistration are reused for other home addresses; a reader
 * holding a stale slot then reads a whole (validated) entry with another key, sees the key
 * differ, and probes on. A lookup that overlaps the registration or removal of its own key may
 * see either state.
 *
 * <h2>Clock</h2>
 * Expiry times are absolute values of the caller's monotonic clock in nanoseconds
 * ({@code System.nanoTime()}), compared wrap-safely ({@code a - b <= 0}). The cache never reads
 * a clock itself, so tests drive time by hand.
 */
public final class BindingCache {
    /** Home agents a multi-HA binding may list (the Multiple Home Agents option carries at most 15). */
    public static final int MAX_HOME_AGENTS = 15;
    /** Mobile network prefixes one NEMO binding may carry. */
    public static final int MAX_MOBILE_NETWORK_PREFIXES = 16;
    /** The largest configurable maximum: entry numbers are 24 bits in an index slot. */
    public static final int MAX_BINDINGS_LIMIT = (1 << 24) - 2;

    static final int STRIDE = 6;
    private static final int HEADER = 0;
    private static final int HOA_HI = 1;
    private static final int HOA_LO = 2;
    private static final int COA_HI = 3;
    private static final int COA_LO = 4;
    private static final int EXPIRES = 5;

    private static final long VERSION_ONE = 1L << 32;

    static final int EMPTY = 0;
    static final int TOMBSTONE = -1;
    private static final int TAG_SHIFT = 24;
    private static final int ENTRY_MASK = (1 << TAG_SHIFT) - 1;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int maxBindings;
    private final long seed;
    private final long[] entries;
    /** Replaced (never written again) by a rebuild; see the class comment. */
    private volatile int[] index;

    // Writer state: read and written only under the lock.
    private final ReentrantLock lock = new ReentrantLock();
    /** One bit per entry: set while the entry holds a binding. */
    private final long[] live;
    private final Map<Integer, Lists> lists = new HashMap<>();
    private int highWater;
    private int freeCursor;
    private int tombstones;
    private long created;
    private long refreshed;
    private long refused;
    private long deregistered;
    private long expired;
    private long rebuilds;
    /** Written under the lock, read by anyone. */
    private volatile int size;

    private record Lists(List<Ipv6Address> homeAgents, List<Ipv6Prefix> prefixes) {
        static final Lists NONE = new Lists(List.of(), List.of());
    }

    /** A cache for at most {@code maxBindings} bindings, with a random hash seed. */
    public BindingCache(int maxBindings) {
        this(maxBindings, ThreadLocalRandom.current().nextLong());
    }

    /** With a fixed hash seed, so tests can place keys in chosen index slots. */
    BindingCache(int maxBindings, long seed) {
        if (maxBindings < 1 || maxBindings > MAX_BINDINGS_LIMIT) {
            throw new IllegalArgumentException("maximum bindings " + maxBindings + " is not 1-" + MAX_BINDINGS_LIMIT);
        }
        this.maxBindings = maxBindings;
        this.seed = seed;
        this.entries = new long[maxBindings * STRIDE];
        this.live = new long[(maxBindings + 63) >>> 6];
        this.index = new int[indexCapacity(maxBindings)];
    }

    /** The index size: a power of two at least twice the maximum (load factor at most 1/2). */
    static int indexCapacity(int maxBindings) {
        return Math.max(8, Integer.highestOneBit(maxBindings * 2 - 1) << 1);
    }

    // ---------------------------------------------------------------- forwarding path

    /**
     * Finds the binding for the home address {@code hoaHi:hoaLo} and copies it into {@code out}.
     * Lock-free and allocation-free. An entry whose lifetime is over but which no
     * {@link #expire} sweep has removed yet is still found: check
     * {@link BindingView#expiredAt} where that matters.
     *
     * @param out filled when there is a binding, untouched when there is not; may be null
     * @return whether there is a binding
     */
    public boolean lookup(long hoaHi, long hoaLo, BindingView out) {
        long h = hash(hoaHi, hoaLo);
        int tag = tag(h);
        int[] idx = index;
        int mask = idx.length - 1;
        long[] e = entries;
        int i = (int) h & mask;
        for (int probes = 0; probes <= mask; probes++) {
            int slot = (int) INTS.getAcquire(idx, i);
            if (slot == EMPTY) {
                return false;
            }
            if (slot != TOMBSTONE && (slot >>> TAG_SHIFT) == tag) {
                int base = ((slot & ENTRY_MASK) - 1) * STRIDE;
                long header;
                long kHi;
                long kLo;
                long cHi;
                long cLo;
                long exp;
                while (true) {
                    header = (long) LONGS.getAcquire(e, base + HEADER);
                    if ((header & VERSION_ONE) != 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    kHi = e[base + HOA_HI];
                    kLo = e[base + HOA_LO];
                    cHi = e[base + COA_HI];
                    cLo = e[base + COA_LO];
                    exp = e[base + EXPIRES];
                    VarHandle.acquireFence();
                    if ((long) LONGS.getAcquire(e, base + HEADER) == header) {
                        break;
                    }
                }
                if (kHi == hoaHi && kLo == hoaLo) {
                    if (out == null) {
                        return true;
                    }
                    out.careOfHi = cHi;
                    out.careOfLo = cLo;
                    out.expiresAtNanos = exp;
                    out.sequence = (int) (header >>> 16) & 0xffff;
                    out.flags = (int) header & 0xffff;
                    return true;
                }
            }
            i = (i + 1) & mask;
        }
        return false;
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
     * @param expiresAtNanos the absolute end of the lifetime on the caller's monotonic clock
     * @return {@link Registration#REFUSED_FULL} (and nothing changed) when a new entry is needed
     *     and the cache holds {@link #maxBindings()} bindings
     */
    public Registration register(long hoaHi, long hoaLo, long coaHi, long coaLo, int sequence, int flags,
            long expiresAtNanos) {
        check16("sequence number", sequence);
        check16("flags", flags);
        lock.lock();
        try {
            return put(hoaHi, hoaLo, coaHi, coaLo, sequence, flags, expiresAtNanos, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates or refreshes a binding and replaces its multi-HA list of home agents (paper 001's
     * Multiple Home Agents option) and its NEMO mobile network prefixes (RFC 3963 6.1.2); empty
     * lists clear them.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_HOME_AGENTS} home agents or
     *     {@link #MAX_MOBILE_NETWORK_PREFIXES} prefixes (the caller answers such a BU first)
     */
    public Registration register(Ipv6Address homeAddress, Ipv6Address careOfAddress, int sequence, int flags,
            long expiresAtNanos, List<Ipv6Address> homeAgents, List<Ipv6Prefix> mobileNetworkPrefixes) {
        check16("sequence number", sequence);
        check16("flags", flags);
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
                    expiresAtNanos, l);
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
     * Removes every binding whose lifetime is over at {@code nowNanos} (RFC 6275 10.3.1: the entry
     * is deleted when its lifetime expires) and hands each to {@code onExpired} after the lock is
     * released, so the consumer may call back into the cache.
     *
     * @return how many expired
     */
    public int expire(long nowNanos, Consumer<Binding> onExpired) {
        List<Binding> gone = new ArrayList<>();
        lock.lock();
        try {
            long[] e = entries;
            for (int w = 0; w < live.length; w++) {
                long bits = live[w];
                while (bits != 0) {
                    int entry = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    int base = entry * STRIDE;
                    if (e[base + EXPIRES] - nowNanos <= 0) {
                        gone.add(toBinding(entry, nowNanos));
                        remove(findSlot(e[base + HOA_HI], e[base + HOA_LO]));
                        expired++;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        gone.forEach(onExpired);
        return gone.size();
    }

    /** The binding for one home address as a value, with the lifetime left at {@code nowNanos}. */
    public Optional<Binding> binding(Ipv6Address homeAddress, long nowNanos) {
        lock.lock();
        try {
            int i = findSlot(homeAddress.hi(), homeAddress.lo());
            return i < 0 ? Optional.empty() : Optional.of(toBinding(entryOf(index[i]), nowNanos));
        } finally {
            lock.unlock();
        }
    }

    /** Every binding (for {@code show bindings}), ordered by home address, a consistent snapshot. */
    public List<Binding> bindings(long nowNanos) {
        List<Binding> all = new ArrayList<>();
        lock.lock();
        try {
            for (int w = 0; w < live.length; w++) {
                long bits = live[w];
                while (bits != 0) {
                    all.add(toBinding((w << 6) + Long.numberOfTrailingZeros(bits), nowNanos));
                    bits &= bits - 1;
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
                    rebuilds);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Heap bytes of the hot-path arrays (entries, index, live bitmap, with their 16-byte array
     * headers); the side table of lists is not counted.
     */
    public long coreBytes() {
        return 16L + 8L * entries.length + 16L + 4L * index.length + 16L + 8L * live.length;
    }

    // ---------------------------------------------------------------- writer internals (lock held)

    private Registration put(long hoaHi, long hoaLo, long coaHi, long coaLo, int sequence, int flags,
            long expiresAtNanos, Lists newLists) {
        long h = hash(hoaHi, hoaLo);
        int tag = tag(h);
        int[] idx = index;
        int mask = idx.length - 1;
        int i = (int) h & mask;
        int firstTombstone = -1;
        for (int probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
            int slot = idx[i];
            if (slot == EMPTY) {
                break;
            }
            if (slot == TOMBSTONE) {
                if (firstTombstone < 0) {
                    firstTombstone = i;
                }
            } else if ((slot >>> TAG_SHIFT) == tag && keyEquals(entryOf(slot), hoaHi, hoaLo)) {
                int entry = entryOf(slot);
                writeEntry(entry, hoaHi, hoaLo, coaHi, coaLo, sequence, flags, expiresAtNanos);
                if (newLists != null) {
                    setLists(entry, newLists);
                }
                refreshed++;
                return Registration.REFRESHED;
            }
        }
        if (size == maxBindings) {
            refused++;
            return Registration.REFUSED_FULL;
        }
        int target;
        if (firstTombstone >= 0) {
            target = firstTombstone;
            tombstones--;
        } else if (idx[i] == EMPTY) {
            target = i;
        } else {
            throw new IllegalStateException("binding index has no free slot");
        }
        int entry = allocateEntry();
        writeEntry(entry, hoaHi, hoaLo, coaHi, coaLo, sequence, flags, expiresAtNanos);
        if (newLists != null) {
            setLists(entry, newLists);
        }
        // publishes the entry written above: pairs with the reader's acquire load of the slot
        INTS.setRelease(idx, target, (tag << TAG_SHIFT) | (entry + 1));
        size++;
        created++;
        rebuildIfCrowded();
        return Registration.CREATED;
    }

    /** The seqlock write of one entry; see the class comment. */
    private void writeEntry(int entry, long hoaHi, long hoaLo, long coaHi, long coaLo, int sequence, int flags,
            long expiresAtNanos) {
        long[] e = entries;
        int base = entry * STRIDE;
        long old = e[base + HEADER];
        LONGS.setOpaque(e, base + HEADER, old + VERSION_ONE);
        VarHandle.releaseFence();
        e[base + HOA_HI] = hoaHi;
        e[base + HOA_LO] = hoaLo;
        e[base + COA_HI] = coaHi;
        e[base + COA_LO] = coaLo;
        e[base + EXPIRES] = expiresAtNanos;
        long version = (old + 2 * VERSION_ONE) & 0xffff_ffff_0000_0000L;
        LONGS.setRelease(e, base + HEADER, version | ((long) sequence << 16) | flags);
    }

    private void remove(int slotIndex) {
        int[] idx = index;
        int entry = entryOf(idx[slotIndex]);
        INTS.setRelease(idx, slotIndex, TOMBSTONE);
        tombstones++;
        live[entry >>> 6] &= ~(1L << entry);
        lists.remove(entry);
        size--;
        rebuildIfCrowded();
    }

    /**
     * Keeps live + tombstone slots at most 3/4 of the index, so probe chains stay short and every
     * chain ends at an EMPTY slot (live bindings alone fill at most half).
     */
    private void rebuildIfCrowded() {
        int length = index.length;
        if (size + tombstones > length - (length >>> 2)) {
            rebuildIndex();
        }
    }

    /** A fresh index without tombstones, published in one volatile store. */
    private void rebuildIndex() {
        int[] old = index;
        int[] fresh = new int[old.length];
        int mask = fresh.length - 1;
        for (int slot : old) {
            if (slot != EMPTY && slot != TOMBSTONE) {
                int base = entryOf(slot) * STRIDE;
                int i = (int) hash(entries[base + HOA_HI], entries[base + HOA_LO]) & mask;
                while (fresh[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                fresh[i] = slot;
            }
        }
        tombstones = 0;
        rebuilds++;
        index = fresh;
    }

    private int allocateEntry() {
        int entry;
        if (highWater < maxBindings) {
            entry = highWater++;
        } else {
            entry = -1;
            int words = live.length;
            for (int n = 0; n <= words; n++) {
                int w = (freeCursor + n) % words;
                long free = ~live[w];
                if (w == words - 1 && (maxBindings & 63) != 0) {
                    free &= (1L << (maxBindings & 63)) - 1;
                }
                if (free != 0) {
                    entry = (w << 6) + Long.numberOfTrailingZeros(free);
                    freeCursor = w;
                    break;
                }
            }
            if (entry < 0) {
                throw new IllegalStateException("no free binding entry below the maximum");
            }
        }
        live[entry >>> 6] |= 1L << entry;
        return entry;
    }

    /** The index slot holding {@code hoa}, or -1. */
    private int findSlot(long hoaHi, long hoaLo) {
        long h = hash(hoaHi, hoaLo);
        int tag = tag(h);
        int[] idx = index;
        int mask = idx.length - 1;
        int i = (int) h & mask;
        for (int probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
            int slot = idx[i];
            if (slot == EMPTY) {
                return -1;
            }
            if (slot != TOMBSTONE && (slot >>> TAG_SHIFT) == tag && keyEquals(entryOf(slot), hoaHi, hoaLo)) {
                return i;
            }
        }
        return -1;
    }

    private boolean keyEquals(int entry, long hoaHi, long hoaLo) {
        int base = entry * STRIDE;
        return entries[base + HOA_HI] == hoaHi && entries[base + HOA_LO] == hoaLo;
    }

    private void setLists(int entry, Lists l) {
        if (l == Lists.NONE) {
            lists.remove(entry);
        } else {
            lists.put(entry, l);
        }
    }

    private Binding toBinding(int entry, long nowNanos) {
        long[] e = entries;
        int base = entry * STRIDE;
        long header = e[base + HEADER];
        long left = e[base + EXPIRES] - nowNanos;
        Lists l = lists.getOrDefault(entry, Lists.NONE);
        return new Binding(new Ipv6Address(e[base + HOA_HI], e[base + HOA_LO]),
                new Ipv6Address(e[base + COA_HI], e[base + COA_LO]),
                (int) (header >>> 16) & 0xffff, (int) header & 0xffff,
                Duration.ofNanos(Math.max(0, left)), l.homeAgents(), l.prefixes());
    }

    // ---------------------------------------------------------------- hashing

    /** Murmur3's 64-bit finaliser over both halves, seeded per cache against chosen collisions. */
    long hash(long hoaHi, long hoaLo) {
        return fmix64(fmix64(hoaHi ^ seed) ^ hoaLo);
    }

    /** The index slot a home address hashes to (for tests that build collisions). */
    int homeSlot(long hoaHi, long hoaLo) {
        return (int) hash(hoaHi, hoaLo) & (index.length - 1);
    }

    int indexLength() {
        return index.length;
    }

    int tombstones() {
        lock.lock();
        try {
            return tombstones;
        } finally {
            lock.unlock();
        }
    }

    private static int tag(long h) {
        return (int) (h >>> 56);
    }

    private static int entryOf(int slot) {
        return (slot & ENTRY_MASK) - 1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static void check16(String what, int v) {
        if ((v & ~0xffff) != 0) {
            throw new IllegalArgumentException(what + " " + v + " is not 0-65535");
        }
    }
}
