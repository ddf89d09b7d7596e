package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StateMappingTest {

    @Test
    void onlyTheReplacedSourceMayBeLeftBehind() {
        Map<String, String> saved = Map.of("s1", "meterflow-kafka-source", "d1", "meterflow-dedupe", "u1", "meterflow-usage-sink");
        Set<String> target = Set.of("s2", "d1", "u1");
        assertThat(StateMapping.unmapped(saved, target, Set.of("s1"))).isEmpty();
        // The dedupe state under a uid the new graph lacks: every counted event would count again.
        assertThat(StateMapping.unmapped(saved, Set.of("s2", "d2", "u1"), Set.of("s1")))
                .containsExactly("meterflow-dedupe (d1)");
        assertThat(StateMapping.unmapped(Map.of("x", "x"), target, Set.of())).containsExactly("x");
    }

    /** Whatever the graphs, a reported operator is exactly one that neither maps nor may be dropped. */
    @Property
    void reportsExactlyTheStateThatWouldBeDropped(@ForAll @Size(max = 12) Set<Integer> saved,
            @ForAll @Size(max = 12) Set<Integer> target, @ForAll @Size(max = 12) Set<Integer> droppable) {
        Map<String, String> savedIds = new HashMap<>();
        saved.forEach(i -> savedIds.put("op" + i, "op" + i));
        List<String> lost = StateMapping.unmapped(savedIds, ids(target), ids(droppable));
        for (Integer i : saved) {
            boolean dropped = !target.contains(i) && !droppable.contains(i);
            assertThat(lost.contains("op" + i)).as("op%s", i).isEqualTo(dropped);
        }
        assertThat(lost).hasSizeLessThanOrEqualTo(saved.size());
    }

    private static Set<String> ids(Set<Integer> ints) {
        Set<String> s = new HashSet<>();
        ints.forEach(i -> s.add("op" + i));
        return s;
    }
}
