package dev.ecslocal.simulator.platform;

/** A secret that cannot be given: ECS's words for the failure, and the local fix. */
public final class UnresolvedSecret extends Exception {
    private static final long serialVersionUID = 1L;
    private final String fix;

    public UnresolvedSecret(String ecsMessage, String fix) {
        super(ecsMessage);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }
}
