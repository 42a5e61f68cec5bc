package dev.ecslocal.simulator.parse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user says about a file beyond its content: which of its task definitions to take, the values of a
 * template's parameters, and, for a Terraform {@code container_definitions} array (whose task level lives in the
 * {@code .tf}), the task-level settings the {@code .tf} gives it.
 *
 * @param family                  the family to use; null: the file's (a Terraform array's: its file name)
 * @param resource                a CloudFormation logical id or a Terraform resource address; null: the only one
 * @param parameters              CloudFormation parameter values (and pseudo parameters such as {@code AWS::Region}), by name
 * @param region                  the region pseudo parameters and stand-in ARNs use when no parameter says; null:
 *                                AWS_REGION or AWS_DEFAULT_REGION, else us-east-1 (as a run's region)
 * @param networkMode             for an array: the {@code .tf}'s {@code network_mode}; null: absent
 * @param cpu                     for an array: the task's {@code cpu}
 * @param memory                  for an array: the task's {@code memory}
 * @param requiresCompatibilities for an array: {@code requires_compatibilities}
 * @param volumes                 for an array: its {@code volume} blocks, name to host path ("" for a task-scoped volume)
 */
public record ReadOptions(String family, String resource, Map<String, String> parameters, String region,
                          String networkMode, String cpu, String memory, List<String> requiresCompatibilities,
                          Map<String, String> volumes) {

    public static final ReadOptions DEFAULT = new ReadOptions(null, null, Map.of(), null, null, null, null, List.of(), Map.of());

    public ReadOptions {
        parameters = Map.copyOf(parameters);
        requiresCompatibilities = List.copyOf(requiresCompatibilities);
        volumes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
    }

    public static ReadOptions family(String family) {
        return DEFAULT.withFamily(family);
    }

    public ReadOptions withFamily(String newFamily) {
        return new ReadOptions(newFamily, resource, parameters, region, networkMode, cpu, memory, requiresCompatibilities, volumes);
    }

    public ReadOptions withResource(String newResource) {
        return new ReadOptions(family, newResource, parameters, region, networkMode, cpu, memory, requiresCompatibilities, volumes);
    }

    public ReadOptions withParameters(Map<String, String> newParameters) {
        return new ReadOptions(family, resource, newParameters, region, networkMode, cpu, memory, requiresCompatibilities, volumes);
    }

    public ReadOptions withRegion(String newRegion) {
        return new ReadOptions(family, resource, parameters, newRegion, networkMode, cpu, memory, requiresCompatibilities, volumes);
    }

    /** The task level of a Terraform array, as its {@code .tf} sets it. */
    public ReadOptions withTaskLevel(String newNetworkMode, String newCpu, String newMemory,
                                     List<String> newRequiresCompatibilities, Map<String, String> newVolumes) {
        return new ReadOptions(family, resource, parameters, region, newNetworkMode, newCpu, newMemory,
                newRequiresCompatibilities, newVolumes);
    }

    /** Whether any task-level setting for an array was given. */
    boolean setsTaskLevel() {
        return networkMode != null || cpu != null || memory != null || !requiresCompatibilities.isEmpty() || !volumes.isEmpty();
    }
}
