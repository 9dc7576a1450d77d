package org.borderpolice.mediation.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.borderpolice.mediation.SessionNote;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调解笔记 A mediator's note on a session")
public record SessionNoteRequest(
        @Schema(description = "笔记 Note", examples = "双方同意以界碑为准重新勘界，浦城方当事人要求分两期补偿。")
        @NotBlank
        @Size(max = SessionNote.TEXT)
        String text) {}
