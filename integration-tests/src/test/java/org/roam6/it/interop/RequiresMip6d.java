package org.roam6.it.interop;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An interop test class: skipped, before any testbed is built, when no mip6d is given
 * ({@link Mip6dBinary#HOW} says how to give one). Put it before {@code @WithTestbed}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("interop")
@ExtendWith(RequiresMip6d.Condition.class)
public @interface RequiresMip6d {

    final class Condition implements ExecutionCondition {
        private static final java.util.concurrent.atomic.AtomicBoolean SAID = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Mip6dBinary.configured().isPresent()) {
                return ConditionEvaluationResult.enabled(Mip6dBinary.PROPERTY + " = " + Mip6dBinary.configured().get());
            }
            if (SAID.compareAndSet(false, true)) {
                // the reason also lands in the test reports; said once on the console where it is seen
                System.out.println("UMIP interop tests skipped: " + Mip6dBinary.HOW);
            }
            return ConditionEvaluationResult.disabled(Mip6dBinary.HOW);
        }
    }
}
