package org.borderpolice.mediation.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页调解员 A page of the directory, newest registered first")
public record MediatorPage(
        List<MediatorView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last")
        String next) {}
