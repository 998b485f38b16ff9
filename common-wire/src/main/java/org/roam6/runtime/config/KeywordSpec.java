package org.roam6.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a daemon accepts for one keyword: its arguments, where it may appear (the top level or
 * inside which blocks), whether it may repeat or must be present, whether it opens a block, its
 * default and one line of documentation. Immutable; each method returns a changed copy.
 *
 * <pre>
 * KeywordSpec.of("HaMaxBindingLife", ArgSpec.integer("&lt;seconds&gt;", 0, 262140))
 *         .defaultValue(86400)
 *         .doc("Longest lifetime the HA grants a home registration");
 * KeywordSpec.of("HomeAgentAddress", ArgSpec.address("&lt;address&gt;")).in("MnHomeLink");
 * </pre>
 */
public final class KeywordSpec {

    /** The context name of the top level of a file. */
    public static final String TOP = "";

    /** Whether a statement has a { } block. */
    public enum Block { NONE, OPTIONAL, REQUIRED }

    private final String name;
    private final List<ArgSpec> args;
    private final Set<String> contexts;
    private final boolean repeatable;
    private final boolean required;
    private final Block block;
    private final Object defaultValue;
    private final String doc;

    private KeywordSpec(String name, List<ArgSpec> args, Set<String> contexts, boolean repeatable,
                        boolean required, Block block, Object defaultValue, String doc) {
        this.name = name;
        this.args = args;
        this.contexts = contexts;
        this.repeatable = repeatable;
        this.required = required;
        this.block = block;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    /** A top-level keyword with these arguments, used at most once, with no block. */
    public static KeywordSpec of(String name, ArgSpec... args) {
        return new KeywordSpec(name, List.of(args), Set.of(TOP), false, false, Block.NONE, null, "");
    }

    /** Allowed only inside the blocks of these keywords (use {@link #TOP} for the top level). */
    public KeywordSpec in(String... blockKeywords) {
        return new KeywordSpec(name, args, new LinkedHashSet<>(List.of(blockKeywords)), repeatable,
                required, block, defaultValue, doc);
    }

    /** May appear more than once in the same block. */
    public KeywordSpec repeatable() {
        return new KeywordSpec(name, args, contexts, true, required, block, defaultValue, doc);
    }

    /** Must appear in each block (or file) where it is allowed. */
    public KeywordSpec required() {
        return new KeywordSpec(name, args, contexts, repeatable, true, block, defaultValue, doc);
    }

    /** Opens a block, always ({@link Block#REQUIRED}) or when written ({@link Block#OPTIONAL}). */
    public KeywordSpec block(Block b) {
        return new KeywordSpec(name, args, contexts, repeatable, required, b, defaultValue, doc);
    }

    /** The value {@link ConfigSection#get} gives when the keyword is absent (its first argument). */
    public KeywordSpec defaultValue(Object value) {
        return new KeywordSpec(name, args, contexts, repeatable, required, block, value, doc);
    }

    public KeywordSpec doc(String line) {
        return new KeywordSpec(name, args, contexts, repeatable, required, block, defaultValue, line);
    }

    public String name() {
        return name;
    }

    public List<ArgSpec> args() {
        return args;
    }

    public Set<String> contexts() {
        return contexts;
    }

    public boolean isRepeatable() {
        return repeatable;
    }

    public boolean isRequired() {
        return required;
    }

    public Block blockUse() {
        return block;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** How the statement is written: {@code MnHomeLink "<interface>" { ... }}. */
    public String usage() {
        List<String> parts = new ArrayList<>();
        parts.add(name);
        for (ArgSpec a : args) {
            parts.add(a.isOptional() ? "[" + a.placeholder() + "]" : a.placeholder());
        }
        if (block == Block.REQUIRED) {
            parts.add("{ ... }");
        } else if (block == Block.OPTIONAL) {
            parts.add("[{ ... }]");
        }
        return String.join(" ", parts);
    }

    /** Where the keyword may appear, for messages: {@code the top level}, {@code MnHomeLink { }}. */
    String where() {
        return contexts.stream().map(c -> c.equals(TOP) ? "the top level" : c + " { }")
                .collect(Collectors.joining(" or "));
    }
}
