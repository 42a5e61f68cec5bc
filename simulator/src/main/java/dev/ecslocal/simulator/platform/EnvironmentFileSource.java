package dev.ecslocal.simulator.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the local copies of a task's {@code environmentFiles} are: S3 object ARNs mapped to files
 * ({@code run --env-file-map ARN=PATH}), else a directory holding them by bucket and key or by key alone
 * ({@code run --env-files DIR}: {@code arn:aws:s3:::bucket/conf/app.env} is {@code DIR/bucket/conf/app.env} or
 * {@code DIR/conf/app.env}).
 */
public record EnvironmentFileSource(Map<String, Path> files, Path directory) {
    public static final EnvironmentFileSource NONE = new EnvironmentFileSource(Map.of(), null);

    public EnvironmentFileSource {
        files = Map.copyOf(files);
    }

    /** The places looked at for an object, in order: what a failure tells the user. */
    public List<Path> candidates(String s3Arn) {
        List<Path> candidates = new ArrayList<>();
        if (files.containsKey(s3Arn)) {
            candidates.add(files.get(s3Arn));
        }
        int arnPrefix = s3Arn.indexOf(":::");
        if (directory != null && s3Arn.startsWith("arn:") && arnPrefix > 0) {
            String bucketAndKey = s3Arn.substring(arnPrefix + 3);
            candidates.add(directory.resolve(bucketAndKey));
            int slash = bucketAndKey.indexOf('/');
            if (slash > 0) {
                candidates.add(directory.resolve(bucketAndKey.substring(slash + 1)));
            }
        }
        return candidates;
    }

    /** The first candidate that is a readable file. */
    public Optional<Path> find(String s3Arn) {
        return candidates(s3Arn).stream().filter(path -> Files.isRegularFile(path) && Files.isReadable(path)).findFirst();
    }
}
