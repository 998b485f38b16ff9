package org.roam6.it.testbed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a fresh testbed: it is brought up once before the class,
 * captured on every link, injected as a {@link Testbed} parameter, and removed after the class
 * whatever happened. Skipped without root or tools (failed instead when CI=true).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("testbed")
@ExtendWith({TestbedRequirements.class, TestbedExtension.class})
public @interface WithTestbed {
    /** Start tcpdump on every link (pcaps under target/testbed-pcaps/&lt;TestClass&gt;/). */
    boolean captures() default true;
}
