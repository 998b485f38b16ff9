package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UndoJournalTest {
    @Test
    void undoAllRunsNewestFirstAndEmptiesTheJournal() {
        UndoJournal j = new UndoJournal();
        List<String> ran = new ArrayList<>();
        j.record("a", () -> ran.add("a"));
        j.record("b", () -> ran.add("b"));
        j.record("c", () -> ran.add("c"));
        assertEquals(List.of(), j.undoAll());
        assertEquals(List.of("c", "b", "a"), ran);
        assertEquals(List.of(), j.keys());
    }

    @Test
    void recordingAKeyTwiceKeepsTheFirstUndo() {
        UndoJournal j = new UndoJournal();
        List<String> ran = new ArrayList<>();
        assertTrue(j.record("sysctl x", () -> ran.add("restore 0")));
        assertFalse(j.record("sysctl x", () -> ran.add("restore 1")));
        j.undoAll();
        assertEquals(List.of("restore 0"), ran);
    }

    @Test
    void aFailingUndoDoesNotStopTheOthers() {
        UndoJournal j = new UndoJournal();
        List<String> ran = new ArrayList<>();
        j.record("a", () -> ran.add("a"));
        j.record("b", () -> {
            throw new NetException("ip route del", 0, "nothing");
        });
        j.record("c", () -> ran.add("c"));
        List<NetException> failures = j.undoAll();
        assertEquals(1, failures.size());
        assertEquals(List.of("c", "a"), ran);
    }

    @Test
    void undoOneRunsItAndForgetsIt() throws NetException {
        UndoJournal j = new UndoJournal();
        List<String> ran = new ArrayList<>();
        j.record("a", () -> ran.add("a"));
        j.record("b", () -> ran.add("b"));
        assertTrue(j.undo("a"));
        assertFalse(j.undo("a"));
        assertEquals(List.of("b"), j.keys());
        assertEquals(List.of("a"), ran);
    }
}
