package org.roam6.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code roam6 demo}: the mobile node roams home -> a -> b -> home on the network-namespace
 * testbed while a correspondent pings its home address 100 times a second and a TCP connection
 * carries a checked byte stream both ways; a live timeline shows each move, the daemon's
 * attachment, its Binding Update and Acknowledgement (RFC 6275 11.5, 11.7.1) and when traffic
 * flows again; a summary gives the handover gaps and round trips. The testbed comes down
 * whatever happens (a finally block and a shutdown hook for Ctrl-C), unless {@code --keep}.
 */
public final class Demo {

    static final String PYTHON = "/usr/bin/python3";
    static final String MN_HOME_SLAAC = "2001:db8:1::52:36ff:fe00:1";
    static final int TCP_PORT = 5001;
    static final double PING_INTERVAL_S = 0.01;
    static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    static final double TCP_MARGIN_S = 20;
    /** How much longer than the dwell a phase waits for an unfinished handover. */
    static final double EXTRA_WAIT_S = 5;
    /** Probes in the last moments of a phase get this long to be answered before counting. */
    static final long SETTLE_MS = 250;
    /** Node and interface of each capture: the MN's view, the home agent's, the access routers', the correspondent's. */
    static final List<String[]> CAPTURES = List.of(new String[] {"mn", "eth0"}, new String[] {"ha1", "lan0"},
            new String[] {"ara", "lan0"}, new String[] {"arb", "lan0"}, new String[] {"cn", "lan0"});

    private final DemoOptions options;
    private final Roam6Home home;
    private final PrintWriter out;
    private final Map<String, String> env = new HashMap<>();
    private final String searchPath;
    private final List<DaemonProcess> processes = new ArrayList<>();
    private final List<Handover> handovers = new ArrayList<>();
    private final List<LogTail> tails = new ArrayList<>();
    private TestbedControl testbed;
    private Timeline timeline;
    private Pinger pinger;
    private Path workDir;
    private Path pcapDir;
    private boolean testbedUp;
    private boolean cleanedUp;
    private volatile boolean stopping;
    private volatile Handover current;
    private volatile boolean trafficSeen;
    private String target;

    public Demo(DemoOptions options, Roam6Home home, PrintWriter out) {
        this.options = options;
        this.home = home;
        this.out = out;
        this.searchPath = Tools.searchPath(System.getenv());
        this.env.put("PATH", searchPath);
        this.env.put("ROAM6_HOME", home.root().toString());
    }

    /** Runs the demo; 0 when TCP arrived intact and every handover completed, 1 otherwise. */
    public int run() throws Exception {
        checkPrerequisites();
        String prefix = "r6-" + randomHex(3) + "-";
        workDir = Files.createTempDirectory("roam6-demo-" + prefix);
        pcapDir = options.pcapDir() != null ? options.pcapDir().toAbsolutePath() : workDir.resolve("pcap");
        Files.createDirectories(pcapDir);
        testbed = new TestbedControl(home.testbedScript(), prefix, workDir, env);
        timeline = new Timeline(out, System.currentTimeMillis());
        Thread hook = new Thread(() -> {
            out.println();
            out.println("roam6 demo: interrupted, cleaning up");
            out.flush();
            cleanUp();
        }, "roam6-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return stages();
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs cleanUp too; it is idempotent
            }
        }
    }

    private void checkPrerequisites() throws Exception {
        if (!"0".equals(runQuietly(List.of("id", "-u")))) {
            throw new DemoException("must run as root (network namespaces); try: sudo " + home.launcher("roam6") + " demo");
        }
        List<String> missing = new ArrayList<>();
        for (String t : List.of("ip", "radvd", "ping", "sysctl")) {
            if (Tools.find(t, searchPath).isEmpty()) {
                missing.add(t);
            }
        }
        if (!Files.isExecutable(Path.of(PYTHON))) {
            missing.add(PYTHON);
        }
        if (!missing.isEmpty()) {
            throw new DemoException("missing tools: " + String.join(", ", missing)
                    + " (Debian: deploy/scripts/install-deps.sh)");
        }
        for (Path p : List.of(home.testbedScript(), home.tcpcheck(), home.launcher("roam6-had"))) {
            if (!Files.exists(p)) {
                throw new DemoException("missing " + p);
            }
        }
        if (!options.withoutMnd() && !Files.isExecutable(home.launcher("roam6-mnd"))) {
            throw new DemoException("the mobile node daemon's launcher " + home.launcher("roam6-mnd")
                    + " is missing (build roam6 first; --without-mnd rehearses the demo without it)");
        }
    }

    private int stages() throws Exception {
        target = options.withoutMnd() ? MN_HOME_SLAAC : DemoConfigs.HOME_ADDRESS;
        timeline.plain("roam6 demo: testbed " + testbed.prefix() + ", files in " + workDir);
        if (options.withoutMnd()) {
            timeline.plain("  rehearsal without the mobile node daemon: traffic goes to the MN's home SLAAC address "
                    + MN_HOME_SLAAC + ", which nobody forwards while it is away");
        }
        timeline.now("testbed", "bringing up " + testbed.prefix() + " (13 namespaces, radvd on 5 routers)");
        testbedUp = true; // from here on cleanUp() takes it down, even if up fails half-way
        testbed.up(options.keep() ? null : ProcessHandle.current().pid());
        timeline.now("testbed", "up; the MN is on the home link");
        startCaptures();
        checkRunning();
        startDaemons();
        checkRunning();
        startTraffic();
        String at = "home";
        int n = 0;
        for (String to : options.moves()) {
            checkRunning();
            phase(++n, at, to);
            at = to;
        }
        checkRunning();
        TcpVerdict tcp = stopTcp();
        checkRunning();
        timeline.flushAll();
        DemoReport report = new DemoReport(handovers, tcp, pcapDir + " " + captureNames());
        for (String line : report.lines()) {
            timeline.plain(line);
        }
        tsharkCount().ifPresent(timeline::plain);
        return report.passed() ? 0 : 1;
    }

    private void startCaptures() throws Exception {
        if (Tools.find("tcpdump", searchPath).isEmpty()) {
            timeline.now("capture", "tcpdump not found: no captures");
            return;
        }
        for (String[] c : CAPTURES) {
            Path file = pcapDir.resolve(c[0] + "-" + c[1] + ".pcap");
            DaemonProcess p = start("tcpdump " + c[0], testbed.inNamespace(c[0],
                    List.of("tcpdump", "-n", "-i", c[1], "-U", "-Z", "root", "-w", file.toString(), "ip6")),
                    workDir.resolve("tcpdump-" + c[0] + ".log"));
            if (!p.waitForLine("listening on", Duration.ofSeconds(10))) {
                throw new DemoException("tcpdump on " + c[0] + " " + c[1] + " did not start: " + p.logTail(3));
            }
        }
        timeline.now("capture", "tcpdump on mn eth0, ha1 lan0, ara lan0, arb lan0, cn lan0 -> " + pcapDir);
    }

    /**
     * An independent look at the MN's capture when tshark is installed: how many Binding Updates
     * (MH type 5) and Binding Acknowledgements (type 6) Wireshark's dissector finds.
     */
    private Optional<String> tsharkCount() {
        Path mnCapture = pcapDir.resolve("mn-eth0.pcap");
        Optional<Path> tshark = Tools.find("tshark", searchPath);
        if (tshark.isEmpty() || !Files.exists(mnCapture)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(tshark.get().toString(), "-r", mnCapture.toString(), "-Y", "mipv6",
                    "-T", "fields", "-e", "mip6.mhtype")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String fields = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            long bu = fields.lines().filter(l -> l.strip().equals("5")).count();
            long ba = fields.lines().filter(l -> l.strip().equals("6")).count();
            return Optional.of("  tshark         mn-eth0.pcap: " + bu + " Binding Updates, " + ba + " Binding Acknowledgements");
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String captureNames() {
        StringBuilder b = new StringBuilder("(");
        for (String[] c : CAPTURES) {
            b.append(b.length() > 1 ? ", " : "").append(c[0]).append('-').append(c[1]).append(".pcap");
        }
        return b.append(')').toString();
    }

    private void startDaemons() throws Exception {
        Path hadConf = workDir.resolve("had.conf");
        Files.writeString(hadConf, DemoConfigs.homeAgent(workDir.resolve("had.sock")), StandardCharsets.UTF_8);
        DaemonProcess had = start("roam6-had", testbed.inNamespace("ha1",
                List.of(home.launcher("roam6-had").toString(), "--config", hadConf.toString())), workDir.resolve("had.log"));
        if (!had.waitForLine("roam6-had running", START_TIMEOUT)) {
            throw new DemoException("roam6-had did not start in " + testbed.namespace("ha1") + ":\n" + had.logTail(8));
        }
        timeline.now("had", "roam6-had running on ha1 (" + DemoConfigs.HOME_AGENT + "), log " + had.log());
        if (options.withoutMnd()) {
            return;
        }
        Path mndConf = workDir.resolve("mnd.conf");
        Files.writeString(mndConf, DemoConfigs.mobileNode(workDir.resolve("mnd.sock")), StandardCharsets.UTF_8);
        Path mndLog = workDir.resolve("mnd.log");
        tails.add(new LogTail(mndLog, line -> MndLogLine.parse(line).ifPresent(this::onMndEvent)));
        DaemonProcess mnd = start("roam6-mnd", testbed.inNamespace("mn",
                List.of(home.launcher("roam6-mnd").toString(), "--config", mndConf.toString())), mndLog);
        if (!mnd.waitForLine("roam6-mnd running", START_TIMEOUT)) {
            throw new DemoException("roam6-mnd did not start in " + testbed.namespace("mn") + ":\n" + mnd.logTail(8));
        }
        timeline.now("mnd", "roam6-mnd running on mn, home address " + DemoConfigs.HOME_ADDRESS + ", log " + mndLog);
    }

    private void startTraffic() throws Exception {
        timeline.now("traffic", "cn pings " + target + " every " + (int) (PING_INTERVAL_S * 1000) + " ms");
        pinger = Pinger.start(testbed.inNamespace("cn", Pinger.command(target, PING_INTERVAL_S)), PING_INTERVAL_S,
                workDir.resolve("ping.log"), env, this::onReply);
        DaemonProcess server = start("tcpcheck server", testbed.inNamespace("mn", List.of(PYTHON,
                home.tcpcheck().toString(), "server", "--bind", target, "--port", Integer.toString(TCP_PORT),
                "--freebind", "--accept-timeout", "30", "--margin", Double.toString(TCP_MARGIN_S),
                "--report", workDir.resolve("tcp-server.json").toString())), workDir.resolve("tcp-server.log"));
        if (!server.waitForLine("listening", Duration.ofSeconds(10))) {
            throw new DemoException("the TCP check's server did not listen: " + server.logTail(3));
        }
        double duration = options.moves().size() * (options.dwellS() + EXTRA_WAIT_S + 30) + 60;
        DaemonProcess client = start("tcpcheck client", testbed.inNamespace("cn", List.of(PYTHON,
                home.tcpcheck().toString(), "client", "--connect", target, "--port", Integer.toString(TCP_PORT),
                "--rate", Integer.toString(options.tcpRate()), "--duration", String.format(Locale.ROOT, "%.0f", duration),
                "--margin", Double.toString(TCP_MARGIN_S),
                "--report", workDir.resolve("tcp-client.json").toString())), workDir.resolve("tcp-client.log"));
        if (!server.waitForLine("connection from", Duration.ofSeconds(15))) {
            throw new DemoException("the TCP check did not connect: " + client.logTail(3));
        }
        timeline.now("traffic", String.format(Locale.ROOT, "TCP cn -> [%s]:%d, %d bytes/s each way, every byte checked",
                target, TCP_PORT, options.tcpRate()));
        long deadline = System.currentTimeMillis() + 5000;
        while (!trafficSeen && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        if (!trafficSeen) {
            timeline.now("warning", "no Echo Reply from " + target + " at home yet");
        }
        Thread.sleep(1000);
    }

    private void phase(int number, String from, String to) throws Exception {
        long start = System.currentTimeMillis();
        Handover h = new Handover(number, from, to, start);
        synchronized (handovers) {
            handovers.add(h);
        }
        current = h;
        timeline.event(start, "move", "MN " + from + " -> " + to + " (layer 2)");
        String address = testbed.move(to);
        checkRunning();
        timeline.now("address", "the MN reaches link " + to + "'s router from " + address);
        long dwellEnd = start + Math.round(options.dwellS() * 1000);
        long lastChance = dwellEnd + Math.round(EXTRA_WAIT_S * 1000);
        while (!stopping) {
            long now = System.currentTimeMillis();
            if (now >= lastChance || (now >= dwellEnd && h.complete())) {
                break;
            }
            Thread.sleep(50);
        }
        long end = System.currentTimeMillis();
        Thread.sleep(SETTLE_MS);
        ProbeLog.PhaseStats s = pinger.probes().stats(start * 1000, end * 1000);
        h.probes(s);
        Optional<ProbeLog.Probe> restored = pinger.probes().restoredAfter(start * 1000, end * 1000);
        if (h.settleFirstReply(restored.map(p -> p.replyMicros() / 1000).orElse(-1L)) && restored.isPresent()) {
            timeline.event(end, "traffic", s.lost() == 0
                    ? "no probe lost in this phase; first Echo Reply " + h.gapMillis().getAsLong() + " ms after the move"
                    : "handover gap from the whole probe log: " + h.gapMillis().getAsLong() + " ms");
        }
        double seconds = (end - start) / 1000.0;
        timeline.event(end, "phase", String.format(Locale.ROOT,
                "on %s for %.1f s: %d probes sent (%.0f/s), %d answered, %d lost",
                to, seconds, s.sent(), s.sent() / seconds, s.answered(), s.lost()));
        if (!h.complete()) {
            timeline.event(end, "warning", "handover " + from + " -> " + to + " incomplete: " + h.missing());
        }
    }

    private TcpVerdict stopTcp() throws Exception {
        DaemonProcess client = find("tcpcheck client").orElseThrow();
        client.stop(Duration.ofSeconds((long) TCP_MARGIN_S + 5));
        timeline.now("traffic", "TCP client stopped");
        Path report = workDir.resolve("tcp-client.json");
        if (!Files.exists(report)) {
            return TcpVerdict.failed("the TCP client wrote no result: " + client.logTail(3));
        }
        String line = Files.readString(report, StandardCharsets.UTF_8).strip();
        TcpVerdict v = TcpVerdict.parse(line);
        timeline.now("tcpcheck", String.format(Locale.ROOT,
                "cn sent %d bytes (%s at the MN), received %d (%s), longest stall %.0f ms; details %s",
                v.bytesSent(), v.peerVerified() ? "intact" : "NOT intact", v.bytesReceived(),
                v.verified() ? "intact" : "NOT intact", v.longestStallMs(), report));
        return v;
    }

    /** Ctrl-C (the shutdown hook) has begun the clean-up: the demo stops where it is. */
    private void checkRunning() throws DemoException {
        if (stopping) {
            throw new DemoException("interrupted");
        }
    }

    private void onMndEvent(MndEvent e) {
        Handover h = current;
        boolean ours = h != null && e.at().toEpochMilli() >= h.moveStartMillis();
        long at = e.at().toEpochMilli();
        if (e instanceof MndEvent.AttachedAway a) {
            timeline.event(at, "attached", "link " + a.prefix() + ", care-of " + a.careOf() + ", router " + a.router());
            if (ours) {
                h.attached(a.prefix());
            }
        } else if (e instanceof MndEvent.AttachedHome a) {
            timeline.event(at, "attached", "home link " + a.prefix() + ", router " + a.router());
            if (ours) {
                h.attached(a.prefix());
            }
        } else if (e instanceof MndEvent.Detached d) {
            timeline.event(at, "detached", "from " + d.iface());
        } else if (e instanceof MndEvent.BindingUpdateSent bu) {
            timeline.event(at, "BU", "seq " + bu.seq() + " -> " + bu.peer()
                    + (bu.deregistration() ? ", de-registration" : ", care-of " + bu.careOf() + ", lifetime " + bu.lifetimeS() + " s")
                    + (bu.retransmission() > 0 ? ", retransmission " + bu.retransmission() : ""));
            if (ours && bu.retransmission() == 0) {
                h.bindingUpdate(bu.seq(), bu.deregistration());
            }
        } else if (e instanceof MndEvent.BindingAck ba) {
            timeline.event(at, "BA", String.format(Locale.ROOT, "seq %d status %d (%s), round trip %.1f ms",
                    ba.seq(), ba.status(), ba.statusText(), ba.roundTripMs()));
            if (ours) {
                h.bindingAck(ba.seq(), ba.status(), ba.statusText(), ba.roundTripMs());
            }
        }
    }

    private void onReply(ProbeLog.Probe p) {
        long replyMillis = p.replyMicros() / 1000;
        if (!trafficSeen) {
            trafficSeen = true;
            timeline.event(replyMillis, "traffic", "first Echo Reply from " + target);
        }
        Handover h = current;
        long moveMicros = h == null ? 0 : h.moveStartMillis() * 1000;
        // traffic is back when a probe sent after the move is answered and an earlier one after the move was not
        if (h != null && p.sentMicros() >= moveMicros && pinger != null
                && pinger.probes().unansweredBetween(moveMicros, p.sentMicros()) && h.firstReply(replyMillis)) {
            timeline.event(replyMillis, "traffic", "first Echo Reply after the move: handover gap "
                    + (replyMillis - h.moveStartMillis()) + " ms");
        }
    }

    private DaemonProcess start(String name, List<String> command, Path log) throws IOException, DemoException {
        synchronized (processes) {
            if (stopping) {
                throw new DemoException("stopping");
            }
            DaemonProcess p = DaemonProcess.start(name, command, log, env);
            processes.add(p);
            return p;
        }
    }

    private Optional<DaemonProcess> find(String name) {
        synchronized (processes) {
            return processes.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    /**
     * Stops what the demo started (newest first, each bounded) and takes the testbed down;
     * runs once, from the finally block or the shutdown hook, whichever comes first.
     */
    private synchronized void cleanUp() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        stopping = true;
        List<DaemonProcess> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        if (pinger != null) {
            pinger.close();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            DaemonProcess p = started.get(i);
            boolean daemon = p.name().startsWith("roam6-");
            if (options.keep() && daemon) {
                continue;
            }
            p.stop(daemon ? STOP_GRACE : Duration.ofSeconds(3));
        }
        for (LogTail t : tails) {
            t.close();
        }
        if (timeline != null) {
            timeline.close();
        }
        if (testbed != null && testbedUp) {
            if (options.keep()) {
                out.println("testbed " + testbed.prefix() + " left up (--keep); remove it with: "
                        + home.testbedScript() + " down --prefix " + testbed.prefix());
                out.println("  the daemons' admin sockets: " + workDir.resolve("had.sock") + ", " + workDir.resolve("mnd.sock"));
            } else {
                boolean ok = testbed.down();
                out.println(ok ? "testbed " + testbed.prefix() + " removed"
                        : "testbed " + testbed.prefix() + " may not be fully removed: " + home.testbedScript()
                        + " down --prefix " + testbed.prefix());
            }
        }
        if (workDir != null) {
            out.println("logs, configs and results: " + workDir + "; captures: " + pcapDir);
        }
        out.flush();
    }

    /** Random hex digits for the run's prefix, in testbed.sh's own r6-xxxxxx- form (its gc knows them). */
    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private String runQuietly(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return s;
    }
}
