package org.drover.runner.core.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.DriverUnavailableException;
import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Dns;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.node.Node;
import org.drover.runner.core.hooks.ValidationException;
import org.drover.runner.core.network.AllocNetwork;
import org.drover.runner.core.task.TaskCore.Attachment;
import org.drover.runner.core.task.TaskCore.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's way from pending to running: prestart hooks, the provisional handle made durable, the
 * start slot, {@code startTask}, and what its answer leads to. On the runner's thread only.
 */
final class Launch {

    private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

    private final TaskCore t;

    Launch(TaskCore core) {
        this.t = core;
    }

    /** One run: the prestart hooks, then the start; a task whose kill was requested is recorded killed. */
    void runOnce() {
        if (t.ended()) {
            return;
        }
        if (t.kill.requested()) {
            t.kill.finish();
            return;
        }
        t.hookEnv.clear();
        try {
            t.record.local(t.hooks.prestart(t.record.local(), t.hookEnv));
        } catch (ValidationException e) {
            t.emit(TaskEvent.failedValidation(t.now(), e.getMessage()));
            t.watch.finish();
            return;
        } catch (HookPipeline.PrestartFailure e) {
            t.emit(TaskEvent.hookFailed(t.now(), e.hook, e.getMessage()));
            t.tracker.setStartError(e.getCause());
            t.watch.decide();
            return;
        }
        Optional<Driver> driver = t.ctx.drivers().find(t.task.driver());
        if (driver.isEmpty()) {
            onStartFailed(null, DriverException.recoverable("driver \"" + t.task.driver() + "\" is not available"));
            return;
        }
        startWith(driver.get());
    }

    private void startWith(Driver driver) {
        TaskConfig config = taskConfig(driver);
        // The intent first: should the agent die during the start, the next one asks the
        // driver whether it happened instead of starting the task a second time.
        t.record.handle(TaskHandle.provisional(t.task.driver(), config));
        t.step = Step.STARTING;
        // That intent, and every change queued before it, must be durable before the start: the
        // one wait for the store on a task's way to running.
        t.record.durable().thenRun(() -> t.serial.execute(() -> {
            if (t.step == Step.STARTING) {
                callStart(driver, config);
            }
        }));
    }

    private void callStart(Driver driver, TaskConfig config) {
        t.ctx.starts().of(t.task.driver()).submit(() -> {
            // The slot may come long after the request (a storm of starts): a kill asked for
            // meanwhile, a stop that was acknowledged, means the task is not started at all.
            CompletableFuture<TaskHandle> started = new CompletableFuture<>();
            t.serial.execute(() -> {
                if (t.step != Step.STARTING || t.kill.requested()) {
                    started.complete(null);
                    return;
                }
                // The call's timeout counts from when the node lets the start go, not from the queue.
                t.calls.call(() -> driver.startTask(config), late -> destroyLateRun(driver, late))
                        .whenComplete((h, e) -> {
                            if (e != null) {
                                started.completeExceptionally(e);
                            } else {
                                started.complete(h);
                            }
                        });
            });
            return started;
        }).whenComplete((handle, error) -> t.serial.execute(() -> {
            if (error == null && handle != null) {
                onStarted(driver, handle);
            } else if (t.step == Step.STARTING) {
                if (error == null) {
                    t.record.handle(null); // never started: killed before its turn came
                    t.kill.finish();
                } else {
                    onStartFailed(driver, DriverCalls.unwrap(error));
                }
            }
        }));
    }

    /**
     * A start that returned after its timeout: the runner has given up on that run and may have
     * started another, so nothing tracks it and it must not live on.
     */
    private void destroyLateRun(Driver driver, TaskHandle run) {
        LOG.warn("The start of task {} of allocation {} returned after its timeout; destroying that run ({})", t.name,
                t.alloc.id(), run.taskId());
        t.calls.run(() -> driver.destroyTask(run, true)).whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("Could not destroy the late run {} of task {}: {}", run.taskId(), t.name,
                        DriverCalls.message(e));
            }
        });
    }

    private void onStarted(Driver driver, TaskHandle handle) {
        // Persist the handle first, even when shutting down: a task must never run untracked.
        t.record.handle(handle);
        if (t.step == Step.SHUTDOWN) {
            return;
        }
        t.step = Step.RUNNING;
        t.record.transition(TaskPhase.RUNNING, t.now(), TaskEvent.started(t.now()));
        t.watch.attach(driver, handle);
        t.hooks.poststart();
        // A kill that arrived during the start gets its preKill and shutdown_delay too.
        t.kill.resume();
    }

    /** {@code driver}: the one asked to start the task; null when none of its name was there. */
    private void onStartFailed(Driver driver, Throwable error) {
        LOG.debug("Start of task {} of allocation {} failed", t.name, t.alloc.id(), error);
        if (driver != null && (error instanceof DriverUnavailableException || t.ctx.drivers().isGone(driver))) {
            // The driver left during the start, which may or may not have happened: as after a crash,
            // the next driver of the name is asked about the run, from the provisional handle kept.
            t.step = Step.RUNNING;
            t.attachment = new Attachment(t.record.local().handle().orElseThrow(), null);
            t.attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
            t.emit(TaskEvent.driverUnavailable(t.now(), t.task.driver(), t.ctx.config().driverWaitTimeout()));
            t.reattach.awaitDriver();
            return;
        }
        t.record.handle(null);
        if (error instanceof TaskConfigException) {
            // The task can never run as written: Nomad fails it at validation, with no retry.
            t.emit(TaskEvent.failedValidation(t.now(), "driver " + t.task.driver() + ": " + error.getMessage()));
            t.watch.finish();
            return;
        }
        t.emit(TaskEvent.driverFailure(t.now(), DriverCalls.message(error)));
        t.tracker.setStartError(error);
        t.watch.decide();
    }

    private TaskConfig taskConfig(Driver driver) {
        Capabilities.FsIsolation isolation = driver.capabilities().fsIsolation();
        Node node = t.ctx.node().get();
        NetworkIsolation network = AllocNetwork.stored(t.ctx.store(), t.alloc.id()).map(n -> n.isolation(
                t.alloc.taskGroup().network().map(NetworkResource::hostname).orElse(""))).orElse(null);
        Map<String, String> env = TaskEnvironment.build(t.alloc, t.task, t.dirs,
                isolation != Capabilities.FsIsolation.NONE,
                isolation == Capabilities.FsIsolation.IMAGE ? Map.of() : System.getenv(), t.hookEnv, node, network);
        String id = t.alloc.id() + "/" + t.name + "/" + randomSuffix();
        Map<String, Object> config = TaskEnvironment.interpolation(env, node).apply(t.task.config());
        Dns dns = t.alloc.taskGroup().network().flatMap(NetworkResource::dnsConfig).orElse(null);
        return new TaskConfig(id, t.alloc.id(), t.alloc.job().name(), t.alloc.group(), t.name, config, env,
                t.task.resources(), t.task.user(), t.dirs.allocDir(), t.dirs.taskDir(), t.dirs.logDir(),
                t.task.logs(), t.alloc.network().ports(), t.alloc.network().tasks().getOrDefault(t.name, List.of()),
                network, dns);
    }

    private static String randomSuffix() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
