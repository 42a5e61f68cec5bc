package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A host where tasks start as {@link FakeRunningTask}s, each with its prepared run's identity; it remembers them. */
final class FakeTaskHost implements TaskHost {
    private final Function<RunIdentity, FakeRunningTask> tasks;
    private final List<FakeRunningTask> started = Collections.synchronizedList(new ArrayList<>());

    FakeTaskHost(Function<RunIdentity, FakeRunningTask> tasks) {
        this.tasks = tasks;
    }

    /** Every task it started, in order. */
    List<FakeRunningTask> started() {
        return List.copyOf(started);
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public RunningTask start(PreparedRun run, TaskListener listener) {
        FakeRunningTask task = tasks.apply(run.identity());
        started.add(task);
        return task;
    }

    @Override
    public String toString() {
        return "a fake host (" + started.size() + " tasks started)";
    }
}
