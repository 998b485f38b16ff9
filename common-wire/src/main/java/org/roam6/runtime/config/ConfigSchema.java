package org.roam6.runtime.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keywords one daemon accepts. A daemon builds its schema from shared definitions
 * ({@link UmipKeywords}, the runtime's own keywords) and its own, then {@link #load}s its file:
 *
 * <pre>
 * ConfigSchema schema = ConfigSchema.of("had",
 *         UmipKeywords.NODE_CONFIG.required(), UmipKeywords.INTERFACE, UmipKeywords.HA_MAX_BINDING_LIFE);
 * ConfigSection top = schema.load(Path.of("/etc/roam6/had.conf"));
 * int life = top.integer("HaMaxBindingLife");
 * </pre>
 */
public final class ConfigSchema {

    private final String daemon;
    private final Map<String, KeywordSpec> keywords;

    private ConfigSchema(String daemon, Map<String, KeywordSpec> keywords) {
        this.daemon = daemon;
        this.keywords = Collections.unmodifiableMap(keywords);
    }

    /** A schema named after the daemon ({@code had}); keyword names must be distinct. */
    public static ConfigSchema of(String daemon, Collection<KeywordSpec> specs) {
        Map<String, KeywordSpec> m = new LinkedHashMap<>();
        for (KeywordSpec s : specs) {
            if (m.put(s.name(), s) != null) {
                throw new IllegalArgumentException("keyword " + s.name() + " declared twice");
            }
        }
        return new ConfigSchema(daemon, m);
    }

    public static ConfigSchema of(String daemon, KeywordSpec... specs) {
        return of(daemon, List.of(specs));
    }

    /** This schema with more keywords. */
    public ConfigSchema with(KeywordSpec... more) {
        List<KeywordSpec> all = new ArrayList<>(keywords.values());
        all.addAll(List.of(more));
        return of(daemon, all);
    }

    public String daemon() {
        return daemon;
    }

    public Map<String, KeywordSpec> keywords() {
        return keywords;
    }

    public KeywordSpec find(String keyword) {
        return keywords.get(keyword);
    }

    /** Parses and binds a file. */
    public ConfigSection load(Path file) throws ConfigException {
        return ConfigBinder.bind(this, ConfigParser.parseFile(file), file.toString());
    }

    /** Parses and binds text that came from {@code fileName}. */
    public ConfigSection load(String fileName, String text) throws ConfigException {
        return ConfigBinder.bind(this, ConfigParser.parse(fileName, text), fileName);
    }

    /** Binds statements already parsed from {@code fileName}. */
    public ConfigSection bind(List<Statement> statements, String fileName) throws ConfigException {
        return ConfigBinder.bind(this, statements, fileName);
    }

    /** One line per keyword: usage, where it goes, default and doc (for {@code --help}). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (KeywordSpec k : keywords.values()) {
            sb.append(k.usage()).append(';');
            if (!k.contexts().contains(KeywordSpec.TOP)) {
                sb.append("   (in ").append(k.where()).append(')');
            }
            if (k.defaultValue() != null) {
                sb.append("   default ").append(k.defaultValue());
            }
            if (!k.doc().isEmpty()) {
                sb.append("   # ").append(k.doc());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
