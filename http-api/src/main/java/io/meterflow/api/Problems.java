package io.meterflow.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** RFC 9457 problem details ({@code application/problem+json}), the error shape OpenMeter answers with. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {}

    static ObjectNode problem(int status, String title, String detail) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "about:blank");
        n.put("title", title);
        n.put("status", status);
        n.put("detail", detail);
        return n;
    }

    /** 400 for event-level rejections: {@code events} lists index, reason code and detail of each. */
    static ObjectNode rejected(List<IngestJudge.Problem> problems, int events) {
        ObjectNode n = problem(400, "Bad Request", problems.size() + " of " + events
                + (events == 1 ? " event was" : " events were") + " rejected; nothing of this request was ingested");
        ArrayNode list = n.putArray("events");
        for (IngestJudge.Problem p : problems) {
            ObjectNode e = list.addObject();
            e.put("index", p.index());
            e.put("reason", p.reason());
            e.put("detail", p.detail());
        }
        return n;
    }

    /** 400 naming the query parameter at fault. */
    static ObjectNode parameter(String name, String detail) {
        ObjectNode n = problem(400, "Bad Request", name + ": " + detail);
        n.put("parameter", name);
        return n;
    }
}
