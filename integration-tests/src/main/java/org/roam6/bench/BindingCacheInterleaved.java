package org.roam6.bench;

import static org.roam6.bench.BindingCacheKeys.homeHi;
import static org.roam6.bench.BindingCacheKeys.homeLo;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.roam6.bench.BindingCacheKeys.MapValue;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingView;
import org.roam6.wire.Ipv6Address;

/**
 * An A/B companion to {@link BindingCacheBenchmark} for a shared, busy machine: one thread
 * alternates short slices of {@link BindingCache} lookups and {@link ConcurrentHashMap} lookups
 * on the same keys (the same random stream as the benchmark's readers), so both see the same
 * background load, and reports the median ns per lookup of each and the median of the per-round
 * ratios. JMH runs each benchmark minutes apart, when the other users' load may differ.
 *
 * <pre>
 * java -cp integration-tests/target/classes:integration-tests/target/lib/* \
 *     org.roam6.bench.BindingCacheInterleaved [ROUNDS] [SIZES...]
 * </pre>
 * (defaults: 15 rounds; 1000 100000 1000000).
 */
public final class BindingCacheInterleaved {
    private static final long SLICE_NANOS = 100_000_000L;
    private static long sink;

    private BindingCacheInterleaved() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 100_000, 1_000_000};
        System.out.printf("%10s %14s %14s %12s%n", "bindings", "cache ns/op", "map ns/op", "map/cache");
        for (int size : sizes) {
            BindingCache cache = BindingCacheKeys.filledCache(size);
            ConcurrentHashMap<Ipv6Address, MapValue> map = BindingCacheKeys.filledMap(size);
            for (int w = 0; w < 5; w++) { // warm-up: both compiled before the first measured round
                cacheSlice(cache, size);
                mapSlice(map, size);
            }
            double[] c = new double[rounds];
            double[] m = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                c[r] = cacheSlice(cache, size);
                m[r] = mapSlice(map, size);
                ratio[r] = m[r] / c[r];
            }
            System.out.printf("%10d %14.1f %14.1f %12.2f%n", size, median(c), median(m), median(ratio));
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static long random = 0x9E3779B97F4A7C15L;

    private static int next(int size) {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return (int) (((x >>> 32) * size) >>> 32);
    }

    /** ns per lookup over one slice. */
    private static double cacheSlice(BindingCache cache, int size) {
        BindingView v = new BindingView();
        long n = 0;
        long sum = 0;
        long start = System.nanoTime();
        long end;
        do {
            for (int k = 0; k < 1024; k++) {
                int i = next(size);
                sum += cache.lookup(homeHi(i), homeLo(i), v) ? v.careOfHi() + v.careOfLo() : -1;
            }
            n += 1024;
            end = System.nanoTime();
        } while (end - start < SLICE_NANOS);
        sink += sum;
        return (double) (end - start) / n;
    }

    private static double mapSlice(ConcurrentHashMap<Ipv6Address, MapValue> map, int size) {
        long n = 0;
        long sum = 0;
        long start = System.nanoTime();
        long end;
        do {
            for (int k = 0; k < 1024; k++) {
                int i = next(size);
                MapValue v = map.get(new Ipv6Address(homeHi(i), homeLo(i)));
                sum += v != null ? v.careOfHi() + v.careOfLo() : -1;
            }
            n += 1024;
            end = System.nanoTime();
        } while (end - start < SLICE_NANOS);
        sink += sum;
        return (double) (end - start) / n;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
