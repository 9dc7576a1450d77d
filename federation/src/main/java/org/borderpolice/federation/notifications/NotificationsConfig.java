package org.borderpolice.federation.notifications;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Live notifications (border.notifications). */
@ConfigMapping(prefix = "border.notifications")
public interface NotificationsConfig {

    /** How long a notification is kept (then a stream resuming from before it misses it). */
    @WithDefault("7d")
    Duration retention();

    /**
     * How often the newest id is read (once per process, whatever the number of streams open);
     * a stream behind it reads its own. The longest a notification waits before it is sent.
     */
    @WithDefault("500ms")
    Duration pollEvery();

    /** A comment line on a stream that sent nothing for this long, so that proxies keep it open. */
    @WithDefault("20s")
    Duration keepAlive();

    /**
     * Streams one user (subject of one jurisdiction) may hold open at this service; 429 beyond
     * (each open stream reads the database whenever a notification is written). The gateway's
     * merged stream takes one per service.
     */
    @WithDefault("5")
    int maxStreamsPerSubject();

    /** How often notifications older than the retention are deleted. */
    @WithDefault("1h")
    Duration purgeEvery();
}
