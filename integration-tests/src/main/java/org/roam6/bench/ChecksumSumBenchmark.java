package org.roam6.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roam6.wire.Checksum;

/**
 * The one's-complement sum (RFC 1071) at the heart of every checksum, as {@link Checksum#add}
 * does it (one 16-bit word per step) against a candidate that reads 8 octets per step through a
 * big-endian {@link VarHandle} view and adds their two 32-bit halves (RFC 1071 2(B): the sum may
 * be taken in wider words and folded at the end). 72 octets is the home BU, 1280 the IPv6
 * minimum MTU (an ICMPv6 error or a tunnelled packet).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ChecksumSumBenchmark {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    @Param({"72", "1280"})
    public int length;

    private byte[] data;

    @Setup
    public void fill() {
        SplittableRandom random = new SplittableRandom(6275);
        data = new byte[length];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        // the candidate must give the folded sum Checksum.add gives, at every offset and length
        byte[] probe = new byte[1500];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (byte) random.nextInt(256);
        }
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len <= probe.length - off; len += 1 + len / 8) {
                if (Checksum.fold(Checksum.add(0, probe, off, len)) != Checksum.fold(addByLongs(0, probe, off, len))) {
                    throw new IllegalStateException("candidate sum differs at off " + off + " len " + len);
                }
            }
        }
    }

    @Benchmark
    public int byWords() {
        return Checksum.fold(Checksum.add(0, data, 0, data.length));
    }

    @Benchmark
    public int byLongs() {
        return Checksum.fold(addByLongs(0, data, 0, data.length));
    }

    /**
     * {@link Checksum#add} reading 8 octets per step. Each 64-bit word adds as its two 32-bit
     * halves, so the running sum needs 2^31 words (16 GiB) before it could overflow.
     */
    static long addByLongs(long sum, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        long wide = 0;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONG_BE.get(b, i);
            wide += (w >>> 32) + (w & 0xffffffffL);
        }
        sum += (wide >>> 48) + ((wide >>> 32) & 0xffff) + ((wide >>> 16) & 0xffff) + (wide & 0xffff);
        return Checksum.add(sum, b, i, end - i);
    }
}
