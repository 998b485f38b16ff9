package org.roam6.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import org.roam6.binding.BindingCache;

/**
 * Heap bytes per binding, measured: used heap after full collections before and after filling
 * roam6's {@link BindingCache} and a pre-sized {@code ConcurrentHashMap<Ipv6Address, MapValue>}
 * with the same bindings (the fills of {@link BindingCacheBenchmark}), one structure at a time.
 * For the cache it also prints {@link BindingCache#coreBytes()}, the size computed from its
 * arrays, which the measurement should match.
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx3g -cp integration-tests/target/classes:integration-tests/target/lib/* \
 *     org.roam6.bench.BindingCacheFootprint [BINDINGS...]
 * </pre>
 * (default 1000000). SerialGC makes {@code System.gc()} a full, synchronous collection.
 */
public final class BindingCacheFootprint {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private BindingCacheFootprint() {}

    public static void main(String[] args) throws InterruptedException {
        int[] sizes = args.length == 0 ? new int[] {1_000_000} : new int[args.length];
        for (int k = 0; k < args.length; k++) {
            sizes[k] = Integer.parseInt(args[k]);
        }
        // one throwaway fill of each first, so class initialisation is not counted as bindings
        keep(BindingCacheKeys.filledCache(1_000).size() + BindingCacheKeys.filledMap(1_000).size());
        System.out.printf("%-26s %10s %14s %12s %14s%n", "structure", "bindings", "heap bytes", "bytes/bind",
                "computed/bind");
        for (int size : sizes) {
            long before = usedAfterGc();
            BindingCache cache = BindingCacheKeys.filledCache(size);
            long cacheBytes = usedAfterGc() - before;
            System.out.printf("%-26s %10d %14d %12.1f %14.1f%n", "BindingCache", size, cacheBytes,
                    (double) cacheBytes / size, (double) cache.coreBytes() / size);
            keep(cache.size());
            cache = null;

            before = usedAfterGc();
            Map<?, ?> map = BindingCacheKeys.filledMap(size);
            long mapBytes = usedAfterGc() - before;
            System.out.printf("%-26s %10d %14d %12.1f %14s%n", "ConcurrentHashMap", size, mapBytes,
                    (double) mapBytes / size, "-");
            keep(map.size());
            map = null;
        }
    }

    private static long sink;

    private static void keep(int n) {
        sink += n;
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int n = 0; n < 4; n++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
