package io.meterflow.series;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The kept samples of one series as the operator stores them (one state value per series): a
 * version byte, the newest event time (so expiry reads 9 bytes, not the series), the count, then per
 * sample its time, digest and exact value (scale + unscaled bytes). The series name is the state
 * key, not repeated per sample. Part of the savepoint format: change it only with a new version.
 */
public final class SampleCodec {
    static final int VERSION = 1;

    private SampleCodec() {}

    /** @param samples in series order (as {@link SeriesState#samples()} gives them), at least one */
    public static byte[] encode(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a stored series has at least one sample");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 32 * samples.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(samples.get(samples.size() - 1).time());
            out.writeInt(samples.size());
            for (Sample s : samples) {
                out.writeLong(s.time());
                out.writeLong(s.digestHi());
                out.writeLong(s.digestLo());
                out.writeInt(s.value().scale());
                byte[] unscaled = s.value().unscaledValue().toByteArray();
                out.writeShort(unscaled.length); // values have at most 1000 digits: 416 bytes
                out.write(unscaled);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return bytes.toByteArray();
    }

    /** The samples of {@code series} stored in {@code stored}, in series order. */
    public static List<Sample> decode(String series, byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            checkVersion(in.readUnsignedByte());
            in.readLong();
            int n = in.readInt();
            List<Sample> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long time = in.readLong();
                long hi = in.readLong();
                long lo = in.readLong();
                int scale = in.readInt();
                byte[] unscaled = new byte[in.readUnsignedShort()];
                in.readFully(unscaled);
                samples.add(new Sample(series, time, hi, lo, new BigDecimal(new BigInteger(unscaled), scale)));
            }
            return samples;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt series state of " + series, e);
        }
    }

    /** The newest sample's event time, without decoding the samples. */
    public static long newestTime(byte[] stored) {
        checkVersion(stored[0] & 0xff);
        long t = 0;
        for (int i = 1; i <= 8; i++) {
            t = (t << 8) | (stored[i] & 0xff);
        }
        return t;
    }

    private static void checkVersion(int version) {
        if (version != VERSION) {
            throw new IllegalStateException("series state of version " + version + ", this build reads " + VERSION);
        }
    }
}
