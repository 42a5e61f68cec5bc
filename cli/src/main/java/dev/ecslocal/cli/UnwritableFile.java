package dev.ecslocal.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file ecs-local was asked to write and cannot, said in one line that names the option and the file:
 * {@code cannot write --events /x/ev.jsonl: no such directory /x}. Checked before a run starts, so that a typo in
 * a path never costs a run, nor leaves it without the file that was asked for.
 */
final class UnwritableFile extends IOException {
    private static final long serialVersionUID = 1L;

    private UnwritableFile(String option, Path file, String reason, Throwable cause) {
        super("cannot write " + option + " " + file + ": " + reason, cause);
    }

    /** Throws when {@code file} cannot be written: its directory is missing or not writable, or it is a directory. */
    static void check(String option, Path file) throws UnwritableFile {
        if (file == null) {
            return;
        }
        Path directory = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new UnwritableFile(option, file, "it is a directory; give a file name", null);
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new UnwritableFile(option, file, "no such directory " + directory, null);
        }
        if (!Files.isWritable(directory) || Files.exists(file) && !Files.isWritable(file)) {
            throw new UnwritableFile(option, file, "permission denied", null);
        }
    }

    /** The same, for a failure found while writing. */
    static UnwritableFile of(String option, Path file, IOException cause) {
        String reason = cause instanceof NoSuchFileException ? "no such directory"
                : cause instanceof AccessDeniedException ? "permission denied"
                : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new UnwritableFile(option, file, reason, cause);
    }
}
