package org.roam6.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints {@link BindingCacheBenchmark}'s JMH JSON result as Markdown tables, one per scenario
 * (ReadOnly1, ReadOnly2, WithWriter1, WithWriter2): per size, the readers' lookups/s for the
 * cache and the map as the median of the measurement iterations (robust to a burst of other load
 * on a shared machine) with JMH's mean beside it, their ratio, the writer's updates/s and the
 * group's B/op.
 *
 * <pre>
 * java -cp integration-tests/target/classes:integration-tests/target/lib/* \
 *     org.roam6.bench.BindingCacheJmhTable integration-tests/target/jmh-binding.json
 * </pre>
 */
public final class BindingCacheJmhTable {
    private BindingCacheJmhTable() {}

    /** One group's numbers at one size. */
    private record Row(double readMedian, double readMean, double writeMedian, double bytesPerOp) {}

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        // scenario -> structure -> size -> row
        Map<String, Map<String, Map<Integer, Row>>> all = new TreeMap<>();
        for (JsonNode r : results) {
            String group = r.get("benchmark").asText().replaceAll(".*\\.", "");
            String structure = group.startsWith("cache") ? "cache" : "map";
            String scenario = group.substring(structure.length());
            int size = r.get("params").get("size").asInt();
            JsonNode secondary = r.get("secondaryMetrics");
            JsonNode read = secondary.has(group + "Read") ? secondary.get(group + "Read") : r.get("primaryMetric");
            JsonNode write = secondary.get(group + "Write");
            JsonNode norm = secondary.get("gc.alloc.rate.norm");
            all.computeIfAbsent(scenario, k -> new TreeMap<>()).computeIfAbsent(structure, k -> new TreeMap<>())
                    .put(size, new Row(median(read), read.get("score").asDouble(),
                            write == null ? Double.NaN : median(write),
                            norm == null ? Double.NaN : norm.get("score").asDouble()));
        }
        for (var scenario : all.entrySet()) {
            Map<Integer, Row> cache = scenario.getValue().getOrDefault("cache", Map.of());
            Map<Integer, Row> map = scenario.getValue().getOrDefault("map", Map.of());
            boolean writer = scenario.getKey().contains("Writer");
            System.out.println("**" + scenario.getKey() + "**");
            System.out.println();
            System.out.println("| bindings | cache lookups/s median (mean) | map lookups/s median (mean) | cache / map |"
                    + (writer ? " cache writer updates/s | map writer updates/s |" : "")
                    + " cache B/op | map B/op |");
            System.out.println("|---:|---:|---:|---:|" + (writer ? "---:|---:|" : "") + "---:|---:|");
            for (int size : cache.keySet()) {
                Row c = cache.get(size);
                Row m = map.get(size);
                if (m == null) {
                    continue;
                }
                System.out.printf("| %,d | %s (%s) | %s (%s) | %.2f |%s %.3f | %.3f |%n", size,
                        millions(c.readMedian()), millions(c.readMean()), millions(m.readMedian()),
                        millions(m.readMean()), c.readMedian() / m.readMedian(),
                        writer ? String.format(" %,.0f | %,.0f |", c.writeMedian(), m.writeMedian()) : "",
                        c.bytesPerOp(), m.bytesPerOp());
            }
            System.out.println();
        }
    }

    private static String millions(double opsPerSecond) {
        return String.format("%.2f M", opsPerSecond / 1e6);
    }

    private static double median(JsonNode metric) {
        List<Double> xs = new ArrayList<>();
        for (JsonNode fork : metric.get("rawData")) {
            for (JsonNode x : fork) {
                xs.add(x.asDouble());
            }
        }
        double[] s = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
