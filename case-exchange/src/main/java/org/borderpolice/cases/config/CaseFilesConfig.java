package org.borderpolice.cases.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of case-exchange's evidence files beyond the federation's (border.federation.files.*). */
@ConfigMapping(prefix = "border.cases.files")
public interface CaseFilesConfig {

    /**
     * How often unreferenced files of ours are looked for (an upload whose reference failed while
     * the service went down between intake and reference); {@code off} never.
     */
    @WithDefault("10m")
    String orphanSweepEvery();

    /**
     * A file of ours no record names is dropped once it is this old: longer than any upload takes
     * (one still streaming or just taken in is never touched).
     */
    @WithDefault("1h")
    Duration orphanGrace();
}
