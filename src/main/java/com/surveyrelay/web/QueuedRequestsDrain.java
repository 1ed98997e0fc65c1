package com.surveyrelay.web;

import java.time.Duration;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * At a stop (SIGTERM, a rolling update), lets the requests already taken in but still waiting for a request thread
 * run before Spring Boot's graceful shutdown pauses Tomcat.
 *
 * <p>Why: each route runs on the Tomcat thread that read its request ({@link PlatformHttpOnRequestThreads}), so under
 * load requests wait in Tomcat's queue, unread. Graceful shutdown pauses the connector and then waits only for the
 * requests a thread is running; Tomcat closes each one still queued with no answer at all. Twilio does not retry an
 * SMS webhook, so each was an answer lost and a respondent left without the next question (an SRE's burst of 100
 * texts lost 8 to a SIGTERM, 2026-12-06; {@code GracefulShutdownTest}).
 *
 * <p>What it does, before graceful shutdown (its phase is higher): closes the listening socket, so no new connection
 * is taken (the load balancer, whose readiness probe already reads {@code REFUSING_TRAFFIC}, sends it to another
 * instance), and waits until Tomcat's queue is empty and no request runs (or the queue has stayed empty for 200 ms
 * while some still run: graceful shutdown waits for those), for at most {@link #LONGEST_WAIT}.
 * Connections already open are still read meanwhile and answered with {@code Connection: close}. Then graceful
 * shutdown goes on as before (up to {@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s, for the requests
 * running).
 */
@Component
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

    private volatile TomcatWebServer server;
    private volatile boolean running;

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
     * Closes the listening socket and waits, at most {@link #LONGEST_WAIT}, until Tomcat has no request queued (and
     * none running, or none taken from the queue for 200 ms); returns at once when nothing is queued or running.
     * Never throws: a stop goes on whatever this finds. A request still queued after the limit is logged (WARN, how
     * many) and left to graceful shutdown, which closes it unanswered.
     */
    @Override
    public void stop() {
        running = false;
        TomcatWebServer tomcat = server;
        if (tomcat == null) {
            return;
        }
        Connector connector = tomcat.getTomcat().getConnector();
        if (!(connector.getProtocolHandler().getExecutor() instanceof ThreadPoolExecutor requests)) {
            return;
        }
        if (requests.getQueue().isEmpty() && requests.getActiveCount() == 0) {
            return;
        }
        connector.getProtocolHandler().closeServerSocketGraceful();
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        boolean wasEmpty = false;
        long emptySince = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                if (!requests.getQueue().isEmpty()) {
                    wasEmpty = false;
                } else if (requests.getActiveCount() == 0) {
                    return;
                } else if (!wasEmpty) {
                    wasEmpty = true;
                    emptySince = now;
                } else if (now - emptySince >= SETTLED.toNanos()) {
                    // What is left runs on a thread already, and graceful shutdown waits for it.
                    return;
                }
                if (now - deadline > 0) {
                    LOG.warn("Stopping with {} requests still waiting for a request thread after {} s; they are "
                            + "closed unanswered", requests.getQueue().size(), LONGEST_WAIT.toSeconds());
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
