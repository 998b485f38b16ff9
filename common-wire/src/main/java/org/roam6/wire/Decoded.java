package org.roam6.wire;

import java.util.function.Function;

/**
 * The result of decoding untrusted bytes into a value: either the value or a {@link WireError}.
 * Hot paths use the flyweight views and their {@code validate} methods instead, which do not
 * allocate; this type serves the value layer (tools, tests, control paths).
 */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.Err {

    /** A successful decode. */
    record Ok<T>(T value) implements Decoded<T> {}

    /** A failed decode. */
    record Err<T>(WireError error) implements Decoded<T> {}

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> err(WireError error) {
        return new Err<>(error);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws {@link IllegalStateException} on a failed decode. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("not decoded: " + ((Err<T>) this).error());
    }

    /** The error, or {@code null} on success. */
    default WireError error() {
        return this instanceof Err<T> err ? err.error() : null;
    }

    default <U> Decoded<U> map(Function<? super T, ? extends U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        return new Err<>(((Err<T>) this).error());
    }
}
