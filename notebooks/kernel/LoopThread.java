/*
 * Tubelet's replacement for org.rapaio.jupyter.kernel.channels.LoopThread of rapaio-jupyter-kernel 3.0.1
 * (MIT licence, (c) Aurelian Tutuianu), compiled against that jar by `make notebooks-kernel` and put before it on the
 * kernel's class path. Same name, constructor and methods; two changes.
 *
 * 1. The start-up hang (about one start in three here). 3.0.1's start() calls Thread.start() and only then sets
 *    `running = true`, while run() loops `while (running)`. When the new thread reaches that test first, it ends at
 *    once. The shell, control and heartbeat channels each poll in such a thread; when the shell's dies, nothing ever
 *    answers kernel_info_request and the client waits forever (jstack of a hung kernel: no shell loop thread). Here
 *    `running` is set before the thread starts.
 * 2. A message that arrives while the kernel is still connecting. Channels.connect binds the channels (starting their
 *    threads) before it fills its handler map, so a kernel_info_request read in that window throws a
 *    NullPointerException in Channels.getHandler, which killed the thread just the same once change 1 made the threads
 *    run from the start. Here an exception from one turn of the loop is logged and the loop goes on; the dropped
 *    request is sent again by the client (jupyter_client's wait_for_ready repeats kernel_info_request every second).
 */
package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Logger;

/** Runs a loop body, then sleeps, until shut down. */
public final class LoopThread extends Thread {
    private static final Logger LOG = Logger.getLogger(LoopThread.class.getSimpleName());

    private volatile boolean running;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public synchronized void start() {
        running = true;               // before the thread can test it
        super.start();
    }

    @Override
    public void run() {
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                LOG.warning(getName() + ": dropped a message (" + e + "); the loop goes on");
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    public void shutdown() {
        running = false;
    }
}
