package org.roam6.runtime.config;

import java.util.List;

/**
 * One bound statement: its typed arguments in schema order (an absent optional argument is
 * {@code null}) and, when it had one, its block.
 */
public record ConfigEntry(String keyword, SourcePosition position, List<Object> args,
                          ConfigSection block) {

    public ConfigEntry {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    /** Argument {@code index} as {@code type}; null when an optional argument was absent. */
    public <T> T arg(int index, Class<T> type) {
        return type.cast(args.get(index));
    }

    /** The first argument as {@code type}. */
    public <T> T first(Class<T> type) {
        return arg(0, type);
    }

    public boolean hasBlock() {
        return block != null;
    }
}
