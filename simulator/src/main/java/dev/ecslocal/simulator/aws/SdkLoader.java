package dev.ecslocal.simulator.aws;

import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the AWS SDK when a run first needs it. A library user's build has it on the class path, as a dependency of
 * the simulator. The {@code ecs-local} command does not: its jar leaves the SDK and {@link SdkAwsAccount} out (they
 * would double the entries every command opens), and they are in {@value #SIDE_JAR} beside it, loaded here by a class
 * loader of their own whose parent is ecs-local's.
 */
final class SdkLoader {
    static final String ADAPTER = "dev.ecslocal.simulator.aws.SdkAwsAccount";
    static final String SIDE_JAR = "ecs-local-aws.jar";

    private static Class<?> adapter;

    private SdkLoader() {
    }

    static AwsAccount connect() {
        try {
            return (AwsAccount) adapter().getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | MissingSdk e) {
            return new UnavailableAccount(e instanceof MissingSdk missing ? missing.getMessage()
                    : "ecs-local's AWS support cannot be loaded (" + e + "): rebuild ecs-local (./ecs-local rebuilds a stale jar)");
        }
    }

    private static synchronized Class<?> adapter() throws MissingSdk, ClassNotFoundException {
        if (adapter != null) {
            return adapter;
        }
        ClassLoader own = SdkLoader.class.getClassLoader();
        try {
            adapter = Class.forName(ADAPTER, true, own);
        } catch (ClassNotFoundException | NoClassDefFoundError notOnTheClassPath) {
            Path sideJar = sideJar();
            try {
                @SuppressWarnings("resource") // lives as long as the process: the SDK's classes stay in use
                URLClassLoader loader = new URLClassLoader(new URL[] {sideJar.toUri().toURL()}, own);
                adapter = Class.forName(ADAPTER, true, loader);
            } catch (MalformedURLException e) {
                throw new MissingSdk("ecs-local's AWS support cannot be loaded from " + sideJar + ": " + e.getMessage());
            }
        }
        return adapter;
    }

    /** {@value #SIDE_JAR} in the directory of the jar this class came from. */
    private static Path sideJar() throws MissingSdk {
        Path here;
        try {
            here = Path.of(SdkLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new MissingSdk("ecs-local's AWS support (the AWS SDK) is not on the class path, and where ecs-local's own jar "
                    + "is cannot be told: add software.amazon.awssdk to the class path");
        }
        Path sideJar = here.resolveSibling(SIDE_JAR);
        if (!Files.isRegularFile(sideJar)) {
            throw new MissingSdk("ecs-local's AWS support is missing: " + sideJar + " is not beside " + here.getFileName()
                    + ". Rebuild ecs-local (`./ecs-local` rebuilds a stale build; or `mvn -pl cli -am package`), and keep the two "
                    + "jars together");
        }
        return sideJar;
    }

    private static final class MissingSdk extends Exception {
        private static final long serialVersionUID = 1L;

        MissingSdk(String message) {
            super(message);
        }
    }
}
