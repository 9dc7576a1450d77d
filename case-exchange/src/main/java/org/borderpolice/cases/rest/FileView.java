package org.borderpolice.cases.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.cases.CaseFile;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An evidence file (证据材料) as its record names it. */
@Schema(name = "CaseFile", description = "证据材料 An evidence file on a case, a request or an answer")
public record FileView(
        @Schema(description = "文件ID File id (UUID), given by its owner")
        UUID fileId,

        @Schema(description = "所属辖区 The jurisdiction that attached it (the record's owner)")
        String origin,

        @Schema(description = "所属 CASE, REQUEST (协查函) or ANSWER (反馈材料)")
        String part,

        @Schema(description = "文件名 Name given by the uploader (never used for the type)")
        String name,

        @Schema(description = "文件类型 Media type detected from the bytes")
        String contentType,

        @Schema(description = "大小 Bytes") long size,
        @Schema(description = "SHA-256, lower-case hex") String sha256,

        @Schema(description = "上传时间 When it was attached (a partner's: when its record named it here)")
        Instant attachedAt,

        @Schema(description = "上传人 Who attached it (the owner's only)")
        String attachedBy,

        @Schema(description = "可下载 Its bytes are here and verified (a partner's file may still be on its way)")
        boolean available) {

    static FileView of(CaseFile f) {
        return new FileView(
                f.fileId(),
                f.origin(),
                f.part().name(),
                f.name(),
                f.contentType(),
                f.size(),
                f.sha256(),
                f.attachedAt(),
                f.attachedBy(),
                f.here());
    }

    static List<FileView> of(List<CaseFile> files) {
        return files.stream().map(FileView::of).toList();
    }
}
