package org.roam6.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an administration command (ip, sysctl, nft) as an argument list, never through a shell,
 * with a time limit, optionally inside a named network namespace ({@code ip netns exec NS ...}).
 */
public final class CommandRunner {
    /** The result of a finished command: exit status and its output (stdout then stderr). */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final String namespace;
    private final long timeoutMillis;

    /** @param namespace network namespace to run in, or null for the current one */
    public CommandRunner(String namespace, long timeoutMillis) {
        this.namespace = namespace;
        this.timeoutMillis = timeoutMillis;
    }

    public String namespace() {
        return namespace;
    }

    /** Runs and returns the result whatever the exit status; throws when it cannot run at all. */
    public Result run(List<String> command, String stdin) throws NetException {
        List<String> argv = new ArrayList<>();
        if (namespace != null) {
            argv.addAll(List.of("ip", "netns", "exec", namespace));
        }
        argv.addAll(command);
        String shown = String.join(" ", argv);
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                    : ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new NetException(shown, "install " + packageOf(command.get(0))
                    + " (cannot run '" + command.get(0) + "': " + e.getMessage() + ")", e);
        }
        try {
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread eo = drain(p.getInputStream(), out);
            Thread ee = drain(p.getErrorStream(), err);
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.SECONDS);
                throw new NetException(shown, "it did not finish within " + timeoutMillis
                        + " ms; check that the system is not overloaded and the command does not wait for input", null);
            }
            eo.join(1000);
            ee.join(1000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8).trim(),
                    err.toString(StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new NetException(shown, "output of the command could not be read", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NetException(shown, "interrupted", e);
        }
    }

    /** Runs and throws a {@link NetException} naming the command and its error when it fails. */
    public String check(List<String> command, String stdin) throws NetException {
        Result r = run(command, stdin);
        if (!r.ok()) {
            throw failure(command, r);
        }
        return r.stdout();
    }

    public String check(String... command) throws NetException {
        return check(List.of(command), null);
    }

    NetException failure(List<String> command, Result r) {
        String shown = (namespace != null ? "ip netns exec " + namespace + " " : "") + String.join(" ", command);
        String err = r.stderr().isEmpty() ? r.stdout() : r.stderr();
        String firstLine = err.lines().findFirst().orElse("exit status " + r.exitCode());
        String fix;
        String lower = err.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("operation not permitted") || lower.contains("permission denied")) {
            fix = "run as root or with CAP_NET_ADMIN (setcap cap_net_raw,cap_net_admin+ep)";
        } else if (lower.contains("cannot find device") || lower.contains("no such device")) {
            fix = "the interface does not exist in this namespace (check ip link)";
        } else if (lower.contains("cannot open network namespace")) {
            fix = "no network namespace '" + namespace + "' (ip netns add " + namespace + ")";
        } else {
            fix = "fix what the command reports";
        }
        return new NetException(shown + ": " + firstLine, 0, fix);
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        }, "cmd-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String packageOf(String cmd) {
        return switch (cmd) {
            case "ip" -> "iproute2";
            case "nft" -> "nftables";
            case "sysctl" -> "procps";
            default -> "the package providing '" + cmd + "'";
        };
    }
}
