package org.roam6.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roam6.runtime.config.Token.Kind;
import org.roam6.wire.Ipv6Address;

/**
 * Recursive-descent parser for the mip6d.conf-style grammar (docs/runtime.md has it in EBNF):
 *
 * <pre>
 * config    = { statement } ;
 * statement = keyword { value } ( ";" | "{" { statement } "}" )
 *           | "include" string ";" ;
 * value     = word | number | string | address [ "/" number ] | "(" value { "," value } ")" ;
 * </pre>
 *
 * <p>The parser knows no keywords: it builds {@link Statement}s, and a {@link ConfigSchema}
 * gives them meaning. {@code include "file";} splices another file in at that point (a relative
 * name is taken from the including file's directory), up to {@value #MAX_INCLUDE_DEPTH} deep
 * as in UMIP.
 */
public final class ConfigParser {

    /** UMIP's {@code MAX_INCLUDE_DEPTH}. */
    public static final int MAX_INCLUDE_DEPTH = 5;
    /** Files larger than this are refused rather than read. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private final List<Token> tokens;
    private final Path baseDir;
    private final int depth;
    private int i;

    private ConfigParser(List<Token> tokens, Path baseDir, int depth) {
        this.tokens = tokens;
        this.baseDir = baseDir;
        this.depth = depth;
    }

    /** Parses a file; positions name it as given. */
    public static List<Statement> parseFile(Path file) throws ConfigException {
        return parseFile(file, file.toString(), null, 0);
    }

    /**
     * Parses text that came from {@code fileName}. {@code include} names are resolved against
     * {@code baseDir}; with a null {@code baseDir}, against the current directory.
     */
    public static List<Statement> parse(String fileName, String text, Path baseDir)
            throws ConfigException {
        return parse(fileName, text, baseDir, 0);
    }

    /** Parses text with includes resolved against the current directory. */
    public static List<Statement> parse(String fileName, String text) throws ConfigException {
        return parse(fileName, text, null, 0);
    }

    private static List<Statement> parse(String fileName, String text, Path baseDir, int depth)
            throws ConfigException {
        ConfigParser p = new ConfigParser(ConfigLexer.tokenize(fileName, text), baseDir, depth);
        List<Statement> out = p.statements(null);
        return out;
    }

    private static List<Statement> parseFile(Path file, String shownName, SourcePosition from,
                                             int depth) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(at(from, shownName), "a file of " + Files.size(file)
                        + " bytes", "a config file of at most " + MAX_FILE_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(at(from, shownName), "\"" + file + "\" cannot be read ("
                    + e.getClass().getSimpleName() + ")", "a readable config file");
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(shownName, text, dir, depth);
    }

    private static SourcePosition at(SourcePosition from, String file) {
        return from != null ? from : new SourcePosition(file, 1, 1);
    }

    private Token peek() {
        return tokens.get(i);
    }

    private Token take() {
        Token t = tokens.get(i);
        if (t.kind() != Kind.END) {
            i++;
        }
        return t;
    }

    /** Statements up to the end of file (opener null) or to the '}' closing {@code opener}. */
    private List<Statement> statements(Statement opener) throws ConfigException {
        List<Statement> out = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.END) {
                if (opener != null) {
                    throw new ConfigException(t.position(), "end of file", "'}' to close "
                            + opener.head() + " opened at " + opener.position());
                }
                return out;
            }
            if (t.kind() == Kind.RBRACE) {
                if (opener == null) {
                    throw new ConfigException(t.position(), "'}' with no block open",
                            "a keyword");
                }
                take();
                return out;
            }
            if (t.kind() != Kind.WORD || !isKeyword(t.text())) {
                throw new ConfigException(t.position(), t.describe(),
                        opener == null ? "a keyword" : "a keyword or '}'");
            }
            if (t.text().equals("include")) {
                out.addAll(include());
            } else {
                out.add(statement());
            }
        }
    }

    private static boolean isKeyword(String s) {
        char c = s.charAt(0);
        if (!(Character.isLetter(c) || c == '_')) {
            return false;
        }
        for (int k = 1; k < s.length(); k++) {
            char d = s.charAt(k);
            if (!(Character.isLetterOrDigit(d) || d == '_')) {
                return false;
            }
        }
        return true;
    }

    private Statement statement() throws ConfigException {
        Token kw = take();
        List<ConfigValue> args = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case SEMICOLON:
                    take();
                    return new Statement(kw.text(), kw.position(), args, null, t.position());
                case LBRACE: {
                    take();
                    Statement opener = new Statement(kw.text(), kw.position(), args, null,
                            t.position());
                    List<Statement> block = statements(opener);
                    return new Statement(kw.text(), kw.position(), args, block, t.position());
                }
                case END:
                case RBRACE:
                    throw new ConfigException(t.position(), t.describe(), "';' after "
                            + new Statement(kw.text(), kw.position(), args, null, t.position()).head());
                default:
                    args.add(value(kw));
            }
        }
    }

    private ConfigValue value(Token kw) throws ConfigException {
        Token t = take();
        switch (t.kind()) {
            case WORD:
                return new ConfigValue.Word(t.text(), t.position());
            case NUMBER:
                return new ConfigValue.Number(t.text(), t.position());
            case STRING:
                return new ConfigValue.Text(t.text(), t.position());
            case ADDRESS: {
                Ipv6Address a = Ipv6Address.parse(t.text());
                if (peek().kind() != Kind.SLASH) {
                    return new ConfigValue.Address(a, t.text(), t.position());
                }
                take();
                Token len = take();
                if (len.kind() != Kind.NUMBER) {
                    throw new ConfigException(len.position(), len.describe(),
                            "a prefix length (0-128) after '" + t.text() + "/'");
                }
                return new ConfigValue.Prefixed(a, len.text(), t.text() + "/" + len.text(),
                        t.position());
            }
            case LPAREN: {
                List<ConfigValue> items = new ArrayList<>();
                while (true) {
                    Token n = peek();
                    if (n.kind() == Kind.RPAREN && items.isEmpty()) {
                        take();
                        return new ConfigValue.ValueList(items, t.position());
                    }
                    if (!startsValue(n.kind())) {
                        throw new ConfigException(n.position(), n.describe(),
                                "a value in the list opened at " + t.position());
                    }
                    items.add(value(kw));
                    Token sep = take();
                    if (sep.kind() == Kind.RPAREN) {
                        return new ConfigValue.ValueList(items, t.position());
                    }
                    if (sep.kind() != Kind.COMMA) {
                        throw new ConfigException(sep.position(), sep.describe(),
                                "',' or ')' in the list opened at " + t.position());
                    }
                }
            }
            default:
                throw new ConfigException(t.position(), t.describe(),
                        "a value or ';' after " + kw.text());
        }
    }

    private static boolean startsValue(Kind k) {
        return k == Kind.WORD || k == Kind.NUMBER || k == Kind.STRING || k == Kind.ADDRESS
                || k == Kind.LPAREN;
    }

    private List<Statement> include() throws ConfigException {
        Token kw = take();
        Token name = take();
        if (name.kind() != Kind.STRING) {
            throw new ConfigException(name.position(), name.describe(),
                    "include \"<file>\"");
        }
        Token semi = take();
        if (semi.kind() != Kind.SEMICOLON) {
            throw new ConfigException(semi.position(), semi.describe(),
                    "';' after include \"" + name.text() + "\"");
        }
        if (depth + 1 >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException(kw.position(), "include nested " + (depth + 1) + " deep",
                    "at most " + (MAX_INCLUDE_DEPTH - 1) + " levels of include");
        }
        Path target;
        try {
            Path named = Path.of(name.text());
            target = named.isAbsolute() || baseDir == null ? named : baseDir.resolve(named);
        } catch (RuntimeException e) {
            throw new ConfigException(name.position(), name.describe()
                    + " is not a file name", "include \"<file>\"");
        }
        return parseFile(target, name.text(), name.position(), depth + 1);
    }
}
