package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MobileNodeDaemonTest {

    private static final String BASE = """
            NodeConfig MN;
            MnHomeLink "eth0" {
                HomeAgentAddress 2001:db8:1::11;
                HomeAddress 2001:db8:1::100/64;
            }
            MnHaUnprotected enabled;
            """;

    @Test
    void withoutAProbeTimeoutTheRouterProbeWaitsTheDefault() throws Exception {
        RouterProbe p = MobileNodeDaemon.routerProbe(MobileNodeConfig.parse("mnd.conf", BASE));
        assertEquals(RouterProbe.DEFAULT.timeout(), p.timeout());
    }

    @Test
    void aConfiguredProbeIsTakenAsItIs() throws Exception {
        RouterProbe p = MobileNodeDaemon.routerProbe(MobileNodeConfig.parse("mnd.conf",
                BASE + "MnRouterProbes 3;\nMnRouterProbeTimeout 0.2;\n"));
        assertEquals(3, p.probes());
        assertEquals(Duration.ofMillis(200), p.timeout());
    }
}
