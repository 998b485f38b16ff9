package org.roam6.it.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Whether this machine can run network-namespace scenarios: root, and the tools the testbed
 * uses. Without them a scenario is skipped with the reason, except when the environment variable
 * {@code CI} is {@code "true"}: CI installs the tools, so there a missing tool is a failure.
 */
public final class TestbedRequirements implements ExecutionCondition {
    /** Tools every scenario needs (Debian: iproute2, radvd, tcpdump, iputils-ping, procps). */
    public static final List<String> TOOLS = List.of("ip", "radvd", "tcpdump", "ping", "sysctl");

    /** Why scenarios cannot run here, or empty when they can. */
    public static Optional<String> missing() {
        List<String> problems = new ArrayList<>();
        if (!isRoot()) {
            problems.add("not running as root (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN)");
        }
        List<String> tools = new ArrayList<>();
        for (String t : TOOLS) {
            if (!Commands.onPath(t)) {
                tools.add(t);
            }
        }
        if (!tools.isEmpty()) {
            problems.add("missing tools: " + String.join(", ", tools));
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * For a tool only some tests need (tshark): skips the test when it is absent, fails it under CI.
     */
    public static void requireTool(String tool) {
        if (!Commands.onPath(tool)) {
            String reason = tool + " is not installed";
            if (inCi()) {
                throw new IllegalStateException(reason + " (CI=true, the CI image must provide it)");
            }
            Assumptions.abort(reason);
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> problem = missing();
        if (problem.isEmpty()) {
            return ConditionEvaluationResult.enabled("root and testbed tools present");
        }
        if (inCi()) {
            // reported as a failure of the container: CI promised these
            throw new IllegalStateException("testbed scenarios cannot run under CI=true: " + problem.get());
        }
        return ConditionEvaluationResult.disabled("testbed scenarios skipped: " + problem.get());
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.split("\\s+");
                    return f.length > 2 && "0".equals(f[2]); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
