package io.meterflow.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Values as the text PostgreSQL accepts in a bind parameter: text and jsonb refuse NUL, numerics
 * travel as decimal strings, bytea as hex.
 */
final class PostgresText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    /** A JSON {@code \u0000} escape that is not itself an escaped backslash: PostgreSQL text and jsonb refuse NUL. */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private PostgresText() {}

    /** PostgreSQL text cannot hold NUL: it becomes U+FFFD. */
    static String text(String s) {
        return s != null && s.indexOf('\u0000') >= 0 ? s.replace('\u0000', '\uFFFD') : s;
    }

    /** JSON text with {@code \u0000} escapes turned into {@code \ufffd} (jsonb refuses NUL). */
    static String json(String s) {
        return s == null || !s.contains("\\u0000") ? s : JSON_NUL.matcher(s).replaceAll("$1\\\\ufffd");
    }

    /** Kafka headers as a jsonb-safe JSON object; anything unparsable is kept as text under "_unparsed". */
    static String headersJson(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(s);
            if (n != null && n.isObject()) {
                return json(text(JSON.writeValueAsString(n)));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through: keep the text
        }
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("_unparsed", text(s));
        try {
            return json(JSON.writeValueAsString(wrapper));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String decimal(BigDecimal d) {
        return d == null ? null : d.toString(); // PostgreSQL numeric reads 1E+3 too; exact either way
    }

    /** 16 bytes big-endian, hi then lo: bytea order equals unsigned 128-bit order. */
    static String digestHex(long hi, long lo) {
        return HEX.toHexDigits(hi) + HEX.toHexDigits(lo);
    }

    /** Bytes as lower-case hex, for {@code decode(..., 'hex')}; null stays null. */
    static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }
}
