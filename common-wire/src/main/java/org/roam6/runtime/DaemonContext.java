package org.roam6.runtime;

import java.nio.file.Path;
import org.roam6.runtime.admin.AdminServer;
import org.roam6.runtime.config.ConfigSection;
import org.roam6.runtime.metrics.Metrics;

/**
 * What {@link Daemon#compose} wires a daemon's parts from: its bound config, the shared
 * timers, metrics and admin socket, and the lifecycle to add its own parts to.
 */
public record DaemonContext(String daemon, Path configFile, ConfigSection config, Timers timers,
                            Metrics metrics, AdminServer admin, Lifecycle lifecycle) {
}
