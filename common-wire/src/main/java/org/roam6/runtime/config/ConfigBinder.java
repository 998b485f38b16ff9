package org.roam6.runtime.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gives parsed statements their meaning under a {@link ConfigSchema}: finds each keyword,
 * checks where it stands, how often it appears, its block, and converts its arguments. The first
 * fault stops binding with a {@link ConfigException} at the token at fault.
 */
final class ConfigBinder {

    private final ConfigSchema schema;
    private final String fileName;

    private ConfigBinder(ConfigSchema schema, String fileName) {
        this.schema = schema;
        this.fileName = fileName;
    }

    static ConfigSection bind(ConfigSchema schema, List<Statement> statements, String fileName)
            throws ConfigException {
        ConfigBinder b = new ConfigBinder(schema, fileName);
        return b.section(KeywordSpec.TOP, null, statements);
    }

    private ConfigSection section(String context, Statement opener, List<Statement> statements)
            throws ConfigException {
        List<ConfigEntry> out = new ArrayList<>();
        Map<String, SourcePosition> seen = new HashMap<>();
        for (Statement s : statements) {
            KeywordSpec spec = schema.find(s.keyword());
            if (spec == null) {
                throw new ConfigException(s.position(), "unknown keyword '" + s.keyword() + "'",
                        expectedKeyword(context, s.keyword()));
            }
            if (!spec.contexts().contains(context)) {
                String here = context.equals(KeywordSpec.TOP) ? "at the top level"
                        : "inside " + context;
                throw new ConfigException(s.position(), "'" + s.keyword() + "' " + here,
                        s.keyword() + " in " + spec.where());
            }
            SourcePosition first = seen.putIfAbsent(s.keyword(), s.position());
            if (first != null && !spec.isRepeatable()) {
                throw new ConfigException(s.position(), "a second " + s.keyword()
                        + " (the first is at " + first + ")", "one " + s.keyword()
                        + (context.equals(KeywordSpec.TOP) ? " per file" : " per " + context + " block"));
            }
            out.add(entry(spec, s));
        }
        for (KeywordSpec spec : schema.keywords().values()) {
            if (spec.isRequired() && spec.contexts().contains(context) && !seen.containsKey(spec.name())) {
                SourcePosition at = opener != null ? opener.position()
                        : new SourcePosition(fileName, 1, 1);
                String in = opener != null ? " in " + opener.head() : "";
                throw new ConfigException(at, "no " + spec.name() + in, spec.usage());
            }
        }
        return new ConfigSection(context, out, schema);
    }

    private ConfigEntry entry(KeywordSpec spec, Statement s) throws ConfigException {
        List<ConfigValue> values = s.args();
        List<Object> bound = new ArrayList<>();
        int v = 0;
        for (ArgSpec a : spec.args()) {
            if (v >= values.size() || (a.isOptional() && !a.fits(values.get(v)))) {
                if (a.isOptional()) {
                    bound.add(null);
                    continue;
                }
                SourcePosition at = v < values.size() ? values.get(v).position() : s.end();
                String found = v < values.size() ? values.get(v).describe()
                        : (s.hasBlock() ? "'{'" : "';'") + " after " + s.head();
                throw new ConfigException(at, found, spec.usage());
            }
            ConfigValue value = values.get(v++);
            try {
                bound.add(a.convert(value));
            } catch (ArgSpec.Rejected r) {
                throw new ConfigException(value.position(), r.getMessage(), spec.usage());
            }
        }
        if (v < values.size()) {
            ConfigValue extra = values.get(v);
            SourcePosition prev = v == 0 ? s.position() : values.get(v - 1).position();
            if (extra.position().line() > prev.line()) {
                // the value sits on a later line: a ';' was left out before it
                Statement cut = new Statement(s.keyword(), s.position(), values.subList(0, v), null, s.end());
                throw new ConfigException(extra.position(), extra.describe(), "';' after " + cut.head());
            }
            throw new ConfigException(extra.position(), extra.describe() + " is one value too many",
                    spec.usage());
        }
        ConfigSection block = null;
        if (s.hasBlock()) {
            if (spec.blockUse() == KeywordSpec.Block.NONE) {
                throw new ConfigException(s.end(), "'{' after " + s.head(),
                        "';' (" + spec.name() + " takes no block)");
            }
            block = section(spec.name(), s, s.block());
        } else if (spec.blockUse() == KeywordSpec.Block.REQUIRED) {
            throw new ConfigException(s.end(), "';' after " + s.head(), spec.usage());
        }
        return new ConfigEntry(s.keyword(), s.position(), bound, block);
    }

    private String expectedKeyword(String context, String wrong) {
        List<String> here = schema.keywords().values().stream()
                .filter(k -> k.contexts().contains(context))
                .map(KeywordSpec::name)
                .collect(Collectors.toList());
        String near = nearest(wrong);
        if (near != null) {
            return near + " or another keyword of " + schema.daemon();
        }
        if (!context.equals(KeywordSpec.TOP) && here.size() <= 8) {
            return "one of " + String.join(", ", here) + " inside " + context;
        }
        return context.equals(KeywordSpec.TOP) ? "a keyword of " + schema.daemon()
                : "a keyword allowed inside " + context;
    }

    /** A keyword that differs from {@code wrong} by case or by at most two edits. */
    private String nearest(String wrong) {
        String best = null;
        int bestDist = 3;
        for (String k : schema.keywords().keySet()) {
            int d = k.equalsIgnoreCase(wrong) ? 0
                    : distance(k.toLowerCase(Locale.ROOT), wrong.toLowerCase(Locale.ROOT), bestDist);
            if (d < bestDist) {
                bestDist = d;
                best = k;
            }
        }
        return best;
    }

    /** Levenshtein distance, giving up at {@code limit}. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
