package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.TaskDefinition;

/** What the EC2 launch type (the default) allows where Fargate has its own sizes ({@link FargateRules}). */
final class Ec2Rules implements Rule {
    static final int MIN_TASK_CPU = 128;
    static final int MAX_TASK_CPU = 10240;

    @Override
    public void check(TaskDefinition task, Findings findings) {
        TaskSize.cpuUnits(task.cpu()).filter(cpu -> cpu < MIN_TASK_CPU || cpu > MAX_TASK_CPU).ifPresent(cpu ->
                findings.error("cpu", Findings.outside("task cpu", cpu, MIN_TASK_CPU, MAX_TASK_CPU, "CPU units"), null));
    }
}
