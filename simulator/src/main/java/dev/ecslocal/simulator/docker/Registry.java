package dev.ecslocal.simulator.docker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry an image is pulled from, as Docker tells it from the image's name (distribution's
 * {@code reference.splitDockerDomain}): the part before the first {@code /} is a registry when it has a {@code .} or a
 * {@code :}, is {@code localhost}, or has upper case; otherwise the image is Docker Hub's ({@code docker.io}, which
 * {@code index.docker.io} also means). A tag or digest after the name changes nothing.
 *
 * @param host {@code docker.io}, {@code localhost:5000}, {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}
 */
public record Registry(String host) {
    /** Docker Hub, as image names say it. */
    public static final String DOCKER_HUB = "docker.io";
    /**
     * Docker Hub's key in config.json ({@code auths}, {@code credHelpers}) and the server address its credential helpers
     * are asked for: the Docker CLI still files Hub's credentials under the v1 index's URL.
     */
    public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final Pattern ECR = Pattern.compile("\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    /** The registry of {@code image} ({@code nginx:1.27}, {@code localhost:5000/app@sha256:…}). */
    public static Registry of(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return new Registry(DOCKER_HUB);
        }
        String first = image.substring(0, slash);
        boolean named = first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
        if (!named || first.equals("index.docker.io")) {
            return new Registry(DOCKER_HUB);
        }
        return new Registry(first);
    }

    public boolean dockerHub() {
        return host.equals(DOCKER_HUB);
    }

    /** The key Docker looks this registry up by in config.json, and gives its credential helpers on stdin. */
    public String configKey() {
        return dockerHub() ? DOCKER_HUB_KEY : host;
    }

    /** The AWS region of an Amazon ECR registry ({@code eu-west-1}); null for any other registry. */
    public String ecrRegion() {
        Matcher matcher = ECR.matcher(host);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** The command that stores working credentials for this registry where Docker (and so ecs-local) finds them. */
    public String loginCommand() {
        String region = ecrRegion();
        if (region != null) {
            return "aws ecr get-login-password --region " + region + " | docker login --username AWS --password-stdin " + host;
        }
        return dockerHub() ? "docker login" : "docker login " + host;
    }

    @Override
    public String toString() {
        return dockerHub() ? "Docker Hub (docker.io)" : host;
    }
}
