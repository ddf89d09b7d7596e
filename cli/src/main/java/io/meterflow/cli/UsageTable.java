package io.meterflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders {@code query_usage} rows as an aligned table, CSV or JSON. Pure: unit-tested. */
final class UsageTable {

    enum Format { TABLE, CSV, JSON }

    /** One row of {@code meterflow.query_usage}; group values by groupBy name (a value may be null). */
    record Row(String subject, Map<String, String> groups, Instant windowStart, Instant windowEnd, BigDecimal value) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private UsageTable() {}

    static String format(Format format, List<String> groupBy, List<Row> rows, ZoneId zone) {
        switch (format) {
            case CSV:
                return csv(groupBy, rows, zone);
            case JSON:
                return json(groupBy, rows, zone);
            default:
                return table(groupBy, rows, zone);
        }
    }

    static List<String> header(List<String> groupBy) {
        List<String> h = new ArrayList<>();
        h.add("subject");
        h.addAll(groupBy);
        h.add("window_start");
        h.add("window_end");
        h.add("value");
        return h;
    }

    static List<String> cells(Row r, List<String> groupBy, ZoneId zone) {
        List<String> c = new ArrayList<>();
        c.add(r.subject());
        for (String g : groupBy) {
            c.add(r.groups().get(g));
        }
        c.add(time(r.windowStart(), zone));
        c.add(time(r.windowEnd(), zone));
        c.add(r.value() == null ? null : r.value().toPlainString());
        return c;
    }

    static String time(Instant t, ZoneId zone) {
        return t == null ? null : OffsetDateTime.ofInstant(t, zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static String table(List<String> groupBy, List<Row> rows, ZoneId zone) {
        List<String> header = header(groupBy);
        List<List<String>> body = new ArrayList<>();
        for (Row r : rows) {
            body.add(cells(r, groupBy, zone));
        }
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> b : body) {
                width[i] = Math.max(width[i], display(b.get(i)).length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        s.append(rule).append('\n');
        for (List<String> b : body) {
            line(s, b, width);
        }
        s.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String v = display(cells.get(i));
            if (i > 0) {
                l.append("  ");
            }
            boolean last = i == cells.size() - 1;
            if (last) { // the value column: numbers right-aligned
                l.append(" ".repeat(width[i] - v.length())).append(v);
            } else {
                l.append(v).append(" ".repeat(width[i] - v.length()));
            }
        }
        s.append(l.toString().stripTrailing()).append('\n');
    }

    private static String display(String v) {
        return v == null ? "(null)" : v;
    }

    static String csv(List<String> groupBy, List<Row> rows, ZoneId zone) {
        StringBuilder s = new StringBuilder();
        csvLine(s, header(groupBy));
        for (Row r : rows) {
            csvLine(s, cells(r, groupBy, zone));
        }
        return s.toString();
    }

    private static void csvLine(StringBuilder s, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            String v = cells.get(i);
            if (v == null) {
                continue; // empty field = null
            }
            if (v.isEmpty() || v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                s.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                s.append(v);
            }
        }
        s.append("\r\n");
    }

    static String json(List<String> groupBy, List<Row> rows, ZoneId zone) {
        ArrayNode array = JSON.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("subject", r.subject());
            ObjectNode groups = o.putObject("groupBy");
            for (String g : groupBy) {
                groups.put(g, r.groups().get(g));
            }
            o.put("windowStart", time(r.windowStart(), zone));
            o.put("windowEnd", time(r.windowEnd(), zone));
            o.put("value", r.value());
        }
        try {
            return JSON.writeValueAsString(array) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
