package com.surveyrelay.web;

import java.time.Duration;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * At a stop (SIGTERM, a rolling update), lets the requests already taken in, or still coming on connections open to
 * this instance, run before Spring Boot's graceful shutdown pauses Tomcat.
 *
 * <p>Why: each route runs on the Tomcat thread that read its request ({@link PlatformHttpOnRequestThreads}), so under
 * load requests wait in Tomcat's queue, unread. Graceful shutdown pauses the connector and then waits only for the
 * requests a thread is running; Tomcat closes each one still queued, and each one that comes later on a connection
 * already open (a load balancer keeps a pool of them), with no answer at all. Twilio does not retry an SMS webhook, so
 * each was an answer lost and a respondent left without the next question (an SRE's burst of 100 texts lost 8 to a
 * SIGTERM; a stop while idle lost every text sent on open connections in the next tens of milliseconds, 2026-12-06;
 * {@code GracefulShutdownTest}).
 *
 * <p>What it does, before graceful shutdown (its phase is higher): it keeps serving, new connections too (readiness
 * already reads {@code REFUSING_TRAFFIC}, so a load balancer probing it stops sending), until nothing is queued and no
 * request has come in for {@code DRAIN_QUIET_PERIOD} ({@link DrainQuietPeriod}, 1 s unless set), and none runs (or
 * none has been taken from the queue for 200 ms while some still run: graceful shutdown waits for those); at most
 * {@link #LONGEST_WAIT}. It does not close the listening socket itself: a connection the kernel had accepted and
 * Tomcat not yet taken was reset then, its request sent and unanswered. Then graceful shutdown goes on as before (up
 * to {@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s, for the requests running).
 */
@Component
@EnableConfigurationProperties(DrainQuietPeriod.class)
public class QueuedRequestsDrain implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

    /**
     * The longest a stop waits for queued requests: Twilio waits 15 s for a webhook's answer (then reports error
     * 11205), so a request still queued after that has been given up by its sender anyway.
     */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(QueuedRequestsDrain.class);
    private static final long LOOK_EVERY_MILLIS = 20;
    /**
     * How long the queue must stay empty while requests run (a long results export, say) before the wait ends: a
     * thread that has just taken a request from the queue has then reached the servlet, where graceful shutdown
     * counts it as running; one still reading its request line when Tomcat pauses would be closed.
     */
    private static final Duration SETTLED = Duration.ofMillis(200);

    private final Duration quiet;
    private volatile TomcatWebServer server;
    private volatile boolean running;

    public QueuedRequestsDrain(DrainQuietPeriod quiet) {
        this.quiet = quiet.drainQuietPeriod();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The service's own port only: a management port (MANAGEMENT_PORT) has a server namespace, and its probes
        // need no drain.
        if (event.getApplicationContext().getServerNamespace() == null
                && event.getWebServer() instanceof TomcatWebServer tomcat) {
            server = tomcat;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Waits, at most {@link #LONGEST_WAIT}, until Tomcat has no request queued and none has come in for the quiet
     * period (and none runs, or none was taken from the queue for 200 ms); returns at once when Tomcat holds no
     * connection. Logs at INFO how long it served and how many requests came meanwhile, and at WARN, at the limit, how
     * many are still queued (left to graceful shutdown, which closes them unanswered). Never throws: a stop goes
     * on whatever this finds.
     */
    @Override
    public void stop() {
        running = false;
        TomcatWebServer tomcat = server;
        if (tomcat == null) {
            return;
        }
        Connector connector = tomcat.getTomcat().getConnector();
        if (!(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)
                || !(protocol.getExecutor() instanceof ThreadPoolExecutor requests)) {
            return;
        }
        long begun = System.nanoTime();
        long tasksAtStop = requests.getTaskCount();
        long seen = tasksAtStop;
        long lastNew = begun;
        try {
            while (true) {
                long now = System.nanoTime();
                long tasks = requests.getTaskCount();
                boolean queued = !requests.getQueue().isEmpty();
                if (tasks != seen || queued) {
                    seen = tasks;
                    lastNew = now;
                }
                boolean nothingOpen = protocol.getConnectionCount() == 0 && requests.getActiveCount() == 0;
                boolean settled = !queued && (requests.getActiveCount() == 0 || now - lastNew >= SETTLED.toNanos());
                if (nothingOpen && !queued || settled && now - lastNew >= quiet.toNanos()) {
                    if (seen != tasksAtStop) {
                        LOG.info("Stopping: served {} requests that came in after the stop began, for {} ms",
                                seen - tasksAtStop, (now - begun) / 1_000_000);
                    }
                    return;
                }
                if (now - begun > LONGEST_WAIT.toNanos()) {
                    LOG.warn("Stopping after {} s with requests still coming in: {} waiting for a request thread "
                            + "and any sent after this on an open connection are closed unanswered (is the load "
                            + "balancer still sending?)", LONGEST_WAIT.toSeconds(), requests.getQueue().size());
                    return;
                }
                Thread.sleep(LOOK_EVERY_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops before graceful shutdown ({@link WebServerGracefulShutdownLifecycle#SMART_LIFECYCLE_PHASE}, which pauses
     * the connector), so the queued requests still find it running.
     */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;
    }
}
