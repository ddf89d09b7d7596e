package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.RejectedEvent;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Committables are checkpointed: whatever strings they hold, restoring one must give back every
 * window row (no two keys merged into one), every count and every unique value.
 */
class CommittableSerializerPropertiesTest {
    private static final long T0 = 1_767_225_600_000L;

    /** Arbitrary UTF-16, weighted to what used to collide in UTF-8: ?, U+FFFD, NUL and lone surrogates. */
    private static Arbitrary<String> utf16() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('?', '\uFFFD', '\u0000', '\uD83D', '\uDE00', 'a', '"', '\\')
                .ofMinLength(1).ofMaxLength(4);
        return Arbitraries.oneOf(tricky, tricky, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12));
    }

    record Event(String subject, String groups, String unique, int minute) {}

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<Event> e = Combinators.combine(utf16(), utf16(), utf16(), Arbitraries.integers().between(0, 2))
                .as(Event::new);
        return e.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void rowsCountsAndUniqueValuesSurviveTheRoundTrip(@ForAll("events") List<Event> events) throws Exception {
        UsageWriter w = new UsageWriter(1, "lineage-\uD83D", 0, 0);
        long id = 0;
        for (Event e : events) {
            UsageRecord r = UsageRecord.metered("users", Aggregation.UNIQUE_COUNT, e.subject(), e.groups(),
                    WindowSize.MINUTE, T0 + e.minute() * 60_000L, null, e.unique(), 0, ++id);
            r.kind = UsageRecord.Kind.COUNTED;
            r.firstOfEvent = true;
            w.write(r, null);
        }
        RejectedEvent rej = UsageWriterTest.rejection("users", 1);
        rej.eventId = events.get(0).subject();
        rej.detail = events.get(0).unique();
        w.write(UsageRecord.rejected(rej), null);
        UsageCommittable c = w.prepareCommit().iterator().next();

        UsageCommittableSerializer s = new UsageCommittableSerializer();
        UsageCommittable back = s.deserialize(s.getVersion(), s.serialize(c));

        assertThat(back.windows().keySet()).containsExactlyElementsOf(c.windows().keySet());
        long events1 = c.windows().values().stream().mapToLong(d -> d.eventCount()).sum();
        long events2 = back.windows().values().stream().mapToLong(d -> d.eventCount()).sum();
        assertThat(events2).isEqualTo(events1).isEqualTo(events.size());
        for (WindowKey k : c.windows().keySet()) {
            assertThat(back.windows().get(k).uniqueValues()).containsExactlyElementsOf(c.windows().get(k).uniqueValues());
        }
        assertThat(back.counters()).isEqualTo(c.counters());
        assertThat(back.rejections()).isEqualTo(c.rejections());
        assertThat(back.id()).isEqualTo(c.id());
    }
}
