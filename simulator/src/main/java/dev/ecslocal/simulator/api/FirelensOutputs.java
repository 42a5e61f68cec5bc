package dev.ecslocal.simulator.api;

/** With the router container: where the outputs of its configuration send records. */
public enum FirelensOutputs {
    /** Every output that would leave this machine is replaced by one that brings the records back to the run. */
    LOCAL,
    /** The task definition's outputs as they are (they need the network and credentials). */
    REAL
}
