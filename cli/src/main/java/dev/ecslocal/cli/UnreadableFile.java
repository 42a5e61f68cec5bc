package dev.ecslocal.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file that cannot be read, said in one line that names it: {@code cannot read x.json: no such file}. */
final class UnreadableFile extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableFile(Path file, IOException cause) {
        this(file.toString(), file, cause);
    }

    /** @param file null when {@code name} is not a file ({@code <stdin>}) */
    UnreadableFile(String name, Path file, IOException cause) {
        super("cannot read " + name + ": " + reason(file, cause), cause);
    }

    private static String reason(Path file, IOException cause) {
        if (cause instanceof NoSuchFileException) {
            return "no such file";
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (file != null && Files.isDirectory(file)) {
            return "it is a directory; give the task definition's file";
        }
        return cause.getMessage() == null ? "the system gave no reason" : cause.getMessage();
    }
}
