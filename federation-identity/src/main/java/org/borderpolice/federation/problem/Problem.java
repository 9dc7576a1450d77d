package org.borderpolice.federation.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details. {@code type} is stable per kind of problem, so clients can branch
 * on it; {@code errors} lists the offending fields of a request body or parameter.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://border-police.example/problems/";

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    public record FieldError(String field, String message) {}
}
