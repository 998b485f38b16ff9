package org.roam6.runtime.config;

/**
 * Where a token of a config file starts: the file name as given to the parser, the line (from 1)
 * and the column (from 1, one column per character; a tab counts as one).
 */
public record SourcePosition(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
