package org.roam6.runtime.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import org.roam6.runtime.config.PrefixedAddress;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * The JSON mapping of the admin protocol: addresses and prefixes as their text forms,
 * durations as seconds (a number, with a fraction only when needed), so handlers may return records of roam6 value types as they are.
 */
public final class AdminJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(module());

    private AdminJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static SimpleModule module() {
        SimpleModule m = new SimpleModule("roam6-admin");
        m.addSerializer(Ipv6Address.class, text());
        m.addSerializer(Ipv6Prefix.class, text());
        m.addSerializer(PrefixedAddress.class, text());
        m.addSerializer(Duration.class, new JsonSerializer<Duration>() {
            @Override
            public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                if (d.toMillis() % 1000 == 0) {
                    g.writeNumber(d.toSeconds());
                } else {
                    g.writeNumber(java.math.BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros());
                }
            }
        });
        return m;
    }

    private static <T> JsonSerializer<T> text() {
        return new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(value.toString());
            }
        };
    }
}
