package dev.ecslocal.bench;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.docker.RuntimeEvent;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.firelens.ForwardReceiver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The FireLens stand-in's receiver under load (issue 4's target: at least 100,000 records/s, none lost). First
 * the receiver alone (a local sender, Docker's frame shape); then a container writes LINES numbered lines as fast
 * as it can, through Docker's fluentd driver with the options ECS gives an awsfirelens container (ASYNC=false:
 * synchronous), to the receiver; every number must arrive once. Prints the rate over the receiving window (first
 * record to last) and from the container's start, and which lines were lost.
 */
public final class FirelensThroughput {
    /** ECS sets fluentd-async=true (ECS-SEMANTICS §7.3); false makes the container wait for the receiver. */
    private static final String ASYNC = System.getenv().getOrDefault("ASYNC", "true");

    public static void main(String[] args) throws Exception {
        int lines = Integer.parseInt(System.getenv().getOrDefault("LINES", "1000000"));
        String image = "ecs-local-samples/busybox:latest";
        receiverAlone(lines);
        DockerJavaRuntime docker = DockerJavaRuntime.connect();
        System.out.println("FireLens receiver throughput on " + docker.description() + ", " + lines + " lines, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", fluentd-async=" + ASYNC);

        BitSet seen = new BitSet(lines + 1);
        AtomicLong received = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicReference<Instant> first = new AtomicReference<>();
        AtomicReference<Instant> last = new AtomicReference<>();
        try (ForwardReceiver receiver = new ForwardReceiver(new InetSocketAddress("127.0.0.1", 0), record -> {
            Instant now = Instant.now();
            first.compareAndSet(null, now);
            last.set(now);
            received.incrementAndGet();
            int number = Integer.parseInt(String.valueOf(record.record().get("log")).strip());
            synchronized (seen) {
                if (seen.get(number)) {
                    duplicates.incrementAndGet();
                }
                seen.set(number);
            }
        }, problem -> System.out.println("receiver: " + problem))) {
            String taskId = UUID.randomUUID().toString().replace("-", "");
            Map<String, String> fluentd = Map.of("fluentd-address", "tcp://127.0.0.1:" + receiver.port(),
                    "tag", FirelensConfig.tag("app", taskId), "fluentd-sub-second-precision", "true", "fluentd-async", ASYNC);
            ContainerSpec spec = new ContainerSpec("ecs-local-bench-firelens-" + taskId, image,
                    ContainerSpec.Process.command(List.of("seq", "1", Integer.toString(lines))),
                    Map.of(RunIdentity.TASK_LABEL, taskId, RunIdentity.CONTAINER_LABEL, "app"), ContainerSpec.Network.mode("none"),
                    List.of(), List.of(), ContainerSpec.Resources.NONE, ContainerSpec.Isolation.NONE, null,
                    new ContainerSpec.LogDriver("fluentd", fluentd));
            docker.ensureImage(image, ContainerRuntime.PullPolicy.NEVER, line -> { });
            CountDownLatch exited = new CountDownLatch(1);
            String id = docker.createContainer(spec);
            Instant started;
            try (AutoCloseable events = docker.subscribe(RunIdentity.TASK_LABEL, taskId, Instant.now(), event -> {
                if (event instanceof RuntimeEvent.Died) {
                    exited.countDown();
                }
            })) {
                started = Instant.now();
                docker.startContainer(id);
                exited.await(10, TimeUnit.MINUTES);
                // The driver may still be flushing after the process exits: wait until nothing more arrives.
                long before;
                do {
                    before = received.get();
                    Thread.sleep(1000);
                } while (received.get() != before || received.get() == 0);
            } finally {
                docker.removeContainer(id);
            }
            // Docker closes the driver when the container goes, and the async driver sends what it still holds
            // then: keep receiving until that has come (the CLI keeps its receiver up past the removal, too).
            long before;
            do {
                before = received.get();
                Thread.sleep(2000);
            } while (received.get() != before);
            long count = received.get();
            int lost = lines - seen.cardinality();
            double window = Duration.between(first.get(), last.get()).toNanos() / 1e9;
            double total = Duration.between(started, last.get()).toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "received %d records (%d distinct, %d duplicates), lost %d%n", count, seen.cardinality(),
                    duplicates.get(), lost);
            if (lost > 0) {
                System.out.println("lost lines: " + ranges(seen, lines));
                if (seen.nextClearBit(1) == seen.cardinality() + 1) {
                    // Every line before the first missing one arrived: a tail, not holes.
                    System.out.println("  only the tail: with fluentd-async=true (ECS's option) Docker's driver discards what it "
                            + "still buffers when the container goes (moby#42979, force-stop-async-send); ECS loses these "
                            + "lines the same way when its router falls behind a fast writer. ASYNC=false shows the receiver's own loss.");
                }
            }
            System.out.printf(Locale.ROOT, "rate while receiving: %,.0f records/s (%.2f s from first to last record)%n",
                    count / window, window);
            System.out.printf(Locale.ROOT, "rate from the container's start: %,.0f records/s (%.2f s)%n", count / total, total);
            System.out.printf(Locale.ROOT, "%nTarget: >= 100,000 records/s and none lost: %s%n",
                    count / window >= 100_000 && lost == 0 ? "met" : "NOT met");
        }
    }

    /** The numbers never received, as ranges: where in the stream the loss happened. */
    private static String ranges(BitSet seen, int lines) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int missing = seen.nextClearBit(1); missing <= lines && shown < 10; shown++) {
            int end = Math.min(seen.nextSetBit(missing) < 0 ? lines + 1 : seen.nextSetBit(missing), lines + 1) - 1;
            out.append(out.length() == 0 ? "" : ", ").append(missing).append(end > missing ? "-" + end : "");
            missing = seen.nextClearBit(end + 1);
        }
        return out.toString();
    }

    /**
     * The receiver without Docker: one connection sending Message-mode frames shaped as Docker's fluentd driver
     * shapes them (EventTime, the four fields), as fast as the socket takes them. Its ceiling, apart from the
     * daemon's share of the machine.
     */
    private static void receiverAlone(int lines) throws Exception {
        AtomicLong received = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        try (ForwardReceiver receiver = new ForwardReceiver(new InetSocketAddress("127.0.0.1", 0), record -> {
            if (received.incrementAndGet() == lines) {
                all.countDown();
            }
        }, problem -> System.out.println("receiver: " + problem));
             java.net.Socket socket = new java.net.Socket("127.0.0.1", receiver.port())) {
            Instant start = Instant.now();
            org.msgpack.core.MessagePacker packer = org.msgpack.core.MessagePack.newDefaultPacker(
                    new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            java.nio.ByteBuffer time = java.nio.ByteBuffer.allocate(8);
            for (int i = 1; i <= lines; i++) {
                Instant now = Instant.now();
                time.clear();
                time.putInt((int) now.getEpochSecond()).putInt(now.getNano());
                packer.packArrayHeader(3).packString("app-firelens-0123456789abcdef0123456789abcdef");
                packer.packExtensionTypeHeader((byte) 0, 8).writePayload(time.array());
                packer.packMapHeader(4).packString("container_id").packString("444276b6bceeb084bbfaedcae5caf2f99906e5871a12f46116db5f88de6061cd")
                        .packString("container_name").packString("/ecs-local-payments-1-app-0123456789abcdef0123456789abcdef")
                        .packString("source").packString("stdout").packString("log").packString(Integer.toString(i));
            }
            packer.flush();
            all.await(5, TimeUnit.MINUTES);
            double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "receiver alone: %,d of %,d records in %.2f s: %,.0f records/s%n%n", received.get(),
                    lines, seconds, received.get() / seconds);
        }
    }
}
