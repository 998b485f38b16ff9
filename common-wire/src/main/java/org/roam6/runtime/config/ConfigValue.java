package org.roam6.runtime.config;

import java.util.List;
import java.util.stream.Collectors;
import org.roam6.wire.Ipv6Address;

/**
 * One argument of a statement as written, before the schema gives it a type. The binder turns
 * these into typed values ({@code Integer}, {@code Duration}, {@link Ipv6Address}, ...).
 */
public sealed interface ConfigValue {

    /** Where the value starts. */
    SourcePosition position();

    /** The value as an error message shows it: {@code 'fourty'}, {@code "eth0"}. */
    String describe();

    /** Bare text: {@code HA}, {@code enabled}, {@code allow}, or anything unclassified. */
    record Word(String text, SourcePosition position) implements ConfigValue {
        @Override
        public String describe() {
            return "'" + text + "'";
        }
    }

    /** Digits with at most one fraction, kept as written: {@code 60}, {@code 1.5}. */
    record Number(String text, SourcePosition position) implements ConfigValue {
        @Override
        public String describe() {
            return "'" + text + "'";
        }
    }

    /** A double-quoted string, without its quotes. */
    record Text(String text, SourcePosition position) implements ConfigValue {
        @Override
        public String describe() {
            return "\"" + ConfigLexer.abbreviate(text) + "\"";
        }
    }

    /** An IPv6 address. */
    record Address(Ipv6Address address, String text, SourcePosition position) implements ConfigValue {
        @Override
        public String describe() {
            return "'" + text + "'";
        }
    }

    /**
     * {@code address/length} as written: the host bits are kept (a home address with its prefix
     * length) and the length is the text after '/', checked by the binder.
     */
    record Prefixed(Ipv6Address address, String lengthText, String text, SourcePosition position)
            implements ConfigValue {
        @Override
        public String describe() {
            return "'" + text + "'";
        }
    }

    /** A parenthesised, comma-separated list, as in UMIP's NEMO prefix lists. */
    record ValueList(List<ConfigValue> items, SourcePosition position) implements ConfigValue {
        public ValueList {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return items.stream().map(ConfigValue::describe)
                    .collect(Collectors.joining(", ", "(", ")"));
        }
    }
}
