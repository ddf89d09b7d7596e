package io.meterflow.api;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.OutputStream;

/**
 * An OutputStream, written on a worker thread, that sends a 200 response in chunks as it fills: the
 * client reads the first rows while the last are still being written, and no answer is held whole.
 * Every response call runs on the request's event-loop context, in order. Once a chunk has gone out
 * the status is sent: a failure after that can only cut the connection ({@link #abort}), never become
 * an error answer, so the caller checks {@link #started} to choose.
 */
final class ChunkedResponse extends OutputStream {
    /** Room past a full chunk for the write that fills it (Jackson flushes 8 KB at a time): no regrowth. */
    private static final int SLACK = 16 * 1024;
    private final Context context;
    private final HttpServerResponse response;
    private final String contentType;
    private final int chunkBytes;
    private Buffer pending;
    private volatile boolean started;

    ChunkedResponse(Context context, HttpServerResponse response, String contentType, int chunkBytes) {
        this.context = context;
        this.response = response;
        this.contentType = contentType;
        this.chunkBytes = chunkBytes;
        this.pending = Buffer.buffer(chunkBytes + SLACK);
    }

    @Override
    public void write(int b) {
        pending.appendByte((byte) b);
        if (pending.length() >= chunkBytes) {
            ship(false);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        pending.appendBytes(b, off, len);
        if (pending.length() >= chunkBytes) {
            ship(false);
        }
    }

    /** Sends what is left and ends the response. */
    void finish() {
        ship(true);
    }

    /** True once the status line may have gone out. */
    boolean started() {
        return started;
    }

    /** Cuts the connection of a response already under way (the client sees an incomplete body, not a wrong one). */
    void abort() {
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.reset();
            }
        });
    }

    private void ship(boolean last) {
        Buffer b = pending;
        pending = last ? null : Buffer.buffer(chunkBytes + SLACK);
        boolean first = !started;
        started = true;
        context.runOnContext(v -> {
            if (response.ended() || response.closed()) {
                return;
            }
            if (first) {
                response.setStatusCode(200).putHeader("content-type", contentType);
                if (last) {
                    response.end(b); // small answers keep their content-length
                    return;
                }
                response.setChunked(true);
            }
            if (last) {
                response.end(b);
            } else {
                response.write(b);
            }
        });
    }
}
