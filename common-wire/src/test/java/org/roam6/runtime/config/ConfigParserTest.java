package org.roam6.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.wire.Ipv6Address;

class ConfigParserTest {

    private static List<Statement> parse(String text) throws ConfigException {
        return ConfigParser.parse("t.conf", text);
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void statementKeepsKeywordValuesAndPosition() throws Exception {
        Statement s = parse("\n  HaMaxBindingLife 3600;").get(0);
        assertEquals("HaMaxBindingLife", s.keyword());
        assertEquals(new SourcePosition("t.conf", 2, 3), s.position());
        assertEquals(List.of(new ConfigValue.Number("3600", new SourcePosition("t.conf", 2, 20))), s.args());
        assertNull(s.block());
        assertEquals(new SourcePosition("t.conf", 2, 24), s.end());
    }

    @Test
    void valuesAreClassifiedAsWordNumberStringAddressPrefixAndList() throws Exception {
        List<ConfigValue> v = parse("K enabled 1.5 \"eth0\" 2001:db8::1 2001:db8::/32 (2001:db8:1::/64, ::/0);")
                .get(0).args();
        assertInstanceOf(ConfigValue.Word.class, v.get(0));
        assertInstanceOf(ConfigValue.Number.class, v.get(1));
        assertEquals("eth0", ((ConfigValue.Text) v.get(2)).text());
        assertEquals(Ipv6Address.parse("2001:db8::1"), ((ConfigValue.Address) v.get(3)).address());
        ConfigValue.Prefixed p = (ConfigValue.Prefixed) v.get(4);
        assertEquals("32", p.lengthText());
        assertEquals(2, ((ConfigValue.ValueList) v.get(5)).items().size());
    }

    @Test
    void blocksNestStatements() throws Exception {
        Statement link = parse("MnHomeLink \"eth0\" {\n HomeAgentAddress 2001:db8:1::11;\n"
                + " HomeAddress 2001:db8:1::100/64;\n}\nDebugLevel 1;").get(0);
        assertEquals(2, link.block().size());
        assertEquals("HomeAddress", link.block().get(1).keyword());
        assertEquals(3, link.block().get(1).position().line());
    }

    @Test
    void hashAndCStyleCommentsAreSkipped() throws Exception {
        List<Statement> s = parse("# a comment\nA 1; # trailing\n/* spans\n two lines */ B 2;/**/C 3;");
        assertEquals(3, s.size());
        assertEquals(new SourcePosition("t.conf", 4, 15), s.get(1).position());
    }

    @Test
    void textThatIsNeitherNumberNorAddressStaysAWord() throws Exception {
        List<ConfigValue> v = parse("K fourty 1.2.3 2001:db8::g;").get(0).args();
        assertTrue(v.stream().allMatch(x -> x instanceof ConfigValue.Word));
    }

    @Test
    void missingSemicolonAtEndOfFileIsReported() {
        assertEquals("t.conf:2:1: end of file, expected ';' after DebugLevel 3", error("DebugLevel 3\n"));
    }

    @Test
    void missingSemicolonBeforeClosingBraceIsReported() {
        assertEquals("t.conf:1:47: '}', expected ';' after HomeAgentAddress 2001:db8::1",
                error("MnHomeLink \"e\" { HomeAgentAddress 2001:db8::1 }"));
    }

    @Test
    void unclosedBlockNamesWhereItOpened() {
        assertEquals("t.conf:3:1: end of file, expected '}' to close Interface \"eth0\" opened at t.conf:1:1",
                error("Interface \"eth0\" {\n IfType HA;\n"));
    }

    @Test
    void strayClosingBraceIsReported() {
        assertEquals("t.conf:1:6: '}' with no block open, expected a keyword", error("A 1; }"));
    }

    @Test
    void statementMustStartWithAKeyword() {
        assertEquals("t.conf:1:1: '2001:db8::1', expected a keyword", error("2001:db8::1 allow;"));
        assertEquals("t.conf:1:1: ';', expected a keyword", error(";"));
    }

    @Test
    void unterminatedStringIsReportedAtItsStart() {
        assertEquals("t.conf:2:11: a string \"eth0; that never ends, expected '\"' before the end of the line",
                error("A 1;\nInterface \"eth0;\nB 2;"));
    }

    @Test
    void unterminatedCommentIsReportedAtItsStart() {
        assertEquals("t.conf:1:6: a comment '/*' that never ends, expected '*/' to close it", error("A 1; /* no end"));
    }

    @Test
    void unknownCharacterIsReported() {
        assertEquals("t.conf:1:8: '@', expected a keyword, a value, '{', '}' or ';'", error("A eth0 @;"));
        assertEquals("t.conf:1:3: 'U+00E9', expected a keyword, a value, '{', '}' or ';'", error("A \u00e9;"));
    }

    @Test
    void prefixNeedsALengthAfterTheSlash() {
        assertEquals("t.conf:1:27: ';', expected a prefix length (0-128) after '2001:db8::/'",
                error("HaServedPrefix 2001:db8::/;"));
    }

    @Test
    void slashWithoutAnAddressIsReported() {
        assertEquals("t.conf:1:3: '/', expected a value or ';' after A", error("A /64;"));
    }

    @Test
    void listsNeedCommasAndAClosingParenthesis() {
        assertEquals("t.conf:1:20: '2001:db8:2::', expected ',' or ')' in the list opened at t.conf:1:3",
                error("A (2001:db8:1::/64 2001:db8:2::/64);"));
        assertEquals("t.conf:1:4: ';', expected a value in the list opened at t.conf:1:3", error("A (;"));
    }

    @Test
    void includeSplicesAFileResolvedBesideTheIncludingOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("acl.conf"), "BindingAclPolicy 2001:db8:1::100 allow;\n");
        Files.writeString(dir.resolve("main.conf"), "NodeConfig HA;\ninclude \"acl.conf\";\nDebugLevel 1;\n");
        List<Statement> s = ConfigParser.parseFile(dir.resolve("main.conf"));
        assertEquals(List.of("NodeConfig", "BindingAclPolicy", "DebugLevel"),
                s.stream().map(Statement::keyword).collect(java.util.stream.Collectors.toList()));
        assertEquals(new SourcePosition("acl.conf", 1, 1), s.get(1).position());
    }

    @Test
    void includeOfAMissingFileIsReportedAtTheName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.conf"), "include \"nope.conf\";\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parseFile(dir.resolve("main.conf")));
        assertEquals(new SourcePosition(dir.resolve("main.conf").toString(), 1, 9), e.position());
        assertTrue(e.getMessage().contains("cannot be read (NoSuchFileException), expected a readable config file"),
                e.getMessage());
    }

    @Test
    void includeLoopsStopAtTheDepthLimit(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loop.conf"), "A 1;\ninclude \"loop.conf\";\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parseFile(dir.resolve("loop.conf")));
        assertEquals("loop.conf:2:1: include nested 5 deep, expected at most 4 levels of include", e.getMessage());
    }
}
