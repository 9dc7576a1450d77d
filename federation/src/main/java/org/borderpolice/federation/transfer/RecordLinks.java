package org.borderpolice.federation.transfer;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A record's place in transfers as this jurisdiction knows it: the record that continues it and
 * the record it continues, each confirmed only when both records name each other.
 */
@Schema(description = "移交链 A record's transfer links")
public record RecordLinks(
        @Schema(description = "记录所属辖区 Owner of the record") String origin,
        @Schema(description = "记录类型 Record type") String recordType,
        @Schema(description = "记录编号 Record id") String recordId,

        @Schema(description = "接续记录 The record that continues it (its owner's final event named it), or null")
        Link successor,

        @Schema(description = "前序记录 The record it continues (as its owner claims), or null")
        Link predecessor) {

    @Schema(description = "A linked record")
    public record Link(
            @Schema(description = "Owner of the linked record")
            String origin,

            @Schema(description = "Its id there") String recordId,

            @Schema(
                    description = "确认 Both records name each other (the old owner closed its record naming the "
                            + "new one, the new one names the old as predecessor)")
            boolean confirmed) {}
}
