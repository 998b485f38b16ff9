package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ConstantTimeTest {

    @Property
    void equalRangesCompareEqualAndAnyDifferenceIsFound(@ForAll @Size(min = 1, max = 40) byte[] a,
                                                        @ForAll @IntRange(min = 0, max = 1000) int where,
                                                        @ForAll @IntRange(min = 1, max = 255) int delta) {
        byte[] framed = new byte[a.length + 5];
        System.arraycopy(a, 0, framed, 3, a.length);
        assertTrue(ConstantTime.equals(a, 0, framed, 3, a.length));
        assertTrue(ConstantTime.equals(a, a.clone()));
        int i = where % a.length;
        framed[3 + i] += (byte) delta;
        assertFalse(ConstantTime.equals(a, 0, framed, 3, a.length));
    }

    @Test
    void arraysOfDifferentLengthAreNotEqual() {
        assertFalse(ConstantTime.equals(new byte[3], new byte[4]));
        assertTrue(ConstantTime.equals(new byte[0], 0, new byte[0], 0, 0));
    }

    /**
     * Every verification in the package compares through {@link ConstantTime}: no early-exit
     * comparison ({@code Arrays.equals}, {@code Arrays.mismatch}, {@code MessageDigest.isEqual}
     * being fine but unused) appears in its sources, and each {@code verify...} method ends in a
     * {@code ConstantTime.equals} call.
     */
    @Test
    void verificationsUseTheConstantTimeComparison() throws IOException {
        Path dir = Path.of("src/main/java/org/roam6/crypto");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "sources not at " + dir.toAbsolutePath());
        List<String> verifyMethods = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String src = Files.readString(f);
                for (String banned : new String[] {"Arrays.equals(", "Arrays.mismatch(", "Arrays.compare("}) {
                    assertFalse(src.contains(banned), f.getFileName() + " uses " + banned);
                }
                Matcher m = Pattern.compile("public static boolean (verify\\w*)\\(").matcher(src);
                while (m.find()) {
                    int bodyStart = src.indexOf('{', m.end());
                    int bodyEnd = src.indexOf("\n    }", bodyStart);
                    String body = src.substring(bodyStart, bodyEnd);
                    assertTrue(body.contains("ConstantTime.equals("),
                            f.getFileName() + "." + m.group(1) + " does not compare with ConstantTime");
                    verifyMethods.add(f.getFileName() + "." + m.group(1));
                }
            }
        }
        assertEquals(List.of("MnHaAuthentication.java.verify", "ReturnRoutability.java.verifyAuthenticator"),
                verifyMethods.stream().sorted().toList());
    }
}
