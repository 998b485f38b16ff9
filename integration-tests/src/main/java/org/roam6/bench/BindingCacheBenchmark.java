package org.roam6.bench;

import static org.roam6.bench.BindingCacheKeys.LIFETIME_MILLIS;
import static org.roam6.bench.BindingCacheKeys.careOfHi;
import static org.roam6.bench.BindingCacheKeys.careOfLo;
import static org.roam6.bench.BindingCacheKeys.homeHi;
import static org.roam6.bench.BindingCacheKeys.homeLo;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.roam6.bench.BindingCacheKeys.MapValue;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingView;
import org.roam6.wire.Ipv6Address;

/**
 * The home agent's forwarding-path lookup, home address &rarr; care-of address (RFC 6275 10.4.1:
 * every packet intercepted for a mobile node is tunnelled to its primary care-of address), in
 * roam6's {@link BindingCache} and in a {@link ConcurrentHashMap} keyed by {@link Ipv6Address}
 * records with a {@link MapValue} record, on the same keys, at 1k, 100k and 1M bindings.
 *
 * <p>Each lookup draws a random binding (xorshift per thread) and computes its home address as
 * two longs, as a forwarding thread takes it from a packet; the map side then has to make an
 * {@link Ipv6Address} key. An invocation does {@value #BATCH} lookups (a batch of received
 * packets) and returns the sum of the care-of addresses' halves; scores are per lookup
 * ({@code @OperationsPerInvocation}).
 *
 * <p>Groups, each for both structures ({@code cache...} / {@code map...}):
 * <ul>
 *   <li>{@code ReadOnly1}, {@code ReadOnly2}: 1 or 2 reader threads, no writer;
 *   <li>{@code WithWriter1}, {@code WithWriter2}: 1 or 2 readers plus 1 writer that refreshes
 *       the bindings of 1 % of the home addresses (every 100th) with a new care-of address and
 *       sequence number, {@value #WRITES_PER_BURST} per burst, then parks
 *       {@value #WRITER_PARK_NANOS} ns (Linux rounds that up to ~50-60 us), so the writer stays
 *       at a bounded rate (its updates/s are the group's {@code ...Write} line) and leaves the
 *       cores to the readers.
 * </ul>
 * Reader lines are lookups/s summed over the group's reader threads. B/op from {@code -prof gc}
 * is per operation of the whole group (lookups and updates together).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BindingCacheBenchmark {
    /** Lookups per invocation, as a forwarding thread handles a batch of received packets. */
    static final int BATCH = 16;
    static final int WRITES_PER_BURST = BATCH;
    static final long WRITER_PARK_NANOS = 10_000;

    /** roam6's cache, filled with {@code size} bindings; one per benchmark run. */
    @State(Scope.Benchmark)
    public static class CacheState {
        @Param({"1000", "100000", "1000000"})
        public int size;

        BindingCache cache;

        @Setup(Level.Trial)
        public void fill() {
            cache = BindingCacheKeys.filledCache(size);
        }

        @TearDown(Level.Trial)
        public void check() {
            if (cache.size() != size) {
                throw new IllegalStateException("the cache lost bindings: " + cache.size());
            }
        }
    }

    /** A {@link ConcurrentHashMap} pre-sized and filled with the same {@code size} bindings. */
    @State(Scope.Benchmark)
    public static class MapState {
        @Param({"1000", "100000", "1000000"})
        public int size;

        ConcurrentHashMap<Ipv6Address, MapValue> map;

        @Setup(Level.Trial)
        public void fill() {
            map = BindingCacheKeys.filledMap(size);
        }
    }

    /** Per reader thread: its random stream and its reusable view. */
    @State(Scope.Thread)
    public static class Reader {
        final BindingView view = new BindingView();
        long random;

        @Setup(Level.Trial)
        public void seed() {
            random = System.nanoTime() | 1;
        }

        int next(int size) {
            long x = random;
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            random = x;
            return (int) (((x >>> 32) * size) >>> 32);
        }
    }

    /** The writer's position in the 1 % it refreshes (every 100th binding) and its sequence. */
    @State(Scope.Thread)
    public static class Writer {
        int next;
        int sequence;

        int nextBinding(int size) {
            int hot = Math.max(1, size / 100);
            int i = (next++ % hot) * 100;
            if (next % hot == 0) {
                sequence = (sequence + 1) & 0xffff;
            }
            return Math.min(i, size - 1);
        }
    }

    // ---------------------------------------------------------------- the operations

    static long cacheRead(CacheState s, Reader r) {
        BindingCache cache = s.cache;
        BindingView v = r.view;
        long sum = 0;
        for (int n = 0; n < BATCH; n++) {
            int i = r.next(s.size);
            sum += cache.lookup(homeHi(i), homeLo(i), v) ? v.careOfHi() + v.careOfLo() : -1;
        }
        return sum;
    }

    static long mapRead(MapState s, Reader r) {
        ConcurrentHashMap<Ipv6Address, MapValue> map = s.map;
        long sum = 0;
        for (int n = 0; n < BATCH; n++) {
            int i = r.next(s.size);
            MapValue v = map.get(new Ipv6Address(homeHi(i), homeLo(i)));
            sum += v != null ? v.careOfHi() + v.careOfLo() : -1;
        }
        return sum;
    }

    static int cacheWrite(CacheState s, Writer w) {
        int done = 0;
        for (int n = 0; n < WRITES_PER_BURST; n++) {
            int i = w.nextBinding(s.size);
            int seq = w.sequence;
            done += s.cache.register(homeHi(i), homeLo(i), careOfHi(i, seq), careOfLo(i, seq), seq, 0xa000,
                    LIFETIME_MILLIS + seq).ordinal();
        }
        LockSupport.parkNanos(WRITER_PARK_NANOS);
        return done;
    }

    static int mapWrite(MapState s, Writer w) {
        int done = 0;
        for (int n = 0; n < WRITES_PER_BURST; n++) {
            int i = w.nextBinding(s.size);
            int seq = w.sequence;
            MapValue old = s.map.put(new Ipv6Address(homeHi(i), homeLo(i)),
                    new MapValue(careOfHi(i, seq), careOfLo(i, seq), seq, 0xa000, LIFETIME_MILLIS + seq));
            done += old == null ? 0 : 1;
        }
        LockSupport.parkNanos(WRITER_PARK_NANOS);
        return done;
    }

    // ---------------------------------------------------------------- groups: readers only

    @Benchmark
    @Group("cacheReadOnly1")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public long cacheReadOnly1Read(CacheState s, Reader r) {
        return cacheRead(s, r);
    }

    @Benchmark
    @Group("mapReadOnly1")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public long mapReadOnly1Read(MapState s, Reader r) {
        return mapRead(s, r);
    }

    @Benchmark
    @Group("cacheReadOnly2")
    @GroupThreads(2)
    @OperationsPerInvocation(BATCH)
    public long cacheReadOnly2Read(CacheState s, Reader r) {
        return cacheRead(s, r);
    }

    @Benchmark
    @Group("mapReadOnly2")
    @GroupThreads(2)
    @OperationsPerInvocation(BATCH)
    public long mapReadOnly2Read(MapState s, Reader r) {
        return mapRead(s, r);
    }

    // ---------------------------------------------------------------- groups: readers + a writer

    @Benchmark
    @Group("cacheWithWriter1")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public long cacheWithWriter1Read(CacheState s, Reader r) {
        return cacheRead(s, r);
    }

    @Benchmark
    @Group("cacheWithWriter1")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public int cacheWithWriter1Write(CacheState s, Writer w) {
        return cacheWrite(s, w);
    }

    @Benchmark
    @Group("mapWithWriter1")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public long mapWithWriter1Read(MapState s, Reader r) {
        return mapRead(s, r);
    }

    @Benchmark
    @Group("mapWithWriter1")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public int mapWithWriter1Write(MapState s, Writer w) {
        return mapWrite(s, w);
    }

    @Benchmark
    @Group("cacheWithWriter2")
    @GroupThreads(2)
    @OperationsPerInvocation(BATCH)
    public long cacheWithWriter2Read(CacheState s, Reader r) {
        return cacheRead(s, r);
    }

    @Benchmark
    @Group("cacheWithWriter2")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public int cacheWithWriter2Write(CacheState s, Writer w) {
        return cacheWrite(s, w);
    }

    @Benchmark
    @Group("mapWithWriter2")
    @GroupThreads(2)
    @OperationsPerInvocation(BATCH)
    public long mapWithWriter2Read(MapState s, Reader r) {
        return mapRead(s, r);
    }

    @Benchmark
    @Group("mapWithWriter2")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public int mapWithWriter2Write(MapState s, Writer w) {
        return mapWrite(s, w);
    }
}
