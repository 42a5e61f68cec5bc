package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.InvalidTaskDefinitionException;
import dev.ecslocal.simulator.api.RegisteredTaskDefinitions;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.api.TaskDefinitionReference;
import dev.ecslocal.simulator.api.TaskDefinitionUnavailableException;
import dev.ecslocal.simulator.parse.ReadOptions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the extension's task definition comes from: a file, or a definition registered in the user's AWS account.
 * Its {@code toString()} is how messages name it.
 */
sealed interface TaskSource {
    /**
     * The task definition, read and checked.
     *
     * @param options the run's: a registered definition is read through their AWS account, in their region
     * @throws ExtensionConfigurationException it cannot be read, or is invalid: nothing was started
     */
    TaskDefinitionFile read(RunOptions options);

    /** The options the run takes: a registered definition's ARN names the region it runs in, unless they say one. */
    default RunOptions runOptions(RunOptions options) {
        return options;
    }

    /** @param readOptions what the file cannot say itself (a template's parameters, an array's task level) */
    record File(Path path, ReadOptions readOptions) implements TaskSource {
        public File {
            Objects.requireNonNull(path, "file");
            Objects.requireNonNull(readOptions, "readOptions");
        }

        @Override
        public TaskDefinitionFile read(RunOptions options) {
            try {
                return EcsLocal.read(path, readOptions, false);
            } catch (IOException e) {
                throw new ExtensionConfigurationException("ecs-local: cannot read " + path + " ("
                        + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()) + "); a relative path starts from "
                        + Path.of("").toAbsolutePath(), e);
            } catch (InvalidTaskDefinitionException invalid) {
                throw invalid(invalid);
            }
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** Read with ecs:DescribeTaskDefinition through the run's AWS account ({@link RunOptions#withAwsAccount}). */
    record Registered(TaskDefinitionReference reference) implements TaskSource {
        public Registered {
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public TaskDefinitionFile read(RunOptions options) {
            try {
                return RegisteredTaskDefinitions.of(options.awsAccount()).read(reference, options.region(), false);
            } catch (TaskDefinitionUnavailableException e) {
                throw new ExtensionConfigurationException("ecs-local: " + e.getMessage() + "\n" + e.hint(), e);
            } catch (InvalidTaskDefinitionException invalid) {
                throw invalid(invalid);
            }
        }

        @Override
        public RunOptions runOptions(RunOptions options) {
            return options.region() == null && reference.region() != null ? options.withRegion(reference.region()) : options;
        }

        @Override
        public String toString() {
            return RegisteredTaskDefinitions.sourceName(reference);
        }
    }

    private static ExtensionConfigurationException invalid(InvalidTaskDefinitionException invalid) {
        return new ExtensionConfigurationException("ecs-local: " + invalid.getMessage() + "\nNothing was started.", invalid);
    }
}
