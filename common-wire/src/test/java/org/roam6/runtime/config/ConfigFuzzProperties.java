package org.roam6.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever text an admin writes, the only failure is a ConfigException with a position. */
class ConfigFuzzProperties {

    private static final ConfigSchema UMIP = UmipKeywords.schema("mip6d");
    private static final List<String> SEEDS = List.of(read("ha.conf"), read("mn.conf"), read("cn.conf"),
            read("nemo-mr.conf"));

    private static String read(String name) {
        try (InputStream in = ConfigFuzzProperties.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and binds; a ConfigException is a fine outcome, anything else escapes and fails. */
    private static void loadAllowingConfigErrors(String text) {
        try {
            UMIP.load("fuzz.conf", text);
        } catch (ConfigException e) {
            if (e.position() == null || !e.getMessage().startsWith("fuzz.conf:")
                    || !e.getMessage().contains(", expected ")) {
                throw new AssertionError("badly formed message: " + e.getMessage());
            }
        }
    }

    @Property(tries = 2000)
    void randomTextOnlyEverFailsWithConfigException(@ForAll("configish") String text) {
        loadAllowingConfigErrors(text);
    }

    @Property(tries = 3000)
    void mutatedExampleConfigsOnlyEverFailWithConfigException(@ForAll("mutations") String text) {
        loadAllowingConfigErrors(text);
    }

    @Provide
    Arbitrary<String> configish() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("NodeConfig", "HA", "MN", "Interface", "MnHomeLink", "HomeAddress",
                        "HomeAgentAddress", "BindingAclPolicy", "HaServedPrefix", "DebugLevel", "include",
                        "enabled", "allow", "{", "}", ";", "(", ")", ",", "/", "/*", "*/", "#", "\"", "\n",
                        " ", "2001:db8::1", "::", "64", "1.5", "129", "99999999999999999999", "fe80::1%eth0",
                        "\"eth0\"", "1.2.3", ":::", "-1"),
                Arbitraries.strings().ofMaxLength(6));
        return pieces.list().ofMaxSize(40).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<Character> ch = Arbitraries.oneOf(Arbitraries.of('{', '}', ';', '/', '*', '"', '(', ')', ',',
                ':', '.', '#', '\n', ' ', '0', '9', 'f', '\u0000'), Arbitraries.chars());
        return net.jqwik.api.Combinators.combine(seed, Arbitraries.integers().between(0, 1_000_000),
                        Arbitraries.integers().between(0, 3), ch, Arbitraries.integers().between(1, 8))
                .as((s, at, op, c, n) -> mutate(s, at % (s.length() + 1), op, c, n));
    }

    private static String mutate(String s, int at, int op, char c, int n) {
        StringBuilder b = new StringBuilder(s);
        switch (op) {
            case 0:
                for (int k = 0; k < n; k++) {
                    b.insert(at, c);
                }
                break;
            case 1:
                b.delete(at, Math.min(s.length(), at + n));
                break;
            case 2:
                if (at < b.length()) {
                    b.setCharAt(at, c);
                }
                break;
            default:
                b.setLength(at);
        }
        return b.toString();
    }

}
