package org.roam6.runtime.config;

/** One lexical token of a config file. {@code text} is the source text (strings without quotes). */
record Token(Kind kind, String text, SourcePosition position) {

    enum Kind {
        /** Bare text that is neither a number nor an IPv6 address: keywords, {@code HA}, {@code enabled}, or junk. */
        WORD,
        /** Decimal digits, optionally with one fraction: {@code 60}, {@code 1.5}. */
        NUMBER,
        /** Text containing ':' that parses as an IPv6 address. */
        ADDRESS,
        /** A double-quoted string. */
        STRING,
        LBRACE, RBRACE, SEMICOLON, SLASH, LPAREN, RPAREN, COMMA,
        END
    }

    /** The token as an error message shows it. */
    String describe() {
        switch (kind) {
            case END:
                return "end of file";
            case STRING:
                return "\"" + text + "\"";
            default:
                return "'" + text + "'";
        }
    }
}
