package org.roam6.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roam6.runtime.config.ArgSpec;
import org.roam6.runtime.config.ConfigException;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.config.KeywordSpec;
import org.roam6.runtime.config.UmipKeywords;

/**
 * A daemon as had, mnd and mad are written: a schema, and parts wired in {@code compose}. It
 * records each start and stop so tests can check the order; {@code FailAt "part";} makes that
 * part's start fail. Its {@code main} is what the signal test runs in a child JVM.
 */
class ExampleDaemon extends Daemon {

    final List<String> events = new CopyOnWriteArrayList<>();

    ExampleDaemon() {
        super("exd", 0);
    }

    @Override
    protected ConfigSchema schema() {
        return ConfigSchema.of("exd", UmipKeywords.NODE_CONFIG.required(), UmipKeywords.HA_MAX_BINDING_LIFE,
                KeywordSpec.of("FailAt", ArgSpec.string("\"<part>\"")));
    }

    @Override
    protected void compose(DaemonContext ctx) throws Exception {
        String failAt = ctx.config().optional("FailAt", String.class).orElse("");
        if (failAt.equals("compose")) {
            throw new ConfigException(ctx.config().find("FailAt").orElseThrow().position(),
                    "FailAt \"compose\"", "a config the daemon can use");
        }
        for (String part : List.of("binding cache", "mobility socket", "tunnel")) {
            ctx.lifecycle().add(part, () -> {
                if (part.equals(failAt)) {
                    throw new IllegalStateException(part + " is broken");
                }
                event("start " + part);
            }, () -> event("stop " + part));
        }
        ctx.admin().registerShow("life", () -> ctx.config().integer("HaMaxBindingLife"));
    }

    void event(String e) {
        events.add(e);
        System.out.println("event: " + e);
    }

    public static void main(String[] args) {
        System.exit(new ExampleDaemon().run(args));
    }
}
