package io.meterflow.aggregate;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type of {@link UsageRecord}: serialized by {@link UsageRecordSerializer}, never by Kryo. */
public final class UsageRecordTypeInfo extends TypeInformation<UsageRecord> {
    private static final long serialVersionUID = 1L;

    /** Declared where a stream of records is made (the Kafka deserializer's produced type). */
    public static final UsageRecordTypeInfo INSTANCE = new UsageRecordTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<UsageRecord> getTypeClass() {
        return UsageRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<UsageRecord> createSerializer(SerializerConfig config) {
        return UsageRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "UsageRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UsageRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return UsageRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof UsageRecordTypeInfo;
    }

}
