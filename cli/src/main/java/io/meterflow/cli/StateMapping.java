package io.meterflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which state of a savepoint a new job graph would leave behind. A replay restores with
 * allowNonRestoredState only because the old source's offsets must be dropped; that flag would
 * drop any other unmapped state just as silently (the dedupe state under an old uid: every event
 * counted again), so everything else must map. Pure: unit-tested.
 */
final class StateMapping {
    private StateMapping() {}

    /**
     * @param saved operator id → a readable name (uid or operator name), for operators with state
     * @param target operator ids of the graph that will restore the savepoint
     * @param droppable operator ids that may be left behind (the replaced source's)
     * @return the names of state that would be dropped though it is not droppable, sorted by id
     */
    static List<String> unmapped(Map<String, String> saved, Set<String> target, Set<String> droppable) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(saved).forEach((id, name) -> {
            if (!target.contains(id) && !droppable.contains(id)) {
                out.add(name.equals(id) ? id : name + " (" + id + ")");
            }
        });
        return out;
    }
}
