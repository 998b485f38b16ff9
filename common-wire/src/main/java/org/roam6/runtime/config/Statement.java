package org.roam6.runtime.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One statement of a config file: {@code Keyword value... ;} or
 * {@code Keyword value... { statement... }}.
 *
 * @param keyword  the leading word
 * @param position where the keyword starts
 * @param args     the values between the keyword and the ';' or '{'
 * @param block    the statements inside the braces, or {@code null} when the statement ends in ';'
 * @param end      where the closing ';' or the opening '{' is
 */
public record Statement(String keyword, SourcePosition position, List<ConfigValue> args,
                        List<Statement> block, SourcePosition end) {

    public Statement {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    public boolean hasBlock() {
        return block != null;
    }

    /** The keyword and its values as written, for messages: {@code MnHomeLink "eth0"}. */
    public String head() {
        if (args.isEmpty()) {
            return keyword;
        }
        return keyword + " " + args.stream().map(ConfigValue::describe)
                .map(s -> s.startsWith("'") ? s.substring(1, s.length() - 1) : s)
                .collect(Collectors.joining(" "));
    }
}
