package org.roam6.it.testbed;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link WithTestbed}: one {@link Testbed} per test class.
 * beforeAll: remove stale runs, {@code up}, start the link captures; afterAll: stop processes
 * and captures, {@code down}. The testbed's own shutdown hook covers a JVM that ends early.
 */
public final class TestbedExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestbedExtension.class);
    private static final String KEY = "testbed";

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        WithTestbed cfg = testClass.getAnnotation(WithTestbed.class);
        Testbed tb = Testbed.up(testClass.getSimpleName());
        context.getStore(NS).put(KEY, tb);
        try {
            if (cfg == null || cfg.captures()) {
                tb.startCaptures();
            }
        } catch (RuntimeException e) {
            tb.close();
            context.getStore(NS).remove(KEY);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Testbed tb = context.getStore(NS).remove(KEY, Testbed.class);
        if (tb != null) {
            tb.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Testbed.class;
    }

    @Override
    public Testbed resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Testbed tb = extensionContext.getStore(NS).get(KEY, Testbed.class);
        if (tb == null) {
            throw new ParameterResolutionException("no testbed is up for " + extensionContext.getDisplayName());
        }
        return tb;
    }
}
