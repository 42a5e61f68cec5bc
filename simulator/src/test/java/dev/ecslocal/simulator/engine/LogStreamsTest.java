package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The end of a run and the last lines of its containers: Docker delivers them just before it ends their streams. */
class LogStreamsTest {
    private final CountDownLatch dockerEndsTheStream = new CountDownLatch(1);

    /** A runtime whose only call is followLogs, whose stream ends when the test says. */
    private final ContainerRuntime runtime = (ContainerRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> {
                if (!method.getName().equals("followLogs")) {
                    throw new AssertionError("unexpected " + method.getName());
                }
                return new ContainerRuntime.LogFollow() {
                    @Override
                    public boolean awaitEnd(Duration timeout) throws InterruptedException {
                        return dockerEndsTheStream.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    }

                    @Override
                    public void close() {
                    }
                };
            });

    @Test
    void the_run_waits_for_docker_to_end_each_stream_and_no_longer_than_its_patience() {
        LogStreams logs = new LogStreams(runtime, event -> { }, (container, problem) -> { });
        logs.follow("app", "id-app", null);

        long start = System.nanoTime();
        logs.awaitEnds(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a stream that does not end").isGreaterThanOrEqualTo(
                Duration.ofMillis(290)).isLessThan(Duration.ofSeconds(2));

        dockerEndsTheStream.countDown();
        start = System.nanoTime();
        logs.awaitEnds(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended: no wait").isLessThan(Duration.ofSeconds(1));
    }
}
