package org.borderpolice.federation.testing;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One fixture (a federation of processes) shared by the test classes that take it as a parameter,
 * e.g. of their {@code @BeforeAll}: started by the first class that asks for it, kept in the store
 * of the root context and closed when that context closes at the end of the test run (JUnit closes
 * the {@link AutoCloseable} values of its stores), so that the next class costs no start-ups and
 * fresh databases. A module declares one subclass per fixture and names it in
 * {@code @ExtendWith}; the classes share its data as the tests of one class would.
 */
public abstract class SharedFixture<T extends AutoCloseable> implements ParameterResolver {

    private final Class<T> type;
    private final Supplier<T> start;

    protected SharedFixture(Class<T> type, Supplier<T> start) {
        this.type = type;
        this.start = start;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public T resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(getClass()))
                .computeIfAbsent(type, key -> start.get(), type);
    }
}
