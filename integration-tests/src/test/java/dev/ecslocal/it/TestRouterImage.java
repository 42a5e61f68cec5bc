package dev.ecslocal.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@value #IMAGE}, a FireLens router that records what it receives (src/test/resources/test-router), from
 * this machine's busybox-static and socat with the shared libraries ldd names: no registry is needed.
 * scripts/setup.sh installs both packages.
 */
final class TestRouterImage {
    static final String IMAGE = "ecs-local-test/router:latest";
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+\\.so[.\\d]*)");

    private TestRouterImage() {
    }

    static synchronized String build(DockerClient docker, Path scratch) throws Exception {
        Path socat = Path.of("/usr/bin/socat");
        Path busybox = Path.of("/bin/busybox");
        for (Path tool : List.of(socat, busybox)) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is missing: the test router is built from it "
                        + "(./scripts/setup.sh installs socat and busybox-static)");
            }
        }
        Path context = Files.createDirectories(scratch.resolve("test-router"));
        Path rootfs = context.resolve("rootfs");
        copy(busybox, rootfs);
        copy(socat, rootfs);
        for (Path library : libraries(socat)) {
            copy(library, rootfs);
        }
        for (String name : List.of("Dockerfile", "router.sh")) {
            try (InputStream resource = Objects.requireNonNull(TestRouterImage.class.getResourceAsStream("/test-router/" + name),
                    name)) {
                Files.copy(resource, (name.equals("router.sh") ? rootfs : context).resolve(name));
            }
        }
        docker.buildImageCmd(context.toFile()).withTags(Set.of(IMAGE)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId(2, TimeUnit.MINUTES);
        return IMAGE;
    }

    /** The shared libraries a dynamic executable loads, the loader included, as ldd lists them. */
    private static List<Path> libraries(Path executable) throws IOException, InterruptedException {
        Process ldd = new ProcessBuilder("ldd", executable.toString()).redirectErrorStream(true).start();
        String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ldd.waitFor() != 0) {
            throw new IllegalStateException("ldd " + executable + " failed: " + output);
        }
        List<Path> libraries = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher matcher = LIBRARY.matcher(line);
            if (matcher.find()) {
                libraries.add(Path.of(matcher.group(1)));
            }
        }
        return libraries;
    }

    /** Copies the file (following links) to the same path under {@code root}. */
    private static void copy(Path file, Path root) throws IOException {
        Path target = root.resolve(file.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
        target.toFile().setExecutable(true, false);
    }
}
