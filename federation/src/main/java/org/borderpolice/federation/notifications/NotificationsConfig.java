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

    /** How often notifications older than the retention are deleted. */
    @WithDefault("1h")
    Duration purgeEvery();
}
