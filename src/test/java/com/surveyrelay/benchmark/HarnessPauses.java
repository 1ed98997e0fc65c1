package com.surveyrelay.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collection pauses of the benchmark's own JVM: the virtual respondents, who time every request, and the
 * local S3, EventBridge endpoint and Twilio emulator the service calls. A pause here stalls both a request's timing
 * and the servers the service waits on, so it lands in the measured latency though the service did nothing; a run's
 * line prints them beside its p99 so a tail can be told apart from the service's.
 *
 * <p>Counts the pauses the JVM reports through {@code GarbageCollectorMXBean} notifications, in milliseconds as the
 * JVM reports them: young and full collections, and from JDK 20 G1's remark and cleanup pauses ("G1 Concurrent GC").
 * ZGC's and Shenandoah's "Cycles" collectors report whole concurrent cycles, not pauses, and are left out. Open one
 * per run and close it at the run's end.
 */
final class HarnessPauses implements AutoCloseable {

    /**
     * What was counted.
     *
     * @param pauses how many pauses
     * @param totalMillis their durations added up, in ms
     * @param longestMillis the longest one, in ms; 0 when there was none
     */
    record Figures(long pauses, long totalMillis, long longestMillis) {
    }

    private final LongAdder pauses = new LongAdder();
    private final LongAdder totalMillis = new LongAdder();
    private final AtomicLong longestMillis = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    /** Starts counting every pause from now on. */
    HarnessPauses() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        if (info.getGcName().endsWith("Cycles")) {
            return;
        }
        long millis = info.getGcInfo().getDuration();
        pauses.increment();
        totalMillis.add(millis);
        longestMillis.accumulateAndGet(millis, Math::max);
    }

    /** The pauses counted so far. */
    Figures figures() {
        return new Figures(pauses.sum(), totalMillis.sum(), longestMillis.get());
    }

    /** Stops counting. */
    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException alreadyGone) {
                // Nothing left to remove.
            }
        }
    }
}
