package org.roam6.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a daemon installed in the kernel and how to take each back. Entries are keyed (one per
 * route, address, sysctl ...): recording a key twice keeps the first undo, so a sysctl set twice
 * is restored to its value before the first change. {@link #undoAll()} runs newest first.
 * Thread-safe.
 */
public final class UndoJournal {
    private static final Logger LOG = LoggerFactory.getLogger(UndoJournal.class);

    /** Takes one installation back. */
    @FunctionalInterface
    public interface Undo {
        void run() throws NetException;
    }

    private final Map<String, Undo> entries = new LinkedHashMap<>();

    /** Records {@code undo} under {@code key} unless the key is already there; returns true if recorded. */
    public synchronized boolean record(String key, Undo undo) {
        if (entries.containsKey(key)) {
            return false;
        }
        entries.put(key, undo);
        return true;
    }

    public synchronized boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** Runs and forgets the undo for {@code key}; false when nothing was recorded under it. */
    public boolean undo(String key) throws NetException {
        Undo u;
        synchronized (this) {
            u = entries.remove(key);
        }
        if (u == null) {
            return false;
        }
        u.run();
        return true;
    }

    /** Forgets {@code key} without running its undo (the thing went away by itself). */
    public synchronized void forget(String key) {
        entries.remove(key);
    }

    /** The keys, oldest first. */
    public synchronized List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** Runs every undo, newest first, and empties the journal; returns the failures (also logged). */
    public List<NetException> undoAll() {
        List<Map.Entry<String, Undo>> all;
        synchronized (this) {
            all = new ArrayList<>(entries.entrySet());
            entries.clear();
        }
        List<NetException> failures = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).getValue().run();
            } catch (NetException | RuntimeException e) {
                NetException ne = e instanceof NetException n ? n
                        : new NetException("undo " + all.get(i).getKey(), "see the cause", e);
                LOG.warn("could not remove {}: {}", all.get(i).getKey(), ne.getMessage());
                failures.add(ne);
            }
        }
        return failures;
    }
}
