package org.roam6.cli.demo;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a roam6 daemon's log in roam6's pattern
 * {@code <ISO time> <LEVEL> [<thread>] <logger> - <message>} (see
 * {@code org.roam6.runtime.Logging}): when it was logged and the message. Anything else (a stack
 * trace, a line from the launcher) is not a log line.
 */
record LogLine(Instant at, String level, String thread, String logger, String message) {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+([A-Z]+)\\s+\\[(.*?)\\] (\\S+) - (.*)$");

    /** The line's parts, or empty when it is not a log line with a valid timestamp. */
    static Optional<LogLine> parse(String line) {
        Matcher m = LINE.matcher(line.stripTrailing());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LogLine(OffsetDateTime.parse(m.group(1)).toInstant(), m.group(2), m.group(3),
                    m.group(4), m.group(5)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A list as {@code List.toString()} prints it ({@code [a, b]}), e.g. the home agents of a log
     * message; null when {@code text} is not in that form.
     */
    static List<String> list(String text) {
        if (text.length() < 2 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            return null;
        }
        String inner = text.substring(1, text.length() - 1).strip();
        List<String> items = new ArrayList<>();
        if (inner.isEmpty()) {
            return items;
        }
        for (String s : inner.split(",")) {
            String item = s.strip();
            if (item.isEmpty()) {
                return null;
            }
            items.add(item);
        }
        return List.copyOf(items);
    }
}
