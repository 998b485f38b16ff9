package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding roam6's files, the timeline's line format and order, the demo's moves and configs. */
class RoamHomeAndTimelineTest {

    @TempDir
    Path dir;

    @Test
    void theRootIsFoundAboveTheJarInASourceTree() throws Exception {
        Files.createDirectories(dir.resolve("deploy/testbed"));
        Files.writeString(dir.resolve("deploy/testbed/testbed.sh"), "#!/bin/sh\n");
        Path jar = dir.resolve("common-wire/target/common-wire-0.1.0.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        Roam6Home home = Roam6Home.locate(null, jar);
        assertEquals(dir.toAbsolutePath().normalize(), home.root());
        assertEquals(dir.resolve("deploy/bin/roam6-mnd").toAbsolutePath().normalize(), home.launcher("roam6-mnd"));
        assertEquals(home.root().resolve("deploy/testbed/tcpcheck.py"), home.tcpcheck());
    }

    @Test
    void roam6HomeWinsAndMustHoldTheTestbed() throws Exception {
        Files.createDirectories(dir.resolve("testbed"));
        Files.writeString(dir.resolve("testbed/testbed.sh"), "#!/bin/sh\n");
        assertEquals(dir.resolve("testbed/testbed.sh").toAbsolutePath().normalize(),
                Roam6Home.locate(dir.toString(), Path.of("/nonexistent/x.jar")).testbedScript());
        assertThrows(DemoException.class, () -> Roam6Home.locate(dir.resolve("nothing").toString(), null));
        assertThrows(DemoException.class, () -> Roam6Home.locate(null, Path.of("/nonexistent/a/b/x.jar")));
    }

    @Test
    void timelineLinesShowElapsedSecondsAndAPaddedKind() {
        assertEquals("  12.345  move        MN home -> a (layer 2)",
                Timeline.format(1_000_000, 1_012_345, "move", "MN home -> a (layer 2)"));
    }

    @Test
    void timelineEventsComeOutInTimeOrder() {
        StringWriter s = new StringWriter();
        try (Timeline t = new Timeline(new PrintWriter(s), 0)) {
            long far = System.currentTimeMillis() + 60_000; // held back until closed
            t.event(far + 20, "BA", "second");
            t.event(far + 10, "BU", "first");
            t.event(far + 20, "traffic", "third");
        }
        List<String> lines = s.toString().lines().toList();
        assertEquals(3, lines.size(), s.toString());
        assertTrue(lines.get(0).endsWith("first"));
        assertTrue(lines.get(1).endsWith("second"));
        assertTrue(lines.get(2).endsWith("third"));
    }

    @Test
    void heldEventsWaitForTheReleaseAndThenComeOutInTimeOrder() throws Exception {
        StringWriter s = new StringWriter();
        long now = System.currentTimeMillis();
        try (Timeline t = new Timeline(new PrintWriter(s), now - 10_000)) {
            t.holdFrom(now - 1000);
            t.event(now - 2000, "kill", "before the hold");
            t.event(now - 500, "mnd", "held second");
            Thread.sleep(Timeline.HOLD_MS + 300);
            assertEquals(1, s.toString().lines().count(), "only the event before the hold is out: " + s);
            t.event(now - 800, "traffic", "held first, known late");
            Thread.sleep(Timeline.HOLD_MS + 300);
            assertEquals(1, s.toString().lines().count(), s.toString());
            t.release();
            Thread.sleep(Timeline.HOLD_MS + 300);
            List<String> lines = s.toString().lines().toList();
            assertEquals(3, lines.size(), s.toString());
            assertTrue(lines.get(0).endsWith("before the hold"));
            assertTrue(lines.get(1).endsWith("held first, known late"));
            assertTrue(lines.get(2).endsWith("held second"));
        }
    }

    @Test
    void eachRoundIsThreeHandoversEndingAtHome() {
        DemoOptions two = new DemoOptions(2, 6, false, null, 20000, false);
        assertEquals(List.of("a", "b", "home", "a", "b", "home"), two.moves());
        assertTrue(two.moves().size() >= 5);
        assertTrue(two.failover(), "the failover phase runs unless skipped");
        assertFalse(new DemoOptions(1, 6, false, null, 20000, false, true).failover(), "--without-failover");
        assertFalse(new DemoOptions(1, 6, false, null, 20000, true, false).failover(), "no failover without the MN daemon");
    }

    @Test
    void theMobilityAgentPhaseRunsUnlessSkippedOrWithoutTheMobileNodeDaemon() {
        assertTrue(new DemoOptions(1, 6, false, null, 20000, false).mobilityAgent());
        assertTrue(new DemoOptions(1, 6, false, null, 20000, false, true).mobilityAgent(), "also without the failover");
        assertFalse(new DemoOptions(1, 6, false, null, 20000, false, false, true).mobilityAgent(), "--without-mobility-agent");
        assertFalse(new DemoOptions(1, 6, false, null, 20000, true, false, false).mobilityAgent(), "--without-mnd");
    }

    @Test
    void theRestartedMobileNodeUsesTheLiveHomeAgentsAndAsksCorrespondentsForAcknowledgements() {
        String mnd = DemoConfigs.mobileNode(Path.of("/tmp/d/mnd.sock"), List.of(DemoConfigs.SECOND_HOME_AGENT), true);
        assertTrue(mnd.contains("MnHomeLink \"eth0\" {\n    HomeAgentAddress 2001:db8:1::12;\n    HomeAddress"), mnd);
        assertFalse(mnd.contains("2001:db8:1::11"), "ha1 is dead after the failover: " + mnd);
        assertTrue(mnd.contains("MnHomeAgents 1;"), mnd);
        assertTrue(mnd.contains("UseCnBuAck enabled;") && mnd.contains("MnMobilityAgentAware enabled;"), mnd);
        assertTrue(mnd.contains("DoRouteOptimizationMN enabled;"), mnd);
        String first = DemoConfigs.mobileNode(Path.of("/tmp/d/mnd.sock"));
        assertFalse(first.contains("UseCnBuAck"), first);
        assertThrows(IllegalArgumentException.class,
                () -> DemoConfigs.mobileNode(Path.of("/tmp/d/mnd.sock"), List.of(), true));
    }

    @Test
    void aDaemonEndingAsSigtermEndsAJvmNeedsNoExitCodeInTheTimeline() {
        assertEquals("", Demo.exitText(143));
        assertEquals("", Demo.exitText(0));
        assertEquals(", exit 1", Demo.exitText(1));
        assertEquals(", it would not end", Demo.exitText(-1));
    }

    @Test
    void theMobilityAgentAnswersForLinkCOnBrsLan() {
        String mad = DemoConfigs.mobilityAgent(Path.of("/tmp/d/br-mad.sock"));
        assertTrue(mad.contains("NodeConfig CN;") && mad.contains("Interface \"lan0\";"), mad);
        assertTrue(mad.contains("MaServedPrefix 2001:db8:c::/64;"), mad);
        assertFalse(mad.contains("MaLegacyPolicy"), "the default legacy policy: " + mad);
        assertTrue(mad.contains("AdminSocket \"/tmp/d/br-mad.sock\";") && mad.contains("MetricsPort 0;"), mad);
    }

    @Test
    void theDaemonsShareTheHomeAddressAndKey() {
        String had = DemoConfigs.homeAgent(Path.of("/tmp/d/had.sock"));
        String mnd = DemoConfigs.mobileNode(Path.of("/tmp/d/mnd.sock"));
        assertTrue(had.contains("MnKey 2001:db8:1::100 1000 \"4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b\" sha256;"), had);
        assertTrue(had.contains("Interface \"lan0\";") && had.contains("HaServedPrefix 2001:db8:1::/64;"), had);
        assertTrue(mnd.contains("HomeAddress 2001:db8:1::100/64;"), mnd);
        assertTrue(mnd.contains("MnHaKey 1000 \"4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b\" sha256;"), mnd);
        assertTrue(mnd.contains("HomeAgentAddress 2001:db8:1::11;\n    HomeAgentAddress 2001:db8:1::12;"), mnd);
        assertTrue(mnd.contains("MnHomeAgents 2;"), mnd);
        String ha2 = DemoConfigs.homeAgent("ha2", DemoConfigs.SECOND_HOME_AGENT, 10, Path.of("/tmp/d/ha2-had.sock"));
        assertTrue(ha2.contains("HomeAgentAddress 2001:db8:1::12;") && ha2.contains("HomeAgentPreference 10;"), ha2);
        assertTrue(ha2.contains("MnKey 2001:db8:1::100 1000 \"4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b\" sha256;"), ha2);
        assertTrue(had.contains("HomeAgentAddress 2001:db8:1::11;") && had.contains("HomeAgentPreference 20;"), had);
        assertTrue(had.contains("AdminSocket \"/tmp/d/had.sock\";") && mnd.contains("AdminSocket \"/tmp/d/mnd.sock\";"));
    }
}
