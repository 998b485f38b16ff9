package org.roam6.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.roam6.runtime.admin.AdminServer;
import org.roam6.runtime.config.ConfigException;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.config.ConfigSection;
import org.roam6.runtime.metrics.Metrics;
import org.roam6.runtime.metrics.MetricsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The life of a roam6 daemon: command line, config, logging, parts started in order and stopped
 * in reverse on SIGTERM or SIGINT. A daemon supplies its schema and wires its parts:
 *
 * <pre>
 * public final class HomeAgentDaemon extends Daemon {
 *     HomeAgentDaemon() { super("had", 9466); }
 *     protected ConfigSchema schema() { return ConfigSchema.of("had", UmipKeywords.NODE_CONFIG.required(), ...); }
 *     protected void compose(DaemonContext ctx) throws Exception {
 *         BindingCache cache = ...;
 *         ctx.admin().registerShow("bindings", cache::snapshot);
 *         ctx.lifecycle().add("mobility socket", socket::open, socket::close);
 *     }
 *     public static void main(String[] args) { System.exit(new HomeAgentDaemon().run(args)); }
 * }
 * </pre>
 *
 * <p>Start order: timers, metrics endpoint, the daemon's parts in the order {@code compose}
 * added them, and the admin socket last (it answers only once the daemon is up). Stop order is
 * the reverse, within {@link #stopBudget()}.
 *
 * <p>Exit codes: {@link #EXIT_OK} 0 after a clean stop (or a good {@code --check}),
 * {@link #EXIT_FAILURE} 1 when a part fails to start (or {@code --check} finds the config bad),
 * {@link #EXIT_USAGE} 2 for a bad command line, {@link #EXIT_CONFIG} 78 (sysexits EX_CONFIG)
 * when the config stops start-up. Stopped by a signal, the JVM itself exits with 128+signal
 * (143 for SIGTERM) after the shutdown hook has stopped the parts; systemd units say
 * {@code SuccessExitStatus=143}.
 */
public abstract class Daemon {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONFIG = 78;

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final String name;
    private final int metricsPort;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean up;

    /** @param name the short name ({@code had}); @param metricsPort its default metrics port */
    protected Daemon(String name, int metricsPort) {
        this.name = name;
        this.metricsPort = metricsPort;
    }

    /** The daemon's own keywords; the runtime adds {@link RuntimeKeywords} it lacks. */
    protected abstract ConfigSchema schema();

    /**
     * Builds the daemon's parts from the config and adds them to {@code ctx.lifecycle()}. May
     * throw {@link ConfigException} for a fault only visible when the values meet (exit 78).
     */
    protected abstract void compose(DaemonContext ctx) throws Exception;

    /**
     * Checks what the schema alone cannot (values that must meet, required groups) when the
     * config is read, so {@code --check} finds it too; throws {@link ConfigException}. Default: nothing.
     */
    protected void validate(ConfigSection config) throws ConfigException {
    }

    /** How long stopping may take in all; default 10 s. */
    protected Duration stopBudget() {
        return Duration.ofSeconds(10);
    }

    public final String name() {
        return name;
    }

    /** Asks a running {@link #run} to stop its parts and return. */
    public final void requestStop() {
        stopRequested.countDown();
    }

    /** Waits until every part has started; false on time-out (or when start-up failed). */
    public final boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && up;
    }

    @Command(mixinStandardHelpOptions = true, version = "roam6 0.1.0",
            description = "A roam6 Mobile IPv6 daemon; runs in the foreground until SIGTERM or SIGINT.")
    static final class Options {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Config file (default /etc/roam6/<daemon>.conf)")
        Path config;

        @Option(names = "--check", description = "Only read and check the config, then exit 0 (good) or 1 (bad)")
        boolean check;

        @Option(names = "--foreground", description = "Run in the foreground (always the case; for UMIP's -n habit)")
        boolean foreground = true;

        @Option(names = "--log-level", paramLabel = "LEVEL",
                description = "ERROR, WARN, INFO, DEBUG or TRACE; overrides DebugLevel")
        String logLevel;

        @Option(names = "--help-config", description = "List the config keywords and exit")
        boolean helpConfig;
    }

    /** Runs with the process's stdout and stderr; returns the exit code. */
    public final int run(String... args) {
        return run(System.out, System.err, args);
    }

    /** Runs until stopped; returns the exit code. Messages for the admin go to {@code out} and {@code err}. */
    public final int run(PrintStream out, PrintStream err, String... args) {
        try {
            return runInner(out, err, args);
        } finally {
            up = false;
            running.countDown();
            finished.countDown();
        }
    }

    private int runInner(PrintStream out, PrintStream err, String... args) {
        Options o = new Options();
        CommandLine cl = new CommandLine(o).setCommandName("roam6-" + name);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("roam6-" + name + ": " + e.getMessage());
            cl.usage(err);
            return EXIT_USAGE;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return EXIT_OK;
        }
        if (cl.isVersionHelpRequested()) {
            cl.printVersionHelp(out);
            return EXIT_OK;
        }
        if (o.logLevel != null && !Logging.isLevel(o.logLevel)) {
            err.println("roam6-" + name + ": --log-level " + o.logLevel + " is not ERROR, WARN, INFO, DEBUG or TRACE");
            return EXIT_USAGE;
        }
        ConfigSchema schema = RuntimeKeywords.addTo(schema(), metricsPort);
        if (o.helpConfig) {
            out.print(schema.describe());
            return EXIT_OK;
        }
        Path file = o.config != null ? o.config : Path.of("/etc/roam6", name + ".conf");
        ConfigSection config;
        try {
            config = schema.load(file);
            validate(config);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return o.check ? EXIT_FAILURE : EXIT_CONFIG;
        }
        if (o.check) {
            out.println(file + ": good");
            return EXIT_OK;
        }
        Logging.configure(o.logLevel != null ? o.logLevel : Logging.levelFor(config.integer("DebugLevel")),
                config.optional("DebugLogFile", String.class).map(Path::of).orElse(null));
        return serve(file, config);
    }

    private int serve(Path file, ConfigSection config) {
        Timers timers = new Timers(name + "-timers", MonotonicClock.SYSTEM);
        Metrics metrics = new Metrics("roam6_" + name);
        AdminServer admin = new AdminServer(config.optional("AdminSocket", String.class).map(Path::of)
                .orElse(AdminServer.defaultPath(name)));
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.add("timers", timers::start, timers::close);
        int port = config.integer("MetricsPort");
        if (port != 0) {
            MetricsServer[] server = new MetricsServer[1];
            java.net.InetAddress at = config.get("MetricsAddress", java.net.InetAddress.class);
            lifecycle.add("metrics endpoint", () -> {
                server[0] = metrics.serve(at, port);
                LOG.info("metrics on http://{}:{}/metrics", at.getHostAddress(), server[0].port());
            }, () -> server[0].close());
        }
        Instant since = Instant.now();
        admin.registerCommand("status", "daemon name, uptime and parts", req -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("daemon", "roam6-" + name);
            s.put("config", file.toString());
            s.put("uptime", Duration.between(since, Instant.now()).toSeconds());
            s.put("parts", lifecycle.names());
            s.put("timers", timers.pending());
            return s;
        });
        try {
            compose(new DaemonContext(name, file, config, timers, metrics, admin, lifecycle));
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            LOG.error("roam6-{} cannot be put together: {}", name, e.toString(), e);
            return EXIT_FAILURE;
        }
        lifecycle.add("admin socket", admin::start, admin::close);

        Thread hook = new Thread(() -> {
            requestStop();
            try {
                finished.await(stopBudget().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "roam6-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                lifecycle.start(stopBudget());
            } catch (Exception e) {
                LOG.error("roam6-{} did not start: {}", name, e.getMessage());
                return EXIT_FAILURE;
            }
            LOG.info("roam6-{} running ({})", name, String.join(", ", lifecycle.names()));
            up = true;
            running.countDown();
            stopRequested.await();
            up = false;
            LOG.info("roam6-{} stopping", name);
            boolean clean = lifecycle.stop(stopBudget());
            LOG.info("roam6-{} stopped{}", name, clean ? "" : " (some parts did not stop in time)");
            return clean ? EXIT_OK : EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lifecycle.stop(stopBudget());
            return EXIT_FAILURE;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is stopping us
            }
        }
    }
}
