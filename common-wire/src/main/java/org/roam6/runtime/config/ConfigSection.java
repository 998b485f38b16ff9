package org.roam6.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.roam6.wire.Ipv6Address;

/**
 * The bound statements of a file's top level or of one block, in file order, with typed access.
 * Single-valued accessors ({@link #integer}, {@link #bool}, ...) read the first argument of the
 * keyword's one statement, or the keyword's default when it is absent.
 */
public final class ConfigSection {

    private final String context;
    private final List<ConfigEntry> entries;
    private final ConfigSchema schema;

    ConfigSection(String context, List<ConfigEntry> entries, ConfigSchema schema) {
        this.context = context;
        this.entries = List.copyOf(entries);
        this.schema = schema;
    }

    /** {@link KeywordSpec#TOP} for the file, else the keyword that opened the block. */
    public String context() {
        return context;
    }

    public List<ConfigEntry> entries() {
        return entries;
    }

    /** Every statement of {@code keyword} here, in file order. */
    public List<ConfigEntry> all(String keyword) {
        return entries.stream().filter(e -> e.keyword().equals(keyword)).collect(Collectors.toList());
    }

    /** The statement of {@code keyword}, if written. */
    public Optional<ConfigEntry> find(String keyword) {
        return entries.stream().filter(e -> e.keyword().equals(keyword)).findFirst();
    }

    public boolean has(String keyword) {
        return find(keyword).isPresent();
    }

    /** The first argument of {@code keyword} as written, if written. */
    public <T> Optional<T> optional(String keyword, Class<T> type) {
        return find(keyword).map(e -> e.first(type));
    }

    /**
     * The first argument of {@code keyword}, or its default. A keyword with neither is a
     * mistake in the daemon (it should have asked with {@link #optional}).
     */
    public <T> T get(String keyword, Class<T> type) {
        Optional<T> v = optional(keyword, type);
        if (v.isPresent()) {
            return v.get();
        }
        KeywordSpec spec = schema.find(keyword);
        if (spec == null) {
            throw new NoSuchElementException(keyword + " is not in the " + schema.daemon() + " schema");
        }
        if (spec.defaultValue() == null) {
            throw new NoSuchElementException(keyword + " is not set and has no default");
        }
        return type.cast(spec.defaultValue());
    }

    public int integer(String keyword) {
        return get(keyword, Integer.class);
    }

    public boolean bool(String keyword) {
        return get(keyword, Boolean.class);
    }

    public String string(String keyword) {
        return get(keyword, String.class);
    }

    public Duration duration(String keyword) {
        return get(keyword, Duration.class);
    }

    public Ipv6Address address(String keyword) {
        return get(keyword, Ipv6Address.class);
    }
}
