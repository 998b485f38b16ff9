package org.roam6.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.roam6.runtime.config.ArgSpec;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.config.ConfigValue;
import org.roam6.runtime.config.KeywordSpec;
import org.roam6.runtime.config.UmipKeywords;

/**
 * Keywords every roam6 daemon accepts, read by {@link Daemon} itself: where the admin socket
 * and the metrics endpoint are, and (from UMIP) DebugLevel and DebugLogFile.
 */
public final class RuntimeKeywords {

    private RuntimeKeywords() {
    }

    /** {@code AdminSocket "/run/roam6/had.sock";} */
    public static final KeywordSpec ADMIN_SOCKET = KeywordSpec.of("AdminSocket", ArgSpec.string("\"<path>\""))
            .doc("Unix socket of the admin channel (default /run/roam6/<daemon>.sock)");
    /** {@code MetricsPort 9466;} 0 turns the endpoint off. */
    public static final KeywordSpec METRICS_PORT = KeywordSpec.of("MetricsPort", ArgSpec.integer("<port>", 0, 65535))
            .doc("TCP port of the Prometheus endpoint; 0 turns it off");
    /** {@code MetricsAddress 127.0.0.1;} or {@code ::1}; literal addresses only. */
    public static final KeywordSpec METRICS_ADDRESS = KeywordSpec.of("MetricsAddress", literalAddress())
            .defaultValue(InetAddress.getLoopbackAddress())
            .doc("Address the Prometheus endpoint listens on (default 127.0.0.1)");

    /** An IPv4 or IPv6 literal, bound as {@link InetAddress}; never a name (no DNS at start-up). */
    public static ArgSpec literalAddress() {
        return ArgSpec.custom("<address>", Set.of(ArgSpec.Shape.WORD, ArgSpec.Shape.ADDRESS, ArgSpec.Shape.TEXT), v -> {
            String text = v instanceof ConfigValue.Word ? ((ConfigValue.Word) v).text()
                    : v instanceof ConfigValue.Text ? ((ConfigValue.Text) v).text()
                    : v instanceof ConfigValue.Address ? ((ConfigValue.Address) v).text() : "";
            if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new ArgSpec.Rejected(v.describe() + " is not an IP address");
            }
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new ArgSpec.Rejected(v.describe() + " is not an IP address");
            }
        });
    }

    /**
     * {@code schema} plus the runtime keywords it lacks; {@code metricsPort} is the daemon's
     * default port (had 9466, mnd 9467, mad 9468).
     */
    public static ConfigSchema addTo(ConfigSchema schema, int metricsPort) {
        ConfigSchema s = schema;
        for (KeywordSpec k : new KeywordSpec[] {ADMIN_SOCKET, METRICS_PORT.defaultValue(metricsPort), METRICS_ADDRESS,
                UmipKeywords.DEBUG_LEVEL, UmipKeywords.DEBUG_LOG_FILE}) {
            if (s.find(k.name()) == null) {
                s = s.with(k);
            }
        }
        return s;
    }
}
