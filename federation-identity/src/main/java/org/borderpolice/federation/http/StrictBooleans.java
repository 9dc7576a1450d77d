package org.borderpolice.federation.http;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Query, path and header parameters of type boolean take {@code true} or {@code false} (in any
 * case) and nothing else. JAX-RS reads a boolean with {@link Boolean#valueOf(String)}, so that
 * {@code ?restart=maybe} or {@code ?facets=1} would quietly mean false; here they are refused
 * (400 problem+json, through the mapper of parameters that do not convert). An empty value
 * ({@code ?facets=}) counts as absent.
 *
 * <p>A primitive boolean parameter needs {@code @DefaultValue("false")}: without it, Quarkus REST
 * hands the converter "0" when the parameter is absent, which is refused like any other value.
 */
@Provider
public class StrictBooleans implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != Boolean.class && rawType != boolean.class) {
            return null;
        }
        boolean primitive = rawType == boolean.class;
        return (ParamConverter<T>) new ParamConverter<Boolean>() {
            @Override
            public Boolean fromString(String value) {
                return parse(value, primitive);
            }

            @Override
            public String toString(Boolean value) {
                return String.valueOf(value);
            }
        };
    }

    static Boolean parse(String value, boolean primitive) {
        if (value == null) {
            return primitive ? Boolean.FALSE : null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }
}
