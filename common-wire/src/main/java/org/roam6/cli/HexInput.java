package org.roam6.cli;

/**
 * Reads one packet written as hexadecimal text: digits in either case, with any whitespace and
 * ':' between them ignored (so {@code "60 00 00 00"}, {@code "6000:0000"} and tcpdump-style
 * groups all work). A blank text or one whose first non-blank character is '#' holds no packet.
 */
final class HexInput {
    private HexInput() {}

    /** Text that is not a packet in hex: {@code column} is the 1-based character position at fault. */
    static final class NotHex extends Exception {
        private static final long serialVersionUID = 1L;
        final int column;

        NotHex(int column, String message) {
            super(message);
            this.column = column;
        }
    }

    /** Whether {@code text} is blank or a comment. */
    static boolean isEmptyOrComment(String text) {
        String t = text.strip();
        return t.isEmpty() || t.charAt(0) == '#';
    }

    /** The bytes {@code text} spells; call only when {@link #isEmptyOrComment} is false. */
    static byte[] parse(String text) throws NotHex {
        byte[] out = new byte[text.length() / 2];
        int n = 0;
        int high = -1;
        int highColumn = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || Character.isWhitespace(c)) {
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0 || c > 'f') {
                throw new NotHex(i + 1, "'" + printable(c) + "' is not a hex digit");
            }
            if (high < 0) {
                high = v;
                highColumn = i + 1;
            } else {
                out[n++] = (byte) ((high << 4) | v);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new NotHex(highColumn, "odd number of hex digits: the last digit has no partner");
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
