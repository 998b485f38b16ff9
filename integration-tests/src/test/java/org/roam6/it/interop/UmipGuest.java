package org.roam6.it.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.roam6.it.testbed.Commands;
import org.roam6.it.testbed.ExecResult;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedException;

/**
 * A qemu guest running UMIP's mip6d, joined to a testbed link (deploy/interop/README.md).
 *
 * <p>qemu runs in the namespace {@code <prefix>umip} (which {@code testbed.sh down} also
 * removes) with one virtio NIC on a tap device; once qemu holds the tap, the tap moves into the
 * link's switch namespace as the bridge port {@code umip}, so the guest's {@code eth0} sits on
 * that link like any node's interface, and {@link #move} re-plugs it as the testbed moves its
 * mobile node. The host drives the guest through a 9p share (the directory {@link #share()},
 * {@code /share} in the guest): {@link #run} drops a shell script into {@code cmd/} and waits
 * for its exit status in {@code out/} (guest-init.sh runs them in order). mip6d's config, its
 * DebugLogFile, its stdout and the serial console's log stay in the share, which is inside the
 * testbed's log directory. {@link #close} powers the guest off (killing qemu if it does not
 * stop), deletes the namespace, and leaves nothing behind.
 *
 * <p>The guest runs under TCG ({@code -accel tcg -cpu max}); {@code -Droam6.interop.accel=kvm}
 * asks for KVM where it really works. One guest per testbed.
 */
public final class UmipGuest implements AutoCloseable {

    public static final String PORT = "umip";
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    public static final Set<String> LINKS = Set.of("home", "a", "b", "c");

    private final Testbed tb;
    private final String namespace;
    private final Path share;
    private final Process qemu;
    private final String mac;
    private String link;
    private int commands;
    private boolean closed;

    private UmipGuest(Testbed tb, String namespace, Path share, Process qemu, String mac) {
        this.tb = tb;
        this.namespace = namespace;
        this.share = share;
        this.qemu = qemu;
        this.mac = mac;
    }

    /**
     * Boots a guest with hostname {@code name} and NIC MAC {@code mac} (e.g. 02:52:36:00:01:01,
     * which gives the SLAAC interface identifier 52:36ff:fe00:101), plugs it into {@code link}
     * (home, a, b or c) and waits until it runs commands.
     */
    public static UmipGuest boot(Testbed tb, GuestImage image, String name, String link, String mac) {
        if (!LINKS.contains(link)) {
            throw new IllegalArgumentException("no link " + link + " (" + LINKS + ")");
        }
        String ns = tb.prefix() + "umip";
        Path share;
        try {
            share = Files.createTempDirectory(tb.logDir(), "umip-" + name + "-");
            Files.createDirectories(share.resolve("cmd"));
            Files.createDirectories(share.resolve("out"));
            Files.writeString(share.resolve("hostname"), name + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ip("netns", "add", ns);
        Process qemu = null;
        try {
            ip("-n", ns, "tuntap", "add", "dev", PORT, "mode", "tap");
            String accel = System.getProperty("roam6.interop.accel", "tcg");
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "qemu-system-x86_64",
                    "-accel", accel, "-cpu", accel.equals("kvm") ? "host" : "max", "-m", "384", "-smp", "1",
                    "-nographic", "-nodefaults", "-no-reboot",
                    "-serial", "file:" + share.resolve("serial.log"),
                    "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                    "-append", "console=ttyS0 quiet panic=-1",
                    "-virtfs", "local,path=" + share + ",mount_tag=share,security_model=none,id=share",
                    "-netdev", "tap,id=n0,ifname=" + PORT + ",script=no,downscript=no",
                    "-device", "virtio-net-pci,netdev=n0,mac=" + mac + System.getProperty("roam6.interop.nicopts", "")));
            qemu = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(share.resolve("qemu.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            UmipGuest g = new UmipGuest(tb, ns, share, qemu, mac);
            g.awaitTapOpened();
            g.plug(ns, link);
            g.awaitReady();
            return g;
        } catch (IOException | RuntimeException e) {
            if (qemu != null) {
                qemu.destroyForcibly();
            }
            Commands.run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(10));
            Commands.run(List.of("ip", "-n", tb.namespace("sw-" + link), "link", "del", PORT), Duration.ofSeconds(10));
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Waits until qemu holds the tap (only then may the tap change namespace without being lost). */
    private void awaitTapOpened() {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (!qemu.isAlive()) {
                throw new TestbedException("qemu exited at start: " + read(share.resolve("qemu.log")));
            }
            // the tap's file descriptor in qemu names it: "iff:\t<name>" in its fdinfo
            ExecResult r = Commands.run(List.of("bash", "-c",
                    "grep -ls 'iff:[[:space:]]*" + PORT + "$' /proc/" + qemu.pid() + "/fdinfo/* 2>/dev/null | head -1"),
                    Duration.ofSeconds(5));
            if (!r.stdout().isBlank()) {
                return;
            }
            sleep(100);
        }
        throw new TestbedException("qemu did not open its tap within 20 s: " + read(share.resolve("qemu.log")));
    }

    private void awaitReady() {
        long end = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(share.resolve("out/ready"))) {
                return;
            }
            if (!qemu.isAlive()) {
                throw new TestbedException("the guest stopped while booting; serial console:\n"
                        + read(share.resolve("serial.log")) + read(share.resolve("qemu.log")));
            }
            sleep(100);
        }
        throw new TestbedException("the guest did not boot within " + BOOT_TIMEOUT.toSeconds() + " s; serial console:\n"
                + read(share.resolve("serial.log")));
    }

    /** The guest's boot time as its kernel counts it (seconds from power-on to running commands). */
    public double bootSeconds() {
        return Double.parseDouble(read(share.resolve("out/ready")).trim());
    }

    /** The result of one command in the guest. */
    public record Result(String script, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        public Result requireOk() {
            if (exitCode != 0) {
                throw new TestbedException("guest command exited " + exitCode + ":\n" + script + "\n--- output ---\n"
                        + output);
            }
            return this;
        }
    }

    /**
     * Runs {@code script} under the guest's busybox sh (iproute2 as {@code ip}) and waits for it,
     * at most {@code timeout}; a command still running then is killed in the guest (exit 137).
     */
    public synchronized Result run(String script, Duration timeout) {
        checkOpen();
        int n = ++commands;
        String id = String.format(Locale.ROOT, "%04d", n);
        long seconds = Math.max(1, timeout.toSeconds());
        Path tmp = share.resolve("cmd/." + id);
        try {
            Files.writeString(tmp, "# timeout " + seconds + "\n" + script + "\n");
            Files.move(tmp, share.resolve("cmd/" + id + ".sh"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path rc = share.resolve("out/" + id + ".rc");
        long end = System.nanoTime() + timeout.plusSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(rc)) {
                String code = read(rc).trim();
                return new Result(script, code.isEmpty() ? -1 : Integer.parseInt(code), read(share.resolve("out/" + id + ".out")));
            }
            if (!qemu.isAlive()) {
                throw new TestbedException("the guest is gone (command " + id + "): " + read(share.resolve("serial.log")));
            }
            sleep(50);
        }
        throw new TestbedException("guest command " + id + " gave no result within " + timeout.plusSeconds(15).toSeconds()
                + " s:\n" + script);
    }

    public Result run(String script) {
        return run(script, Duration.ofSeconds(30));
    }

    /** Writes a file into the share: the guest reads it as {@code /share/<name>}. */
    public Path writeShared(String name, String text) {
        try {
            Path p = share.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the share ({@code /share/<name>} in the guest), or "" when it does not exist. */
    public String readShared(String name) {
        return read(share.resolve(name));
    }

    /**
     * Starts mip6d with {@code config} (written to /share/mip6d.conf; a {@code DebugLogFile}
     * line to /share/mip6d.log is added unless given: mip6d's {@code -l} makes it abort on
     * SIGTERM) and waits until its console answers.
     */
    public void startMip6d(String config) {
        String c = config.contains("DebugLogFile") ? config : config + "\nDebugLogFile \"/share/mip6d.log\";\n";
        writeShared("mip6d.conf", c);
        run("mip6d -c /share/mip6d.conf > /share/mip6d.out 2>&1 &\necho $! > /tmp/mip6d.pid").requireOk();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            Result r = run("netstat -ltn | grep -q '127.0.0.1:7777' && kill -0 $(cat /tmp/mip6d.pid)");
            if (r.ok()) {
                return;
            }
            Result alive = run("kill -0 $(cat /tmp/mip6d.pid)");
            if (!alive.ok()) {
                throw new TestbedException("mip6d exited at start:\n" + readShared("mip6d.out") + "\n" + mip6dLog());
            }
            sleep(300);
        }
        throw new TestbedException("mip6d's console did not open within 30 s:\n" + mip6dLog());
    }

    /** Whether mip6d still runs. */
    public boolean mip6dRunning() {
        return run("kill -0 $(cat /tmp/mip6d.pid 2>/dev/null) 2>/dev/null").ok();
    }

    /** Stops mip6d with SIGTERM (its clean exit: bindings de-registered or flushed), at most 10 s. */
    public void stopMip6d() {
        run("p=$(cat /tmp/mip6d.pid 2>/dev/null) || exit 0; kill -TERM $p 2>/dev/null || exit 0; "
                + "i=0; while kill -0 $p 2>/dev/null && [ $i -lt 100 ]; do usleep 100000; i=$((i+1)); done; "
                + "kill -0 $p 2>/dev/null && kill -KILL $p; exit 0", Duration.ofSeconds(15)).requireOk();
    }

    /**
     * One command on mip6d's console (the {@code --enable-vt} console on 127.0.0.1:7777), e.g.
     * {@code bc} (binding cache) or {@code bul} (Binding Update List); the answer without the
     * prompts.
     */
    public String console(String command) {
        if (!command.matches("[a-z ]+")) {
            throw new IllegalArgumentException("console command: " + command);
        }
        Result r = run("(echo '" + command + "'; sleep 1; echo quit) | nc 127.0.0.1 7777").requireOk();
        return r.output().replace("mip6d> ", "").strip();
    }

    /** mip6d's DebugLogFile so far. */
    public String mip6dLog() {
        return readShared("mip6d.log");
    }

    /** The link the guest is plugged into. */
    public String link() {
        return link;
    }

    public String mac() {
        return mac;
    }

    /** The share on the host (logs, config, command outputs). */
    public Path share() {
        return share;
    }

    /**
     * Moves the guest's NIC to {@code target} at layer 2, as {@code testbed.sh move} moves the
     * mobile node: carrier down on the old link, the port re-plugged into the new link's bridge.
     */
    public synchronized void move(String target) {
        checkOpen();
        if (!LINKS.contains(target)) {
            throw new IllegalArgumentException("no link " + target);
        }
        if (target.equals(link)) {
            return;
        }
        String from = tb.namespace("sw-" + link);
        ip("-n", from, "link", "set", "dev", PORT, "nomaster");
        ip("-n", from, "link", "set", "dev", PORT, "down");
        link = null;
        plug(from, target);
    }

    /** Moves the port from namespace {@code from} into the link's switch and plugs it into the bridge. */
    private void plug(String from, String target) {
        String to = tb.namespace("sw-" + target);
        ip("-n", from, "link", "set", "dev", PORT, "netns", to);
        ip("-n", to, "link", "set", "dev", PORT, "master", "br0");
        ip("-n", to, "link", "set", "dev", PORT, "up");
        link = target;
    }

    /**
     * Powers the guest off (mip6d gets SIGTERM first), kills qemu when it has not stopped within
     * 15 s, deletes the namespace and the port; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (qemu.isAlive()) {
                try {
                    Path tmp = share.resolve("cmd/.poweroff");
                    Files.writeString(tmp, "p=$(cat /tmp/mip6d.pid 2>/dev/null) && kill -TERM $p && sleep 1\n"
                            + "sync; poweroff -f\n");
                    Files.move(tmp, share.resolve("cmd/9999.sh"), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // qemu is killed below
                }
                if (!qemu.waitFor(15, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            qemu.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Commands.run(List.of("ip", "netns", "del", namespace), Duration.ofSeconds(10));
            if (link != null) {
                Commands.run(List.of("ip", "-n", tb.namespace("sw-" + link), "link", "del", PORT), Duration.ofSeconds(10));
            }
        }
    }

    /** Whether qemu still runs. */
    public boolean running() {
        return qemu.isAlive();
    }

    public long qemuPid() {
        return qemu.pid();
    }

    public String namespace() {
        return namespace;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the guest is closed");
        }
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Commands.run(cmd, Duration.ofSeconds(10)).requireOk();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted");
        }
    }
}
