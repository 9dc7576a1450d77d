package org.borderpolice.federation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the Chinese search support shared by the services (border.search). */
@ConfigMapping(prefix = "border.search")
public interface SearchConfig {

    /**
     * How often new entries of GIN indexes are merged from their pending lists (a duration, or
     * "off" to leave it to PostgreSQL); read by {@code PendingIndexEntries}' schedule.
     */
    @WithDefault("1s")
    String mergePendingEvery();
}
