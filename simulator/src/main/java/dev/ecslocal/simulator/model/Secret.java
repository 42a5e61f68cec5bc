package dev.ecslocal.simulator.model;

/** {@code secrets[]} and {@code logConfiguration.secretOptions[]}: a value fetched from SSM or Secrets Manager. */
public record Secret(String name, String valueFrom) {
}
