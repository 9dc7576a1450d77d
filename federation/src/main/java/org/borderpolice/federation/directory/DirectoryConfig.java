package org.borderpolice.federation.directory;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The liaison directory's settings ({@code border.federation.directory.*}). Whether a service
 * hosts the directory is decided when it is built ({@code enabled}, read by
 * {@code @IfBuildProperty}); the agreement is read-only configuration, the same text at every
 * party.
 */
@ConfigMapping(prefix = "border.federation.directory")
public interface DirectoryConfig {

    /** The build setting, as the running service sees it (changing it at run time changes nothing). */
    @WithDefault("false")
    boolean enabled();

    Agreement agreement();

    /**
     * Minutes a partner may have waiting here for meetings not held here (an organiser sends a
     * meeting and its minutes together; minutes whose meeting never comes are bounded by this).
     */
    @WithDefault("20")
    @Min(0)
    int maxMinutesWithoutMeeting();

    /** The latest meetings held that the chair's rotation is read from. */
    @WithDefault("20")
    @Min(1)
    int rotationMeetings();

    /** The time zone whose calendar the dates of a statistics request are read in. */
    @WithDefault("Asia/Shanghai")
    ZoneId timeZone();

    /** 跨区域警务合作协议书: what the parties signed. */
    interface Agreement {

        /** The agreement's title. */
        @WithDefault("跨区域警务合作协议书")
        String title();

        /** The date it was signed, if configured. */
        Optional<LocalDate> signedOn();

        /**
         * The parties (GB/T 2260 codes) in the order the chair of joint meetings rotates; when not
         * configured, this jurisdiction and every partner that may hold liaison records, sorted.
         */
        Optional<List<String>> parties();

        /** The principles (常态, 共享, 联动, 共赢), as text. */
        @WithDefault("常态、共享、联动、共赢")
        String principles();
    }
}
