package org.roam6.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.OptionalDouble;
import org.roam6.runtime.admin.AdminClient;
import org.roam6.runtime.admin.AdminException;
import org.roam6.wire.Ipv6Address;

/**
 * {@code roam6 demo}: the mobile node roams home -> a -> b -> home on the network-namespace
 * testbed while a correspondent pings its home address 100 times a second and a TCP connection
 * carries a checked byte stream both ways; a live timeline shows each move, the daemon's
 * attachment, its Binding Update and Acknowledgement with each of its two home agents (RFC 6275
 * 11.5, 11.7.1; ha1 and ha2 both run {@code had}) and when traffic flows again; a summary gives
 * the handover gaps and round trips. Then the home agent failover (had/docs/multiha.md): the
 * mobile node moves to link A, the correspondent streams UDP to the home address at 1000
 * packets/s, ha1's daemon is killed with SIGKILL, and the timeline shows ha2 taking over, the
 * mobile node moving its tunnel and when delivery resumed. Last, route optimisation through the
 * Mobility Agent (paper 003): {@code roam6-mad} on the border router br answers for cn, a plain
 * Linux host; the mobile node's daemon, restarted on link A, runs Return Routability with it
 * under a TCP stream, the binding appears at the agent, the mobile node moves to B and the
 * binding follows. The testbed comes down whatever happens (a finally block and a shutdown hook
 * for Ctrl-C), unless {@code --keep}.
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
    /** Node and interface of each capture: the MN's view, the home agents', the access routers', the correspondent's. */
    static final List<String[]> CAPTURES = List.of(new String[] {"mn", "eth0"}, new String[] {"ha1", "lan0"},
            new String[] {"ha2", "lan0"}, new String[] {"ara", "lan0"}, new String[] {"arb", "lan0"},
            new String[] {"cn", "lan0"});
    /** The failover's UDP stream: port, packets per second, seconds, and when in it ha1's daemon dies. */
    static final int UDP_PORT = 47000;
    static final int UDP_RATE = 1000;
    static final double UDP_SECONDS = 6;
    static final long KILL_AFTER_MS = 2000;
    /** The receiver listens this much longer than the sender sends (it starts first). */
    static final double RECEIVER_EXTRA_S = 2.5;
    /** How long the failover waits for the mobile node to be registered with both home agents. */
    static final Duration BOTH_REGISTERED_TIMEOUT = Duration.ofSeconds(20);
    /** The Mobility Agent phase's TCP port (the rounds' connection has its own). */
    static final int MAD_TCP_PORT = 5002;
    /** How long the Mobility Agent phase waits for the agent's binding on each link. */
    static final Duration AGENT_BINDING_TIMEOUT = Duration.ofSeconds(20);
    /** How long it waits for the mobile node's entry to show the correspondent's BA once the agent has the binding. */
    static final Duration CORRESPONDENT_ACK_TIMEOUT = Duration.ofSeconds(3);

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
    private volatile Failover failover;
    private volatile RouteOptimisation routeOptimisation;
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
        List<Path> needed = new ArrayList<>(List.of(home.testbedScript(), home.tcpcheck(), home.launcher("roam6-had")));
        if (options.failover()) {
            needed.add(home.udpstream());
        }
        if (options.mobilityAgent()) {
            needed.add(home.launcher("roam6-mad"));
            if (Tools.find("nft", searchPath).isEmpty()) {
                throw new DemoException("missing tools: nft, which the Mobility Agent needs (Debian: "
                        + "deploy/scripts/install-deps.sh; --without-mobility-agent skips its phase)");
            }
        }
        for (Path p : needed) {
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
        if (options.failover()) {
            checkRunning();
            timeline.plain("  the MN goes to link A for the home agent failover");
            phase(++n, at, "a");
            at = "a";
        }
        checkRunning();
        TcpVerdict tcp = stopTcp("tcpcheck client", workDir.resolve("tcp-client.json"));
        Failover f = null;
        if (options.failover()) {
            checkRunning();
            f = failoverPhase();
        }
        RouteOptimisation ro = null;
        if (options.mobilityAgent()) {
            checkRunning();
            ro = mobilityAgentPhase(at, n + 1);
        }
        checkRunning();
        timeline.flushAll();
        DemoReport report = new DemoReport(handovers, tcp, f, ro, pcapDir + " " + captureNames());
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
        timeline.now("capture", "tcpdump on mn eth0, ha1 lan0, ha2 lan0, ara lan0, arb lan0, cn lan0 -> " + pcapDir);
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

    /** The admin socket of the home agent on {@code node}. */
    private Path hadSocket(String node) {
        return workDir.resolve(node + "-had.sock");
    }

    private void startDaemons() throws Exception {
        startHomeAgent("ha1", DemoConfigs.HOME_AGENT, 20);
        Path ha2Log = workDir.resolve("ha2-had.log");
        tails.add(new LogTail(ha2Log, line -> HadLogLine.parse(line).ifPresent(this::onHadEvent)));
        startHomeAgent("ha2", DemoConfigs.SECOND_HOME_AGENT, 10);
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
        timeline.now("mnd", "roam6-mnd running on mn, home address " + DemoConfigs.HOME_ADDRESS
                + ", home agents ha1 and ha2, log " + mndLog);
    }

    private void startHomeAgent(String node, String address, int preference) throws Exception {
        Path conf = workDir.resolve(node + "-had.conf");
        Files.writeString(conf, DemoConfigs.homeAgent(node, address, preference, hadSocket(node)), StandardCharsets.UTF_8);
        DaemonProcess had = start("roam6-had " + node, testbed.inNamespace(node,
                List.of(home.launcher("roam6-had").toString(), "--config", conf.toString())),
                workDir.resolve(node + "-had.log"));
        if (!had.waitForLine("roam6-had running", START_TIMEOUT)) {
            throw new DemoException("roam6-had did not start in " + testbed.namespace(node) + ":\n" + had.logTail(8));
        }
        timeline.now("had", "roam6-had running on " + node + " (" + address + "), log " + had.log());
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
        int moves = options.moves().size() + (options.failover() ? 1 : 0);
        double duration = moves * (options.dwellS() + EXTRA_WAIT_S + 30) + 60;
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

    /**
     * The home agent failover: the MN on link A registered with ha1 (which intercepts) and ha2;
     * cn streams UDP to the home address; ha1's daemon gets SIGKILL two seconds in; ha2's and
     * the MN's logs show the takeover and the MN's reaction as they come (see
     * {@link #onHadEvent}, {@link #onMndEvent}); at the end of the stream its outage and loss,
     * and whether ha2 still holds the binding ({@code roam6 show bindings} on ha2's socket).
     */
    private Failover failoverPhase() throws Exception {
        current = null;
        long expected = Math.round(UDP_RATE * UDP_SECONDS);
        Failover f = new Failover("ha1", DemoConfigs.HOME_AGENT, "ha2", DemoConfigs.SECOND_HOME_AGENT, UDP_RATE, expected);
        timeline.plain("  home agent failover: SIGKILL of ha1's home agent under a UDP stream");
        if (awaitBothRegistered()) {
            timeline.now("failover", "the MN is registered with ha1 (intercepting) and ha2");
        } else {
            timeline.now("warning", "the MN is not registered with both home agents; going on");
        }
        Path rxReport = workDir.resolve("udp-receiver.json");
        Path txReport = workDir.resolve("udp-sender.json");
        String script = home.udpstream().toString();
        DaemonProcess receiver = start("udpstream receiver", testbed.inNamespace("mn", UdpStream.receiveCommand(PYTHON,
                script, DemoConfigs.HOME_ADDRESS, UDP_PORT, UDP_SECONDS + RECEIVER_EXTRA_S, rxReport.toString())),
                workDir.resolve("udp-receiver.log"));
        if (!receiver.waitForLine("receiving", Duration.ofSeconds(10))) {
            throw new DemoException("the UDP stream's receiver did not start: " + receiver.logTail(3));
        }
        checkRunning();
        DaemonProcess sender = start("udpstream sender", testbed.inNamespace("cn", UdpStream.sendCommand(PYTHON,
                script, DemoConfigs.HOME_ADDRESS, UDP_PORT, UDP_RATE, UDP_SECONDS, txReport.toString())),
                workDir.resolve("udp-sender.log"));
        timeline.now("traffic", String.format(Locale.ROOT, "cn streams UDP to [%s]:%d, %d packets/s for %.0f s (udpstream.py)",
                DemoConfigs.HOME_ADDRESS, UDP_PORT, UDP_RATE, UDP_SECONDS));
        long killAt = System.currentTimeMillis() + KILL_AFTER_MS;
        while (!stopping && System.currentTimeMillis() < killAt) {
            Thread.sleep(20);
        }
        checkRunning();
        DaemonProcess ha1 = find("roam6-had ha1").orElseThrow(() -> new DemoException("ha1's home agent is not running"));
        if (!ha1.alive()) {
            throw new DemoException("ha1's home agent ended before the failover: " + ha1.logTail(5));
        }
        failover = f;
        long killed = System.currentTimeMillis();
        f.killed(killed);
        boolean gone = ha1.kill(Duration.ofSeconds(5));
        timeline.event(killed, "kill", "ha1's home agent (roam6-had, pid " + ha1.pid() + "): SIGKILL"
                + (gone ? "" : ", but it did not end within 5 s"));
        // what follows comes out when the stream's result is in, in time order with when delivery resumed
        timeline.holdFrom(killed + 1);
        int txExit = sender.waitFor(Duration.ofSeconds(Math.round(UDP_SECONDS) + 15));
        int rxExit = receiver.waitFor(Duration.ofSeconds(15));
        checkRunning();
        try {
            if (txExit < 0 || rxExit < 0 || !Files.exists(rxReport) || !Files.exists(txReport)) {
                f.streamFailed("sender exit " + txExit + ", receiver exit " + rxExit + "; " + receiver.logTail(2));
            } else {
                f.stream(UdpStream.parseReceived(Files.readString(rxReport, StandardCharsets.UTF_8).strip()),
                        UdpStream.parseSent(Files.readString(txReport, StandardCharsets.UTF_8).strip()));
            }
        } catch (IOException e) {
            f.streamFailed(e.getMessage());
        }
        long resumed = f.outage().map(o -> o.end().toEpochMilli()).orElse(System.currentTimeMillis());
        timeline.event(resumed, "traffic", f.deliveryText() + " (details " + rxReport + ")");
        timeline.release();
        survivorBinding(f);
        timeline.now("failover", f.passed() ? "passed: delivery resumed and ha2 holds the binding"
                : "FAILED: " + f.missing());
        return f;
    }

    /** Polls the MN's Binding Update List until both home agents' entries are registered; bounded. */
    private boolean awaitBothRegistered() throws Exception {
        if (awaitRegistered(List.of(DemoConfigs.HOME_AGENT, DemoConfigs.SECOND_HOME_AGENT))) {
            Thread.sleep(500); // the home agents' heartbeats start with their bindings
            return true;
        }
        return false;
    }

    /** Polls the MN's Binding Update List until the entries of all {@code homeAgents} are registered; bounded. */
    private boolean awaitRegistered(List<String> homeAgents) throws Exception {
        Path socket = workDir.resolve("mnd.sock");
        long deadline = System.currentTimeMillis() + BOTH_REGISTERED_TIMEOUT.toMillis();
        for (int i = 0; i < 400 && System.currentTimeMillis() < deadline && !stopping; i++) {
            try {
                JsonNode bul = AdminClient.call(socket, "show", "what", "bul");
                if (homeAgents.stream().allMatch(ha -> registeredWith(bul, ha))) {
                    return true;
                }
            } catch (AdminException e) {
                // not answering this moment: ask again
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Whether {@code show bul} has a registered home agent entry for {@code homeAgent}. */
    static boolean registeredWith(JsonNode bul, String homeAgent) {
        if (bul == null || !bul.isArray()) {
            return false;
        }
        for (JsonNode e : bul) {
            if (sameAddress(e.path("peer").asText(), homeAgent) && "registered".equals(e.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The survivor's Binding Cache ({@code roam6 show bindings --json} on ha2's admin socket): does it hold the home address? */
    private void survivorBinding(Failover f) {
        try {
            JsonNode bindings = AdminClient.call(hadSocket("ha2"), "show", "what", "bindings");
            Optional<String> careOf = bindingOf(bindings, DemoConfigs.HOME_ADDRESS);
            if (careOf.isPresent()) {
                f.survivorBinding(careOf.get());
                timeline.now("binding", "ha2 holds the binding of " + DemoConfigs.HOME_ADDRESS + ": care-of " + careOf.get());
            } else {
                f.noSurvivorBinding("no binding of " + DemoConfigs.HOME_ADDRESS + " in " + bindings);
                timeline.now("warning", "ha2 holds no binding of " + DemoConfigs.HOME_ADDRESS);
            }
        } catch (AdminException e) {
            f.noSurvivorBinding("show bindings: " + e.getMessage());
            timeline.now("warning", "ha2's show bindings failed: " + e.getMessage());
        }
    }

    /** The Mobility Agent's admin socket. */
    private Path madSocket() {
        return workDir.resolve("br-mad.sock");
    }

    /**
     * Route optimisation through the Mobility Agent: {@code roam6-mad} starts on br; the mobile
     * node's daemon is restarted on link A (SIGTERM, then a fresh start asking correspondents for
     * Binding Acknowledgements) with the home agents still alive, because the first one holds cn
     * down after cn's kernel answered its tests with a Parameter Problem; once registered at home,
     * a TCP stream from cn to the home address begins (cn's probes go on); the agent's binding
     * appears, the MN dwells, moves to B and the binding follows; then the stream's verdict, the
     * agent's counters and, with tshark, the connection's frames on the home link.
     */
    private RouteOptimisation mobilityAgentPhase(String at, int number) throws Exception {
        current = null;
        String cn = DemoConfigs.CORRESPONDENT;
        RouteOptimisation ro = new RouteOptimisation(cn, DemoConfigs.HOME_ADDRESS);
        timeline.plain("  route optimisation via the Mobility Agent: roam6-mad on br answers for cn " + cn
                + " (a plain Linux host)");
        long phaseStart = System.currentTimeMillis();
        DaemonProcess mad = startMobilityAgent();
        checkRunning();
        List<String> homeAgents = liveHomeAgents();
        DaemonProcess old = find("roam6-mnd").orElseThrow(() -> new DemoException("roam6-mnd is not running"));
        int exit = old.stop(STOP_GRACE);
        timeline.now("mnd", "roam6-mnd stopped (SIGTERM" + exitText(exit) + "): it holds cn down since cn's kernel"
                + " refused its Return Routability; a fresh start tries again, now answered by mad");
        if (!"a".equals(at)) {
            timeline.now("move", "MN " + at + " -> a (layer 2)");
            String address = testbed.move("a");
            timeline.now("address", "the MN reaches link a's router from " + address);
        }
        checkRunning();
        routeOptimisation = ro;
        ro.started(System.currentTimeMillis());
        startMobileNodeForRouteOptimisation(homeAgents);
        if (awaitRegistered(homeAgents)) {
            timeline.now("mnd", "registered with " + nodes(homeAgents));
        } else {
            timeline.now("warning", "the MN is not registered with " + nodes(homeAgents) + "; going on");
        }
        checkRunning();
        startMobilityAgentTcp();
        Optional<AgentBinding> onA = awaitAgentBinding(b -> true);
        if (onA.isPresent()) {
            correspondentAck(ro, onA.get(), true);
            dwell(System.currentTimeMillis() + Math.round(options.dwellS() * 1000));
        } else {
            ro.noBinding("none within " + AGENT_BINDING_TIMEOUT.toSeconds() + " s");
            timeline.now("warning", "mad holds no binding of " + DemoConfigs.HOME_ADDRESS + " at cn after "
                    + AGENT_BINDING_TIMEOUT.toSeconds() + " s");
        }
        checkRunning();

        long start = System.currentTimeMillis();
        Handover h = new Handover(number, "a", "b", start);
        current = h;
        timeline.event(start, "move", "MN a -> b (layer 2)");
        String careOfB = testbed.move("b");
        ro.moved(start, careOfB);
        checkRunning();
        timeline.now("address", "the MN reaches link b's router from " + careOfB);
        if (onA.isPresent()) {
            Optional<AgentBinding> onB = awaitAgentBinding(b -> b.careOf(careOfB));
            if (onB.isPresent()) {
                correspondentAck(ro, onB.get(), false);
            } else {
                ro.noBinding("still " + agentBindingText() + " " + AGENT_BINDING_TIMEOUT.toSeconds() + " s after the move");
                timeline.now("warning", "mad's binding did not follow to " + careOfB + ": " + agentBindingText());
            }
        }
        dwell(System.currentTimeMillis() + Math.round(options.dwellS() * 1000));
        long end = System.currentTimeMillis();
        Thread.sleep(SETTLE_MS);
        current = null;
        ProbeLog.PhaseStats s = pinger.probes().stats(start * 1000, end * 1000);
        h.probes(s);
        Optional<ProbeLog.Probe> restored = pinger.probes().restoredAfter(start * 1000, end * 1000);
        if (h.settleFirstReply(restored.map(p -> p.replyMicros() / 1000).orElse(-1L)) && restored.isPresent()) {
            timeline.event(end, "traffic", "handover gap from the whole probe log: " + h.gapMillis().getAsLong() + " ms");
        }
        ro.handover(h);
        timeline.event(end, "phase", String.format(Locale.ROOT, "on b for %.1f s: %d probes sent, %d answered, %d lost",
                (end - start) / 1000.0, s.sent(), s.answered(), s.lost()));

        ro.tcp(stopTcp("tcpcheck client (mad)", workDir.resolve("tcp-mad-client.json")));
        try {
            AgentCounters c = AgentCounters.parse(AdminClient.call(madSocket(), "show", "what", "stats"));
            ro.counters(c);
            timeline.now("mad", "translated to cn " + AgentCounters.packets(c.translatedToCorrespondent(), c.translatedBytes())
                    + ", routed to the care-of address " + AgentCounters.packets(c.routedToCareOf(), c.routedBytes())
                    + ", " + c.parameterProblemSent() + " Parameter Problems, " + c.dropNoBinding() + " + "
                    + c.dropMalformed() + " dropped (no binding + malformed)");
        } catch (AdminException | IOException e) {
            ro.noCounters(e.getMessage());
            timeline.now("warning", "mad's show stats failed: " + e.getMessage());
        }
        homeLinkFrames(ro, phaseStart, System.currentTimeMillis());
        if (!options.keep()) {
            int madExit = mad.stop(STOP_GRACE);
            timeline.now("mad", "roam6-mad on br stopped (SIGTERM" + exitText(madExit) + ")"
                    + (mad.waitForLine("roam6-mad stopped", Duration.ZERO) ? ", its kernel state removed" : ""));
        }
        timeline.now("mad", ro.passed() ? "passed: the binding followed to B and TCP arrived intact"
                : "FAILED: " + ro.missing());
        return ro;
    }

    private DaemonProcess startMobilityAgent() throws Exception {
        Path conf = workDir.resolve("br-mad.conf");
        Files.writeString(conf, DemoConfigs.mobilityAgent(madSocket()), StandardCharsets.UTF_8);
        DaemonProcess mad = start("roam6-mad br", testbed.inNamespace("br",
                List.of(home.launcher("roam6-mad").toString(), "--config", conf.toString())), workDir.resolve("br-mad.log"));
        if (!mad.waitForLine("roam6-mad running", START_TIMEOUT)) {
            throw new DemoException("roam6-mad did not start in " + testbed.namespace("br") + ":\n" + mad.logTail(8));
        }
        timeline.now("mad", "roam6-mad running on br (lan0, answering for " + DemoConfigs.CORRESPONDENT_PREFIX
                + "), log " + mad.log());
        return mad;
    }

    /** The home agents whose daemons still run, in the demo's order (after the failover: ha2 alone). */
    private List<String> liveHomeAgents() throws DemoException {
        List<String> alive = new ArrayList<>();
        if (find("roam6-had ha1").map(DaemonProcess::alive).orElse(false)) {
            alive.add(DemoConfigs.HOME_AGENT);
        }
        if (find("roam6-had ha2").map(DaemonProcess::alive).orElse(false)) {
            alive.add(DemoConfigs.SECOND_HOME_AGENT);
        }
        if (alive.isEmpty()) {
            throw new DemoException("no home agent is running for the Mobility Agent phase");
        }
        return alive;
    }

    private void startMobileNodeForRouteOptimisation(List<String> homeAgents) throws Exception {
        Path conf = workDir.resolve("mnd-mad.conf");
        Files.writeString(conf, DemoConfigs.mobileNode(workDir.resolve("mnd.sock"), homeAgents, true), StandardCharsets.UTF_8);
        Path log = workDir.resolve("mnd-mad.log");
        tails.add(new LogTail(log, line -> MndLogLine.parse(line).ifPresent(this::onMndEvent)));
        DaemonProcess mnd = start("roam6-mnd (mad)", testbed.inNamespace("mn",
                List.of(home.launcher("roam6-mnd").toString(), "--config", conf.toString())), log);
        if (!mnd.waitForLine("roam6-mnd running", START_TIMEOUT)) {
            throw new DemoException("roam6-mnd did not start again in " + testbed.namespace("mn") + ":\n" + mnd.logTail(8));
        }
        timeline.now("mnd", "roam6-mnd running again on mn with UseCnBuAck and MnMobilityAgentAware, home agent"
                + (homeAgents.size() > 1 ? "s " : " ") + nodes(homeAgents) + ", log " + log);
    }

    /** The phase's TCP check: a server on the home address in mn, its client on cn; bounded, stopped at the end. */
    private void startMobilityAgentTcp() throws Exception {
        String hoa = DemoConfigs.HOME_ADDRESS;
        DaemonProcess server = start("tcpcheck server (mad)", testbed.inNamespace("mn", List.of(PYTHON,
                home.tcpcheck().toString(), "server", "--bind", hoa, "--port", Integer.toString(MAD_TCP_PORT),
                "--freebind", "--accept-timeout", "30", "--margin", Double.toString(TCP_MARGIN_S),
                "--report", workDir.resolve("tcp-mad-server.json").toString())), workDir.resolve("tcp-mad-server.log"));
        if (!server.waitForLine("listening", Duration.ofSeconds(10))) {
            throw new DemoException("the TCP check's server did not listen: " + server.logTail(3));
        }
        double duration = 2 * (AGENT_BINDING_TIMEOUT.toSeconds() + options.dwellS() + EXTRA_WAIT_S)
                + TestbedControl.MOVE_TIMEOUT_S + 30;
        DaemonProcess client = start("tcpcheck client (mad)", testbed.inNamespace("cn", List.of(PYTHON,
                home.tcpcheck().toString(), "client", "--connect", hoa, "--port", Integer.toString(MAD_TCP_PORT),
                "--rate", Integer.toString(options.tcpRate()), "--duration", String.format(Locale.ROOT, "%.0f", duration),
                "--margin", Double.toString(TCP_MARGIN_S),
                "--report", workDir.resolve("tcp-mad-client.json").toString())), workDir.resolve("tcp-mad-client.log"));
        if (!server.waitForLine("connection from", Duration.ofSeconds(15))) {
            throw new DemoException("the TCP check did not connect: " + client.logTail(3));
        }
        timeline.now("traffic", String.format(Locale.ROOT, "TCP cn -> [%s]:%d, %d bytes/s each way, every byte checked",
                hoa, MAD_TCP_PORT, options.tcpRate()));
    }

    /** Polls mad's {@code show bindings} until the home address's binding at cn passes {@code wanted}; bounded. */
    private Optional<AgentBinding> awaitAgentBinding(java.util.function.Predicate<AgentBinding> wanted) throws Exception {
        long deadline = System.currentTimeMillis() + AGENT_BINDING_TIMEOUT.toMillis();
        for (int i = 0; i < 1000 && System.currentTimeMillis() < deadline && !stopping; i++) {
            try {
                Optional<AgentBinding> b = AgentBinding.find(AdminClient.call(madSocket(), "show", "what", "bindings"),
                        DemoConfigs.CORRESPONDENT, DemoConfigs.HOME_ADDRESS);
                if (b.isPresent() && wanted.test(b.get())) {
                    return b;
                }
            } catch (AdminException e) {
                // not answering this moment: ask again
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** What mad holds for the home address now, for a warning. */
    private String agentBindingText() {
        try {
            return AgentBinding.find(AdminClient.call(madSocket(), "show", "what", "bindings"), DemoConfigs.CORRESPONDENT,
                    DemoConfigs.HOME_ADDRESS).map(b -> "care-of " + b.coa() + " (seq " + b.seq() + ")").orElse("no binding");
        } catch (AdminException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * The agent holds {@code b}: shown, recorded, and the mobile node's entry for cn read until it
     * shows the Binding Acknowledgement of that BU (bounded), for its round trip.
     */
    private void correspondentAck(RouteOptimisation ro, AgentBinding b, boolean onA) throws Exception {
        long seen = System.currentTimeMillis();
        if (onA) {
            ro.bindingOnA(b, seen);
        } else {
            ro.bindingOnB(b, seen);
        }
        timeline.event(seen, "mad", "show bindings: " + b.hoa() + " at cn " + b.cn() + " bound to care-of " + b.coa()
                + ", seq " + b.seq() + ", lifetime " + b.lifetimeS() + " s");
        long deadline = seen + CORRESPONDENT_ACK_TIMEOUT.toMillis();
        while (System.currentTimeMillis() < deadline && !stopping) {
            try {
                Optional<CorrespondentEntry> e = CorrespondentEntry.find(
                        AdminClient.call(workDir.resolve("mnd.sock"), "show", "what", "bul"), DemoConfigs.CORRESPONDENT);
                if (e.isPresent() && e.get().acknowledged(b.seq())) {
                    if (onA) {
                        ro.roundTripOnA(e.get().lastRttMs());
                    } else {
                        ro.roundTripOnB(e.get().lastRttMs());
                    }
                    long acked = ro.ackMillis(b.seq(), e.get().lastRttMs());
                    acked = acked < 0 ? System.currentTimeMillis() : acked;
                    timeline.event(acked, "BA", String.format(Locale.ROOT, "seq %d <- correspondent %s (answered by mad)"
                            + " status %d, round trip %.1f ms", b.seq(), b.cn(), e.get().lastStatus(), e.get().lastRttMs()));
                    OptionalDouble ms = onA ? ro.returnRoutabilityToAckMs() : ro.moveToAckMs();
                    if (ms.isPresent()) {
                        timeline.event(acked, "mad", String.format(Locale.ROOT, onA
                                ? "route-optimised on A: %.0f ms from the start of return routability to the BA"
                                : "route-optimised on B: the BA %.0f ms after the move start", ms.getAsDouble()));
                    }
                    return;
                }
            } catch (AdminException e) {
                // ask again
            }
            Thread.sleep(50);
        }
        timeline.now("warning", "the MN's entry for cn shows no Binding Acknowledgement of seq " + b.seq());
    }

    /** Nothing for a daemon that ended as SIGTERM ends a JVM (its exit hooks ran: 143) or with 0; the code otherwise. */
    static String exitText(int exit) {
        return exit == 143 || exit == 0 ? "" : exit < 0 ? ", it would not end" : ", exit " + exit;
    }

    private void dwell(long until) throws InterruptedException {
        while (!stopping && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
    }

    /**
     * With tshark: the phase's TCP frames in the home agents' captures (the home link is a
     * learning bridge, so each home agent's port sees the frames it intercepts and tunnels),
     * before route optimisation and while route-optimised.
     */
    private void homeLinkFrames(RouteOptimisation ro, long fromMillis, long toMillis) {
        Optional<Path> tshark = Tools.find("tshark", searchPath);
        double from = ro.optimisedFrom();
        if (tshark.isEmpty() || Double.isNaN(from)) {
            return;
        }
        StringBuilder times = new StringBuilder();
        try {
            Thread.sleep(300); // tcpdump writes packet by packet; let the last ones land
            for (String node : List.of("ha1", "ha2")) {
                Path capture = pcapDir.resolve(node + "-lan0.pcap");
                if (!Files.exists(capture)) {
                    return;
                }
                Path fields = workDir.resolve("tshark-" + node + "-tcp-" + MAD_TCP_PORT + ".txt");
                Process p = new ProcessBuilder(tshark.get().toString(), "-r", capture.toString(), "-Y",
                        "tcp.port==" + MAD_TCP_PORT, "-T", "fields", "-e", "frame.time_epoch")
                        .redirectOutput(fields.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return;
                }
                times.append(Files.readString(fields, StandardCharsets.UTF_8)).append('\n');
            }
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long before = RouteOptimisation.countBetween(times.toString(), fromMillis / 1000.0, from);
        long optimised = RouteOptimisation.countInWindows(times.toString(), ro.optimisedWindows(toMillis));
        ro.homeLink(before, optimised);
        timeline.now("tshark", "the home agents' ports on the home link carried " + optimised
                + " frames of the connection while route-optimised, " + before + " before");
    }

    /** The care-of address of {@code homeAddress} in a {@code show bindings} answer, if it is there. */
    static Optional<String> bindingOf(JsonNode bindings, String homeAddress) {
        if (bindings != null && bindings.isArray()) {
            for (JsonNode b : bindings) {
                if (sameAddress(b.path("hoa").asText(), homeAddress)) {
                    return Optional.of(b.path("coa").asText());
                }
            }
        }
        return Optional.empty();
    }

    static boolean sameAddress(String a, String b) {
        try {
            return Ipv6Address.parse(a).equals(Ipv6Address.parse(b));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Stops the TCP check's client (SIGTERM: it ends the exchange and writes its result) and reads its verdict. */
    private TcpVerdict stopTcp(String name, Path report) throws Exception {
        DaemonProcess client = find(name).orElseThrow();
        client.stop(Duration.ofSeconds((long) TCP_MARGIN_S + 5));
        timeline.now("traffic", "TCP client stopped");
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
                h.bindingUpdate(bu.peer(), bu.seq(), bu.deregistration());
            }
        } else if (e instanceof MndEvent.BindingAck ba) {
            timeline.event(at, "BA", baText(ba));
            if (ours) {
                h.bindingAck(ba.peer(), ba.seq(), ba.status(), ba.statusText(), ba.roundTripMs());
            }
        } else if (e instanceof MndEvent.HomeAgentUnreachable u) {
            Failover f = failover;
            if (f != null && f.unreachable(u)) {
                timeline.event(at, "mnd", "Home Agent Unreachable from " + node(u.source()) + " taken: "
                        + nodes(u.dead()) + " dead, dropped from the list, "
                        + (at - f.killMillis()) + " ms after the kill");
            } else {
                timeline.event(at, "mnd", "Home Agent Unreachable from " + node(u.source()) + ": " + nodes(u.dead()) + " dead");
            }
        } else if (e instanceof MndEvent.HomeAgentUnreachableIgnored u) {
            timeline.event(at, "warning", "the MN ignored a Home Agent Unreachable from " + node(u.source())
                    + " naming " + nodes(u.naming()) + ": " + u.reason());
        } else if (e instanceof MndEvent.CorrespondentRegistrationStarted r) {
            RouteOptimisation ro = routeOptimisation;
            ro = ro != null && ro.registrationStarted(r) ? ro : null;
            timeline.event(at, "RR", "starting " + (r.preSharedKey() ? "the pre-shared-key registration" : "return routability")
                    + " with correspondent " + r.correspondent() + (ro != null ? " (mad answers for it)" : ""));
        } else if (e instanceof MndEvent.CorrespondentBindingUpdateSent bu) {
            RouteOptimisation ro = routeOptimisation;
            if (ro != null) {
                ro.bindingUpdate(bu);
            }
            timeline.event(at, "BU", "seq " + bu.seq() + " -> correspondent " + bu.correspondent()
                    + (bu.deregistration() ? ", de-registration" : ", care-of " + bu.careOf() + ", lifetime " + bu.lifetimeS() + " s")
                    + (bu.retransmission() > 0 ? ", retransmission " + bu.retransmission() : ""));
        } else if (e instanceof MndEvent.CorrespondentHeldDown d) {
            RouteOptimisation ro = routeOptimisation;
            boolean counted = ro != null && ro.heldDown(d);
            timeline.event(at, counted ? "warning" : "mnd", "route optimisation with " + d.correspondent() + " held down for "
                    + d.seconds() + " s (" + d.reason() + ": " + d.why() + "); its traffic stays in the home agent's tunnel");
        } else if (e instanceof MndEvent.PrimaryHomeAgent p) {
            Failover f = failover;
            boolean counted = f != null && f.primary(p);
            timeline.event(at, "mnd", "primary home agent " + node(p.homeAgent()) + " (was " + node(p.was())
                    + "): the tunnel goes through it" + (counted ? ", " + (at - f.killMillis()) + " ms after the kill" : ""));
        }
    }

    /** A BA line of the timeline: which home agent, sequence number, status, round trip. */
    static String baText(MndEvent.BindingAck ba) {
        return String.format(Locale.ROOT, "seq %d <- %s status %d (%s), round trip %.1f ms",
                ba.seq(), ba.peer(), ba.status(), ba.statusText(), ba.roundTripMs());
    }

    /** {@code ha1 2001:db8:1::11} for the testbed's home agents, the address alone otherwise. */
    static String node(String address) {
        if (DemoConfigs.HOME_AGENT.equals(address)) {
            return "ha1 " + address;
        }
        if (DemoConfigs.SECOND_HOME_AGENT.equals(address)) {
            return "ha2 " + address;
        }
        return address;
    }

    private static String nodes(List<String> addresses) {
        return String.join(", ", addresses.stream().map(Demo::node).toList());
    }

    private void onHadEvent(HadEvent e) {
        Failover f = failover;
        long at = e.at().toEpochMilli();
        if (e instanceof HadEvent.PeersDead d) {
            boolean counted = f != null && f.peersDead(d);
            timeline.event(at, "had", "ha2 finds " + nodes(d.peers()) + " dead: no heartbeat for "
                    + d.misses() + " x " + d.intervalMs() + " ms" + (counted ? " (" + (at - f.killMillis()) + " ms after the kill)" : ""));
        } else if (e instanceof HadEvent.TakeOver t) {
            boolean counted = f != null && f.tookOver(t);
            timeline.event(at, "takeover", "ha2 now intercepts for " + t.homeAddress() + " (care-of " + t.careOf()
                    + ") and sends the MN a Home Agent Unreachable naming " + node(t.deadHomeAgent())
                    + (counted ? "; " + (at - f.killMillis()) + " ms after the kill" : ""));
        } else if (e instanceof HadEvent.PeerAlive a) {
            timeline.event(at, "had", "ha2 hears " + node(a.peer()) + " again");
        } else if (e instanceof HadEvent.UnreachableNotSent n) {
            timeline.event(at, "warning", "ha2 could not send the Home Agent Unreachable to " + n.careOf() + ": " + n.reason());
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
                out.println("  the daemons' admin sockets: " + hadSocket("ha1") + ", " + hadSocket("ha2") + ", "
                        + workDir.resolve("mnd.sock") + (options.mobilityAgent() ? ", " + madSocket() : ""));
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
