package org.roam6.runtime.config;

import java.util.ArrayList;
import java.util.List;
import org.roam6.runtime.config.Token.Kind;
import org.roam6.wire.Ipv6Address;

/**
 * Splits config text into tokens the way UMIP's {@code scan.l} does: {@code #} comments to the
 * end of the line and C-style comments, double-quoted strings on one line without escapes,
 * numbers ({@code 60}, {@code 1.5}), IPv6 addresses, bare words, and the punctuation
 * {@code { } ; / ( ) ,}.
 *
 * <p>Bare text is classified, not judged: {@code fourty} and {@code 1.2.3} come out as words so
 * that the binder, which knows what the keyword wants, can say what is wrong with them. Text
 * with a ':' is an address only when it parses as one; otherwise it too stays a word.
 */
final class ConfigLexer {

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private ConfigLexer(String file, String text) {
        this.file = file;
        this.text = text;
    }

    static List<Token> tokenize(String file, String text) throws ConfigException {
        return new ConfigLexer(file, text).run();
    }

    private List<Token> run() throws ConfigException {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (pos >= text.length()) {
                out.add(new Token(Kind.END, "", here()));
                return out;
            }
            out.add(next());
        }
    }

    private SourcePosition here() {
        return new SourcePosition(file, line, pos - lineStart + 1);
    }

    private void skipBlanksAndComments() throws ConfigException {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
                SourcePosition start = here();
                pos += 2;
                while (true) {
                    if (pos >= text.length()) {
                        throw new ConfigException(start, "a comment '/*' that never ends",
                                "'*/' to close it");
                    }
                    char d = text.charAt(pos);
                    if (d == '*' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
                        pos += 2;
                        break;
                    }
                    pos++;
                    if (d == '\n') {
                        line++;
                        lineStart = pos;
                    }
                }
            } else {
                return;
            }
        }
    }

    private Token next() throws ConfigException {
        SourcePosition at = here();
        char c = text.charAt(pos);
        switch (c) {
            case '{': pos++; return new Token(Kind.LBRACE, "{", at);
            case '}': pos++; return new Token(Kind.RBRACE, "}", at);
            case ';': pos++; return new Token(Kind.SEMICOLON, ";", at);
            case '/': pos++; return new Token(Kind.SLASH, "/", at);
            case '(': pos++; return new Token(Kind.LPAREN, "(", at);
            case ')': pos++; return new Token(Kind.RPAREN, ")", at);
            case ',': pos++; return new Token(Kind.COMMA, ",", at);
            case '"': return string(at);
            default:
                break;
        }
        if (isBareChar(c)) {
            int start = pos;
            while (pos < text.length() && isBareChar(text.charAt(pos))) {
                pos++;
            }
            return classify(text.substring(start, pos), at);
        }
        throw new ConfigException(at, "'" + printable(c) + "'",
                "a keyword, a value, '{', '}' or ';'");
    }

    private Token string(SourcePosition at) throws ConfigException {
        int start = ++pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String s = text.substring(start, pos);
                pos++;
                return new Token(Kind.STRING, s, at);
            }
            if (c == '\n') {
                break;
            }
            pos++;
        }
        String partial = text.substring(start, pos).stripTrailing();
        throw new ConfigException(at, "a string \"" + abbreviate(partial) + " that never ends",
                "'\"' before the end of the line");
    }

    private static boolean isBareChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '-' || c == '%';
    }

    private static Token classify(String s, SourcePosition at) {
        if (isNumber(s)) {
            return new Token(Kind.NUMBER, s, at);
        }
        if (s.indexOf(':') >= 0 && parsesAsAddress(s)) {
            return new Token(Kind.ADDRESS, s, at);
        }
        return new Token(Kind.WORD, s, at);
    }

    /** {@code digits} or {@code digits.digits}, as UMIP's {@code number} and {@code decimal}. */
    static boolean isNumber(String s) {
        int dot = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (dot >= 0) {
                    return false;
                }
                dot = i;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty() && dot != 0 && dot != s.length() - 1;
    }

    private static boolean parsesAsAddress(String s) {
        if (s.indexOf('%') >= 0) {
            return false; // a zone index has no meaning in a config file
        }
        try {
            Ipv6Address.parse(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
