package io.meterflow.sink;

import java.io.Serializable;

/** Opens a {@link UsageStore} on a task manager; shipped with the job graph, hence serializable. */
@FunctionalInterface
public interface UsageStoreFactory extends Serializable {
    UsageStore open();
}
