package org.borderpolice.federation.problem;

import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collection;

import org.borderpolice.federation.http.StrictJson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

/**
 * Why a body was not read, in words for the caller: what was expected, never Jackson's message
 * (it names Java classes).
 */
final class JsonProblems {

    private JsonProblems() {}

    static String describe(JsonProcessingException e) {
        if (e instanceof PropertyBindingException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof StrictJson.ControlCharacterException control) {
            return control.getOriginalMessage();
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                String message = String.valueOf(mismatch.getOriginalMessage());
                return message.startsWith("Trailing token")
                        ? "the body holds more than one JSON document"
                        : "the body is not a JSON document of the expected shape";
            }
            return "expected " + expected(mismatch.getTargetType());
        }
        if (e instanceof JsonParseException parse) {
            String message = String.valueOf(parse.getOriginalMessage());
            if (message.startsWith("Duplicate field")) {
                return "a field appears twice " + at(parse.getLocation());
            }
            return "the body is not valid JSON " + at(parse.getLocation());
        }
        return "the body is not valid JSON for this operation";
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (TemporalAccessor.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp with offset, as text (e.g. 2026-12-01T08:00:00+08:00)";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
