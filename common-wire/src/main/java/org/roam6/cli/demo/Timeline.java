package org.roam6.cli.demo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The demo's live timeline: one line per event, seconds since the demo began, a kind and a
 * description, e.g. {@code   12.614  BU          seq 4213 -> 2001:db8:1::11}. Events come from
 * several readers (the daemon's log, ping, the demo itself) a little out of order, so each is
 * held back {@link #HOLD_MS} ms and printed in time order. When some event will only be known
 * later (a result read at the end of a measurement), {@link #holdFrom} keeps everything from an
 * instant on back until {@link #release}, so that it still comes out in order.
 */
public final class Timeline implements AutoCloseable {

    /** How long an event waits for earlier ones from slower readers. */
    public static final long HOLD_MS = 200;

    private record Entry(long epochMillis, long order, String kind, String text) {
    }

    private final PrintWriter out;
    private final long startMillis;
    private final PriorityQueue<Entry> pending = new PriorityQueue<>((a, b) ->
            a.epochMillis != b.epochMillis ? Long.compare(a.epochMillis, b.epochMillis) : Long.compare(a.order, b.order));
    private final Thread printer;
    private long order;
    private long holdFrom = Long.MAX_VALUE;
    private volatile boolean closed;

    public Timeline(PrintWriter out, long startMillis) {
        this.out = out;
        this.startMillis = startMillis;
        this.printer = new Thread(this::printLoop, "demo-timeline");
        this.printer.setDaemon(true);
        this.printer.start();
    }

    /** The line as printed: elapsed seconds (3 decimals), the kind padded to 11, the text. */
    public static String format(long startMillis, long epochMillis, String kind, String text) {
        return String.format(Locale.ROOT, "%8.3f  %-11s %s", (epochMillis - startMillis) / 1000.0, kind, text);
    }

    /** Adds an event that happened at {@code epochMillis}. */
    public synchronized void event(long epochMillis, String kind, String text) {
        pending.add(new Entry(epochMillis, order++, kind, text));
    }

    /** Adds an event that happens now. */
    public void now(String kind, String text) {
        event(System.currentTimeMillis(), kind, text);
    }

    /**
     * Holds back every event at or after {@code epochMillis} until {@link #release} (or a plain
     * line, or the end); events before it still come out as usual.
     */
    public synchronized void holdFrom(long epochMillis) {
        holdFrom = epochMillis;
    }

    /** Ends {@link #holdFrom}: what was held back comes out in time order. */
    public synchronized void release() {
        holdFrom = Long.MAX_VALUE;
    }

    /** Prints a plain line (a heading or a table) after every event before it (ending any hold). */
    public synchronized void plain(String line) {
        release();
        flush(Long.MAX_VALUE);
        out.println(line);
        out.flush();
    }

    /** Prints everything still held back. */
    public synchronized void flushAll() {
        flush(Long.MAX_VALUE);
    }

    public long startMillis() {
        return startMillis;
    }

    private synchronized void flush(long upTo) {
        long limit = upTo == Long.MAX_VALUE ? upTo : Math.min(upTo, holdFrom - 1);
        while (!pending.isEmpty() && pending.peek().epochMillis <= limit) {
            Entry e = pending.poll();
            out.println(format(startMillis, e.epochMillis, e.kind, e.text));
        }
        out.flush();
    }

    private void printLoop() {
        while (!closed) {
            flush(System.currentTimeMillis() - HOLD_MS);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        release();
        printer.interrupt();
        flushAll();
    }
}
