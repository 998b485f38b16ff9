package org.roam6.cli.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finding programs the demo runs, on PATH and in the sbin directories root's PATH has. */
public final class Tools {

    /** The search path: the process's PATH plus /usr/sbin and /sbin. */
    public static String searchPath(Map<String, String> env) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                dirs.add(d);
            }
        }
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        return String.join(File.pathSeparator, dirs);
    }

    private Tools() {
    }

    /** The program's path, if it is on the search path. */
    public static Optional<Path> find(String name, String searchPath) {
        for (String d : searchPath.split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
