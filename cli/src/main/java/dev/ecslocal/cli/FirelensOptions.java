package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.FirelensMode;
import dev.ecslocal.simulator.api.FirelensOutputs;
import dev.ecslocal.simulator.api.RunOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Who does the FireLens router's work in a run, and where its outputs go (ECS-SEMANTICS §7). */
final class FirelensOptions {

    @Option(names = "--firelens", paramLabel = "MODE", defaultValue = "auto",
            description = "Who does the FireLens log router's work: container (the router's own image, with the configuration "
                    + "ECS would generate, put where ECS mounts it), embedded (ecs-local's in-process stand-in; the router's "
                    + "place in the start and stop order is kept), auto (default: container when its image is on this machine "
                    + "and the daemon has Docker's fluentd log driver, else embedded). The run says which, and why.")
    FirelensMode firelensMode;

    @Option(names = "--firelens-outputs", paramLabel = "WHERE", defaultValue = "local",
            description = "With the router container: local (default) replaces every output that would send records off this "
                    + "machine (cloudwatch, firehose, datadog, …) by one that shows them here as `app → datadog | {record}`; "
                    + "real keeps the task definition's outputs (they need the network and credentials).")
    FirelensOutputs firelensOutputs;

    @Option(names = "--firelens-s3-file", paramLabel = "ARN=PATH",
            description = "A local copy of the router's config-file-type s3 object: arn:aws:s3:::bucket/key=./extra.conf. Without "
                    + "it such a task fails to start, as ECS's does when the download fails.")
    Map<String, Path> firelensS3Files = new LinkedHashMap<>();

    /** The one place the router's S3 object can be fetched from. */
    enum FromAccount { AWS }

    @Option(names = "--firelens-s3", paramLabel = "aws",
            description = "aws: fetch the router's config-file-type s3 object from S3 with your AWS credentials (s3:GetObject), "
                    + "as ECS does with the execution role; a --firelens-s3-file copy wins.")
    FromAccount firelensS3;

    RunOptions apply(RunOptions run) {
        RunOptions applied = run.withFirelens(firelensMode).withFirelensOutputs(firelensOutputs);
        if (firelensS3 == FromAccount.AWS) {
            applied = applied.withFromAccount(dev.ecslocal.simulator.api.AccountInput.FIRELENS_CONFIG);
        }
        for (Map.Entry<String, Path> copy : firelensS3Files.entrySet()) {
            applied = applied.withFirelensS3File(copy.getKey(), copy.getValue());
        }
        return applied;
    }
}
