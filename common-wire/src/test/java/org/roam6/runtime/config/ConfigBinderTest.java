package org.roam6.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/** Every kind of binding fault, with the exact message an admin sees. */
class ConfigBinderTest {

    private static final ConfigSchema HAD = ExampleHaSchema.schema();

    private static ConfigSection load(String text) throws ConfigException {
        return HAD.load("had.conf", text);
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).getMessage();
    }

    @Test
    void badNumberNamesTheValueAndTheUsage() {
        assertEquals("had.conf:7:18: 'fourty' is not a number, expected HaMaxBindingLife <seconds>",
                error("NodeConfig HA;\n\n\n\n\n\nHaMaxBindingLife fourty;\n"));
    }

    @Test
    void quotedNumberIsNotANumber() {
        assertEquals("had.conf:2:18: \"60\" is not a number, expected HaMaxBindingLife <seconds>",
                error("NodeConfig HA;\nHaMaxBindingLife \"60\";"));
    }

    @Test
    void numberOutOfRangeSaysTheRange() {
        assertEquals("had.conf:2:18: '300000' is out of range 0..262140, expected HaMaxBindingLife <seconds>",
                error("NodeConfig HA;\nHaMaxBindingLife 300000;"));
        assertEquals("had.conf:2:18: '99999999999999999999999' is out of range 0..262140, expected HaMaxBindingLife <seconds>",
                error("NodeConfig HA;\nHaMaxBindingLife 99999999999999999999999;"));
    }

    @Test
    void decimalWhereAWholeNumberIsNeeded() {
        assertEquals("had.conf:1:12: '1.5' is not a whole number, expected DebugLevel <level>",
                error("DebugLevel 1.5;\nNodeConfig HA;"));
    }

    @Test
    void unknownKeywordSuggestsTheNearestOne() {
        assertEquals("had.conf:2:1: unknown keyword 'HaMaxBindingLive', expected HaMaxBindingLife or another keyword of had",
                error("NodeConfig HA;\nHaMaxBindingLive 60;"));
        assertEquals("had.conf:2:1: unknown keyword 'debuglevel', expected DebugLevel or another keyword of had",
                error("NodeConfig HA;\ndebuglevel 1;"));
    }

    @Test
    void unknownKeywordWithNothingNearSaysWhereItIs() {
        assertEquals("had.conf:2:1: unknown keyword 'Frobnicate', expected a keyword of had",
                error("NodeConfig HA;\nFrobnicate 1;"));
        assertEquals("had.conf:2:33: unknown keyword 'Frobnicate', expected one of PeerAddress inside HaPeer",
                error("NodeConfig HA;\nHaPeer \"ha2\" { PeerAddress ::1; Frobnicate 1; }"));
    }

    @Test
    void keywordInTheWrongBlockSaysWhereItBelongs() {
        assertEquals("had.conf:2:1: 'PeerAddress' at the top level, expected PeerAddress in HaPeer { }",
                error("NodeConfig HA;\nPeerAddress 2001:db8::2;"));
        assertEquals("had.conf:2:31: 'DebugLevel' inside HaPeer, expected DebugLevel in the top level",
                error("NodeConfig HA;\nHaPeer \"b\" { PeerAddress ::1; DebugLevel 1; }"));
    }

    @Test
    void duplicateNamesTheFirstOccurrence() {
        assertEquals("had.conf:3:1: a second HaMaxBindingLife (the first is at had.conf:2:1), expected one HaMaxBindingLife per file",
                error("NodeConfig HA;\nHaMaxBindingLife 60;\nHaMaxBindingLife 70;"));
    }

    @Test
    void repeatableKeywordsMayRepeat() throws Exception {
        ConfigSection top = load("NodeConfig HA;\nInterface \"eth0\";\nInterface \"eth1\";");
        assertEquals(2, top.all("Interface").size());
    }

    @Test
    void missingSemicolonBetweenTwoLinesIsReportedAtTheNextStatement() {
        assertEquals("had.conf:3:1: 'Interface', expected ';' after HaMaxBindingLife 60",
                error("NodeConfig HA;\nHaMaxBindingLife 60\nInterface \"eth0\";"));
    }

    @Test
    void extraValueOnTheSameLineIsOneTooMany() {
        assertEquals("had.conf:2:21: '70' is one value too many, expected HaMaxBindingLife <seconds>",
                error("NodeConfig HA;\nHaMaxBindingLife 60 70;"));
    }

    @Test
    void missingValueIsReportedAtTheSemicolon() {
        assertEquals("had.conf:2:17: ';' after HaMaxBindingLife, expected HaMaxBindingLife <seconds>",
                error("NodeConfig HA;\nHaMaxBindingLife;"));
    }

    @Test
    void badChoiceListsTheChoices() {
        assertEquals("had.conf:1:12: 'XX' is not HA, MN, CN, expected NodeConfig HA|MN|CN",
                error("NodeConfig XX;"));
    }

    @Test
    void badBooleanAndBadAddress() {
        assertEquals("had.conf:2:14: 'maybe' is not enabled or disabled, expected UseMnHaIPsec enabled|disabled",
                error("NodeConfig HA;\nUseMnHaIPsec maybe;"));
        assertEquals("had.conf:2:18: '2001:db8::g' is not an IPv6 address, expected BindingAclPolicy <home-address> [(<prefix>, ...)] allow|deny|<status>",
                error("NodeConfig HA;\nBindingAclPolicy 2001:db8::g allow;"));
    }

    @Test
    void prefixLengthAbove128IsRefused() {
        assertEquals("had.conf:2:16: '129' is not a prefix length 0..128, expected HaServedPrefix <prefix>",
                error("NodeConfig HA;\nHaServedPrefix 2001:db8::/129;"));
    }

    @Test
    void blockWhereNoneIsAllowed() {
        assertEquals("had.conf:2:14: '{' after DebugLevel 1, expected ';' (DebugLevel takes no block)",
                error("NodeConfig HA;\nDebugLevel 1 { }"));
    }

    @Test
    void requiredBlockMissing() {
        assertEquals("had.conf:2:11: ';' after HaPeer \"b\", expected HaPeer \"<name>\" { ... }",
                error("NodeConfig HA;\nHaPeer \"b\";"));
    }

    @Test
    void requiredKeywordMissingInABlockIsReportedAtTheBlock() {
        assertEquals("had.conf:2:1: no PeerAddress in HaPeer \"b\", expected PeerAddress <address>",
                error("NodeConfig HA;\nHaPeer \"b\" { }"));
    }

    @Test
    void requiredKeywordMissingInTheFileIsReportedAtItsStart() {
        assertEquals("had.conf:1:1: no NodeConfig, expected NodeConfig HA|MN|CN", error("DebugLevel 1;"));
    }

    @Test
    void valuesAreTypedAndDefaultsFillTheRest() throws Exception {
        ConfigSection top = load("NodeConfig HA;\nHaPeerProbeInterval 0.25;\n"
                + "BindingAclPolicy 2001:db8:1::100 allow;\n"
                + "BindingAclPolicy 2001:db8:1::101 (2001:db8:10::/64) 133;\n"
                + "HaPeer \"ha2\" { PeerAddress 2001:db8:1::12; }");
        assertEquals("HA", top.string("NodeConfig"));
        assertEquals(Duration.ofMillis(250), top.duration("HaPeerProbeInterval"));
        assertEquals(UmipKeywords.MAX_BINDING_LIFETIME, top.integer("HaMaxBindingLife"));
        assertEquals(0, top.integer("DefaultBindingAclPolicy"));
        List<ConfigEntry> acl = top.all("BindingAclPolicy");
        assertEquals(Ipv6Address.parse("2001:db8:1::100"), acl.get(0).first(Ipv6Address.class));
        assertNull(acl.get(0).arg(1, List.class));
        assertEquals(0, acl.get(0).arg(2, Integer.class));
        assertEquals(List.of(Ipv6Prefix.parse("2001:db8:10::/64")), acl.get(1).arg(1, List.class));
        assertEquals(133, acl.get(1).arg(2, Integer.class));
        ConfigSection peer = top.find("HaPeer").orElseThrow().block();
        assertEquals(Ipv6Address.parse("2001:db8:1::12"), peer.address("PeerAddress"));
    }

    @Test
    void describeListsEveryKeywordWithItsUsage() {
        String d = HAD.describe();
        assertEquals(HAD.keywords().size(), d.lines().count());
        org.junit.jupiter.api.Assertions.assertTrue(
                d.contains("PeerAddress <address>;   (in HaPeer { })   # Where the peer answers probes"), d);
    }
}
