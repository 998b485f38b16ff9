package org.roam6.bench.had;

import java.util.Locale;
import org.roam6.had.HomeAgentConfig;

/**
 * How long {@link HomeAgentConfig#parse} takes for a generated {@code had.conf} with N
 * {@code MnKey} lines ({@link MobileNodes#config}) and, for comparison, with N
 * {@code MnUnprotected} lines instead (the same parser, no key store):
 * {@code ConfigParseCost N...}. One parse per size after one untimed warm-up parse of 1000
 * lines; wall time, single-threaded.
 */
public final class ConfigParseCost {
    private ConfigParseCost() {}

    public static void main(String[] args) throws Exception {
        HomeAgentConfig.parse("warm-up.conf", MobileNodes.config(1000, "lan0", "/nonexistent"));
        for (String a : args) {
            int n = Integer.parseInt(a);
            String keyed = MobileNodes.config(n, "lan0", "/nonexistent");
            StringBuilder open = new StringBuilder(MobileNodes.config(0, "lan0", "/nonexistent"));
            for (int i = 0; i < n; i++) {
                open.append("MnUnprotected ").append(MobileNodes.homeAddress(i)).append(";\n");
            }
            long t0 = System.nanoTime();
            HomeAgentConfig k = HomeAgentConfig.parse("keyed.conf", keyed);
            long t1 = System.nanoTime();
            HomeAgentConfig u = HomeAgentConfig.parse("unprotected.conf", open.toString());
            long t2 = System.nanoTime();
            if (k.keys().keys().size() != n || u.unprotected().size() != n) {
                throw new IllegalStateException("wrong number of entries parsed");
            }
            System.out.printf(Locale.ROOT, "parse lines %d MnKey_ms %.1f MnUnprotected_ms %.1f%n", n, (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6);
        }
    }
}
