package org.roam6.runtime.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * One argument a keyword takes: its placeholder in messages ({@code <seconds>}), what kind of
 * value it is ({@code a number}), and how the written value becomes a typed one.
 *
 * <p>An {@linkplain #optional() optional} argument is skipped when the value in its place does
 * not have its shape (a list, a number...), so {@code BindingAclPolicy ADDR [(prefixes)] allow}
 * binds with or without the list.
 */
public final class ArgSpec {

    /** Turns a written value into a typed one, or throws {@link Rejected}. */
    @FunctionalInterface
    public interface Converter {
        Object convert(ConfigValue v) throws Rejected;
    }

    /** A written value this argument cannot take; {@code found} is what the message shows. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        public Rejected(String found) {
            super(found, null, false, false);
        }
    }

    /** Which written values an argument could be, used to skip an absent optional argument. */
    public enum Shape { WORD, NUMBER, TEXT, ADDRESS, PREFIXED, LIST, ANY }

    /** Words UMIP and roam6 take as true. */
    public static final Set<String> TRUE_WORDS = Set.of("enabled", "true", "on", "yes", "allow");
    /** Words UMIP and roam6 take as false. */
    public static final Set<String> FALSE_WORDS =
            Set.of("disabled", "false", "off", "no", "deny", "block");

    private final String placeholder;
    private final Set<Shape> shapes;
    private final boolean optional;
    private final Converter converter;

    private ArgSpec(String placeholder, Set<Shape> shapes, boolean optional, Converter converter) {
        this.placeholder = placeholder;
        this.shapes = shapes;
        this.optional = optional;
        this.converter = converter;
    }

    /** A custom argument: {@code converter} decides, {@code shapes} say what it may look like. */
    public static ArgSpec custom(String placeholder, Set<Shape> shapes, Converter converter) {
        return new ArgSpec(placeholder, Set.copyOf(shapes), false, converter);
    }

    /** The same argument, allowed to be absent. */
    public ArgSpec optional() {
        return new ArgSpec(placeholder, shapes, true, converter);
    }

    public String placeholder() {
        return placeholder;
    }

    public boolean isOptional() {
        return optional;
    }

    boolean fits(ConfigValue v) {
        return shapes.contains(Shape.ANY) || shapes.contains(shapeOf(v));
    }

    Object convert(ConfigValue v) throws Rejected {
        return converter.convert(v);
    }

    static Shape shapeOf(ConfigValue v) {
        if (v instanceof ConfigValue.Word) {
            return Shape.WORD;
        } else if (v instanceof ConfigValue.Number) {
            return Shape.NUMBER;
        } else if (v instanceof ConfigValue.Text) {
            return Shape.TEXT;
        } else if (v instanceof ConfigValue.Address) {
            return Shape.ADDRESS;
        } else if (v instanceof ConfigValue.Prefixed) {
            return Shape.PREFIXED;
        }
        return Shape.LIST;
    }

    /** A whole number in {@code [min, max]}, bound as {@link Integer}. */
    public static ArgSpec integer(String placeholder, int min, int max) {
        return new ArgSpec(placeholder, Set.of(Shape.NUMBER), false, v -> {
            if (!(v instanceof ConfigValue.Number)) {
                throw new Rejected(v.describe() + " is not a number");
            }
            if (((ConfigValue.Number) v).text().contains(".")) {
                throw new Rejected(v.describe() + " is not a whole number");
            }
            BigDecimal n = new BigDecimal(((ConfigValue.Number) v).text());
            if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw new Rejected(v.describe() + " is out of range " + min + ".." + max);
            }
            return n.intValueExact();
        });
    }

    /** A whole number written in decimal or as {@code 0x...} hex, in {@code [min, max]}, bound as {@link Integer}. */
    public static ArgSpec flexibleInteger(String placeholder, int min, int max) {
        return custom(placeholder, Set.of(Shape.NUMBER, Shape.WORD), v -> {
            String t = v instanceof ConfigValue.Number n ? n.text() : ((ConfigValue.Word) v).text();
            long x;
            try {
                x = t.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new Rejected(v.describe() + " is not a number (decimal or 0x hex)");
            }
            if (x < min || x > max) {
                throw new Rejected(v.describe() + " is out of range " + min + ".." + max);
            }
            return (int) x;
        });
    }

    /**
     * A whole number in {@code 0..4294967295} (32 bits without sign, such as an RFC 4285 SPI),
     * bound as the {@link Integer} with those 32 bits.
     */
    public static ArgSpec unsigned32(String placeholder) {
        return new ArgSpec(placeholder, Set.of(Shape.NUMBER), false, v -> {
            String t = ((ConfigValue.Number) v).text();
            if (t.contains(".")) {
                throw new Rejected(v.describe() + " is not a whole number");
            }
            BigDecimal n = new BigDecimal(t);
            if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(0xffffffffL)) > 0) {
                throw new Rejected(v.describe() + " is out of range 0..4294967295");
            }
            return (int) n.longValueExact();
        });
    }

    /**
     * A time in seconds, whole ({@code 60}) or decimal ({@code 1.5}, as UMIP's
     * InitialBindackTimeoutFirstReg), in {@code [min, max]}; bound as {@link Duration}
     * to the millisecond.
     */
    public static ArgSpec seconds(String placeholder, Duration min, Duration max) {
        return new ArgSpec(placeholder, Set.of(Shape.NUMBER), false, v -> {
            if (!(v instanceof ConfigValue.Number)) {
                throw new Rejected(v.describe() + " is not a number");
            }
            BigDecimal s = new BigDecimal(((ConfigValue.Number) v).text());
            BigDecimal ms = s.movePointRight(3);
            if (ms.compareTo(BigDecimal.valueOf(min.toMillis())) < 0
                    || ms.compareTo(BigDecimal.valueOf(max.toMillis())) > 0) {
                throw new Rejected(v.describe() + " is out of range " + secondsText(min) + ".."
                        + secondsText(max));
            }
            if (ms.stripTrailingZeros().scale() > 0) {
                throw new Rejected(v.describe() + " is finer than a millisecond");
            }
            return Duration.ofMillis(ms.longValueExact());
        });
    }

    private static String secondsText(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** {@code enabled|disabled}, {@code true|false}, {@code on|off}, {@code yes|no}, {@code allow|deny|block}. */
    public static ArgSpec bool(String placeholder) {
        return new ArgSpec(placeholder, Set.of(Shape.WORD), false, v -> {
            if (v instanceof ConfigValue.Word) {
                String w = ((ConfigValue.Word) v).text().toLowerCase(Locale.ROOT);
                if (TRUE_WORDS.contains(w)) {
                    return Boolean.TRUE;
                }
                if (FALSE_WORDS.contains(w)) {
                    return Boolean.FALSE;
                }
            }
            throw new Rejected(v.describe() + " is not enabled or disabled");
        });
    }

    /** A double-quoted string, bound as {@link String}. */
    public static ArgSpec string(String placeholder) {
        return new ArgSpec(placeholder, Set.of(Shape.TEXT), false, v -> {
            if (v instanceof ConfigValue.Text) {
                return ((ConfigValue.Text) v).text();
            }
            throw new Rejected(v.describe() + " is not a quoted string");
        });
    }

    /** One of the given words, exactly as written (UMIP keywords are case-sensitive). */
    public static ArgSpec word(String placeholder, String... choices) {
        List<String> allowed = List.of(choices);
        return new ArgSpec(placeholder, Set.of(Shape.WORD), false, v -> {
            if (v instanceof ConfigValue.Word && allowed.contains(((ConfigValue.Word) v).text())) {
                return ((ConfigValue.Word) v).text();
            }
            throw new Rejected(v.describe() + " is not " + String.join(", ", allowed));
        });
    }

    /** A word from the given choices; the placeholder is {@code A|B|C}. */
    public static ArgSpec choice(String... choices) {
        return word(String.join("|", choices), choices);
    }

    /** An IPv6 address, bound as {@link Ipv6Address}. */
    public static ArgSpec address(String placeholder) {
        return new ArgSpec(placeholder, Set.of(Shape.ADDRESS), false, v -> {
            if (v instanceof ConfigValue.Address) {
                return ((ConfigValue.Address) v).address();
            }
            if (v instanceof ConfigValue.Prefixed) {
                throw new Rejected(v.describe() + " is a prefix, not an address");
            }
            throw new Rejected(v.describe() + " is not an IPv6 address");
        });
    }

    /** {@code address/length}, bound as {@link Ipv6Prefix} (host bits cleared). */
    public static ArgSpec prefix(String placeholder) {
        return new ArgSpec(placeholder, Set.of(Shape.PREFIXED), false,
                v -> prefixed(v).prefix());
    }

    /** {@code address/length} keeping the host bits, bound as {@link PrefixedAddress}. */
    public static ArgSpec addressWithLength(String placeholder) {
        return new ArgSpec(placeholder, Set.of(Shape.PREFIXED), false, ArgSpec::prefixed);
    }

    private static PrefixedAddress prefixed(ConfigValue v) throws Rejected {
        if (!(v instanceof ConfigValue.Prefixed)) {
            throw new Rejected(v.describe() + " is not an address/length");
        }
        ConfigValue.Prefixed p = (ConfigValue.Prefixed) v;
        String len = p.lengthText();
        if (len.contains(".") || len.length() > 3 || Integer.parseInt(len) > 128) {
            throw new Rejected("'" + len + "' is not a prefix length 0..128");
        }
        return new PrefixedAddress(p.address(), Integer.parseInt(len));
    }

    /** {@code (prefix, prefix, ...)}, UMIP's NEMO prefix list, bound as {@code List<Ipv6Prefix>}. */
    public static ArgSpec prefixList(String placeholder) {
        return new ArgSpec(placeholder, Set.of(Shape.LIST), false, v -> {
            if (!(v instanceof ConfigValue.ValueList)) {
                throw new Rejected(v.describe() + " is not a list of prefixes in ( )");
            }
            List<Ipv6Prefix> out = new ArrayList<>();
            for (ConfigValue item : ((ConfigValue.ValueList) v).items()) {
                out.add(prefixed(item).prefix());
            }
            return List.copyOf(out);
        });
    }
}
