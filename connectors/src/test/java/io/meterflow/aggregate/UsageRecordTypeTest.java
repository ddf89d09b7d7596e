package io.meterflow.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.event.RejectedEvent;
import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The record crosses the keyBy on every event: it must be a Flink POJO all the way down (no Kryo). */
class UsageRecordTypeTest {

    @Test
    void isAPojoWithoutGenericFields() {
        TypeInformation<UsageRecord> type = TypeInformation.of(UsageRecord.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertNoGenericFields((PojoTypeInfo<?>) type);
    }

    private static void assertNoGenericFields(PojoTypeInfo<?> pojo) {
        for (int i = 0; i < pojo.getArity(); i++) {
            TypeInformation<?> field = pojo.getPojoFieldAt(i).getTypeInformation();
            assertThat(field).as("field %s", pojo.getPojoFieldAt(i).getField().getName())
                    .isNotInstanceOf(GenericTypeInfo.class);
            if (field instanceof PojoTypeInfo) {
                assertNoGenericFields((PojoTypeInfo<?>) field);
            }
        }
    }

    @Test
    void roundTripsThroughFlinksSerializer() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // fail instead of falling back to Kryo
        TypeSerializer<UsageRecord> serializer = TypeInformation.of(UsageRecord.class).createSerializer(config);
        UsageRecord r = UsageRecord.metered("llm_tokens", Aggregation.SUM, "c1", "{\"model\":\"m\"}", WindowSize.MINUTE,
                1_767_225_600_123L, new BigDecimal("0.30"), null, -7L, 42L);
        r.firstOfEvent = true;
        RejectedEvent e = new RejectedEvent();
        e.topic = "events";
        e.reason = "MALFORMED_JSON";
        e.payload = new byte[] {1, 2, 3};
        UsageRecord rejected = UsageRecord.rejected(e);
        for (UsageRecord record : new UsageRecord[] {r, rejected}) {
            DataOutputSerializer out = new DataOutputSerializer(128);
            serializer.serialize(record, out);
            UsageRecord back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(record);
        }
    }
}
