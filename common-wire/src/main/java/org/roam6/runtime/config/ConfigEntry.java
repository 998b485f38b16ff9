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

    /**
     * Argument {@code index}, a string of hex digits, as the bytes of a key of at least
     * {@code minBytes} bytes; otherwise a {@link ConfigException} naming this line.
     *
     * @param subject what the key belongs to, as the error says it (e.g. {@code "MnKey for 2001:db8:1::100"})
     * @param usage   the statement's expected form, for the error about non-hex text
     */
    public byte[] hexKey(int index, int minBytes, String subject, String usage) throws ConfigException {
        String hex = arg(index, String.class);
        byte[] key;
        try {
            key = org.roam6.wire.Bytes.fromHex(hex);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(position, subject + " key of " + hex.length() + " characters is not hex ("
                    + bad.getMessage() + ")", usage);
        }
        if (key.length < minBytes) {
            throw new ConfigException(position, subject + " has a key of " + key.length + " bytes",
                    "a key of at least " + minBytes + " bytes (" + 2 * minBytes + " hex digits)");
        }
        return key;
    }

    public boolean hasBlock() {
        return block != null;
    }
}
