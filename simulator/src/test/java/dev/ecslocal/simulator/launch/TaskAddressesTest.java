package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may send records to FireLens: the task's own containers, by their address on Docker's bridge. */
class TaskAddressesTest {
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(new dev.ecslocal.simulator.engine.ManualScheduler());
    private final List<TaskView.ContainerView> containers = new ArrayList<>();
    private final AtomicReference<TaskView> view = new AtomicReference<>(view());
    private final AtomicLong clock = new AtomicLong();

    private TaskView view() {
        return new TaskView(TaskStatus.RUNNING, false, null, null, null, containers);
    }

    /** A container of the task, started on the bridge: the fake gives it 172.17.0.(2 + its rank). */
    private void taskContainer(String name) throws Exception {
        String id = start(name);
        containers.add(new TaskView.ContainerView(name, false, ContainerStatus.RUNNING, false, id, null, null,
                HealthStatus.UNKNOWN, null, null, 0));
        view.set(view());
    }

    private String start(String name) throws Exception {
        String id = runtime.createContainer(new ContainerSpec(name, "i:1", ContainerSpec.Process.command(List.of()), Map.of(),
                ContainerSpec.Network.mode("bridge"), List.of(), List.of(), ContainerSpec.Resources.NONE,
                ContainerSpec.Isolation.NONE, null, null));
        runtime.startContainer(id);
        return id;
    }

    private static InetAddress at(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    @Test
    void the_task_containers_are_admitted_and_another_container_on_the_bridge_is_refused() throws Exception {
        TaskAddresses gate = new TaskAddresses(view::get, runtime, false, clock::get);
        taskContainer("router");
        start("stranger");
        taskContainer("app");
        assertThat(gate.refuses(at("172.17.0.2"))).isNull();
        assertThat(gate.refuses(at("172.17.0.4"))).isNull();
        assertThat(gate.refuses(at("172.17.0.3"))).isEqualTo("it is not a container of this task (its containers are at "
                + "172.17.0.2, 172.17.0.4); only they may send records to FireLens");
        assertThat(gate.refuses(at("127.0.0.1"))).as("not host mode").isNotNull();
    }

    @Test
    void a_container_started_just_after_an_outsider_knocked_is_admitted_at_once() throws Exception {
        TaskAddresses gate = new TaskAddresses(view::get, runtime, false, clock::get);
        taskContainer("router");
        start("stranger");
        assertThat(gate.refuses(at("172.17.0.3"))).isNotNull();
        taskContainer("app"); // no time has passed: the interval does not hold back a new container
        assertThat(gate.refuses(at("172.17.0.4"))).isNull();
    }

    @Test
    void a_container_created_but_not_started_when_an_outsider_knocked_is_admitted_once_it_starts() throws Exception {
        TaskAddresses gate = new TaskAddresses(view::get, runtime, false, clock::get);
        taskContainer("router");
        String app = runtime.createContainer(new ContainerSpec("app", "i:1", ContainerSpec.Process.command(List.of()), Map.of(),
                ContainerSpec.Network.mode("bridge"), List.of(), List.of(), ContainerSpec.Resources.NONE,
                ContainerSpec.Isolation.NONE, null, null));
        containers.add(new TaskView.ContainerView("app", false, ContainerStatus.CREATED, false, app, null, null,
                HealthStatus.UNKNOWN, null, null, 0));
        view.set(view());
        start("stranger");
        assertThat(gate.refuses(at("172.17.0.4"))).as("the stranger; app has no address yet").isNotNull();
        runtime.startContainer(app);
        assertThat(gate.refuses(at("172.17.0.3"))).as("app, started since: no interval holds it back").isNull();
    }

    @Test
    void an_outsider_knocking_in_a_loop_costs_one_look_per_interval() throws Exception {
        TaskAddresses gate = new TaskAddresses(view::get, runtime, false, clock::get);
        taskContainer("router");
        start("stranger");
        for (int i = 0; i < 100; i++) {
            gate.refuses(at("172.17.0.3"));
        }
        assertThat(runtime.inspections()).as("the router, once").isEqualTo(1);
        clock.addAndGet(TaskAddresses.REFRESH_INTERVAL.toNanos());
        gate.refuses(at("172.17.0.3"));
        assertThat(runtime.inspections()).as("again after the interval").isEqualTo(2);
    }

    @Test
    void in_host_mode_the_task_is_this_machine() throws Exception {
        TaskAddresses gate = new TaskAddresses(view::get, runtime, true, clock::get);
        assertThat(gate.refuses(InetAddress.getLoopbackAddress())).isNull();
        assertThat(gate.refuses(at("172.17.0.9"))).isNotNull();
    }
}
