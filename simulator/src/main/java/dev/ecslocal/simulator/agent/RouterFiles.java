package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.engine.HostResource;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.aws.AccountObjects;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.firelens.FirelensConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The FireLens router's files, as the agent's FirelensResource makes them (ECS-SEMANTICS §7.2): the generated
 * configuration in {@code config/fluent.conf}, and for {@code config-file-type s3} the custom file in
 * {@code config/external.conf}. There is no S3 here: the user names a local copy of the object, and without one the
 * task fails to start as ECS's does when the download fails. The router container gets them through the Docker API
 * ({@link #containerFiles()}), so a daemon in a VM or on another host has them too; its socket is in a volume.
 *
 * <p>The directory is the task's own ({@code ecs-local-firelens-<task id>} under the temporary directory), made
 * readable by this user only.
 */
public final class RouterFiles implements HostResource {
    /** Linux's limit on a Unix socket's path (sun_path is 108 bytes, one for the terminating NUL). */
    public static final int MAX_SOCKET_PATH = 107;
    private static final Pattern S3_OBJECT_ARN = Pattern.compile("arn:aws[a-z-]*:s3:::([^/]+)/(.+)");

    private final Path directory;
    private final FirelensConfig config;
    private final String s3Arn;
    private final Path s3Copy;
    private final AccountObjects account;

    /**
     * @param directory where the files go; must not exist yet
     * @param s3Arn     config-file-value when config-file-type is s3; else null
     * @param s3Copy    the user's local copy of that object; null when none was given
     * @param account   where the object is fetched from without a local copy; null: the run was not asked to
     */
    public RouterFiles(Path directory, FirelensConfig config, String s3Arn, Path s3Copy, AccountObjects account) {
        this.directory = directory.toAbsolutePath();
        this.config = config;
        this.s3Arn = s3Arn;
        this.s3Copy = s3Copy;
        this.account = account;
    }

    /** With a local copy only. */
    public RouterFiles(Path directory, FirelensConfig config, String s3Arn, Path s3Copy) {
        this(directory, config, s3Arn, s3Copy, null);
    }

    public static Path directoryFor(String taskId) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ecs-local-firelens-" + taskId);
    }

    public Path directory() {
        return directory;
    }

    public FirelensConfig config() {
        return config;
    }

    private Path configFile() {
        return directory.resolve("config").resolve("fluent.conf");
    }

    private Path externalFile() {
        return directory.resolve("config").resolve("external.conf");
    }

    /** The files ECS mounts into the router, by their path there (after {@link #create()}). */
    public Map<String, byte[]> containerFiles() {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        try {
            files.put(config.configPath(), Files.readAllBytes(configFile()));
            if (s3Arn != null) {
                files.put(config.type().externalConfigPath(), Files.readAllBytes(externalFile()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the FireLens router's files in " + directory + " cannot be read", e);
        }
        return files;
    }

    /** The agent's order: the directories, the S3 file, then the configuration (firelens_unix.go's Create). */
    @Override
    public void create() throws RuntimeFailure {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(configFile().getParent());
        } catch (IOException | UnsupportedOperationException e) {
            throw failure("unable to initialize resource directory " + directory + ": " + e.getMessage());
        }
        if (s3Arn != null) {
            copyS3Object();
        }
        try {
            Files.writeString(configFile(), config.text(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(configFile(), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw failure("unable to generate firelens config file: " + e.getMessage());
        }
    }

    private void copyS3Object() throws RuntimeFailure {
        String prefix = "unable to download firelens s3 config file: ";
        Matcher arn = S3_OBJECT_ARN.matcher(s3Arn);
        if (!arn.matches()) {
            throw failure(prefix + "unable to parse bucket and key from s3 arn: " + s3Arn);
        }
        if (s3Copy == null && account != null) {
            try {
                Files.write(externalFile(), account.get(s3Arn));
                Files.setPosixFilePermissions(externalFile(), PosixFilePermissions.fromString("rw-r--r--"));
                return;
            } catch (AwsCallFailure e) {
                throw failure(prefix + "unable to download s3 config " + arn.group(2) + " from bucket " + arn.group(1) + ": "
                        + e.getMessage() + " (ecs-local: " + AccountObjects.fix(e, s3Arn, "--firelens-s3-file " + s3Arn + "=PATH") + ")");
            } catch (IOException e) {
                throw failure(prefix + "unable to write " + externalFile() + ": " + e.getMessage());
            }
        }
        if (s3Copy == null) {
            throw failure(prefix + "ecs-local was given no local copy of " + s3Arn + " (--firelens-s3-file " + s3Arn
                    + "=PATH) and not asked to fetch it (--firelens-s3 aws)");
        }
        try {
            Files.copy(s3Copy, externalFile(), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(externalFile(), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            throw failure(prefix + "unable to download s3 config " + arn.group(2) + " from bucket " + arn.group(1)
                    + ": its local copy " + s3Copy + " cannot be read (" + why + ")");
        }
    }

    private static RuntimeFailure failure(String message) {
        return new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, message);
    }

    /** Everything under the directory, the router's socket included. */
    @Override
    public void remove(Consumer<String> progress) {
        removeDirectory(directory, progress);
    }

    /** Also for `down`, when the run that made the directory was killed before it could remove it. */
    public static void removeDirectory(Path directory, Consumer<String> progress) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            progress.accept("could not remove the FireLens router's files in " + directory + ": " + e.getMessage());
        }
    }
}
