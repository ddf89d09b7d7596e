package io.meterflow.config;

import java.io.Serializable;
import java.util.Objects;

/** A secret value: {@link #toString()} never shows it; call {@link #reveal()} where it is used. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String MASK = "***";

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && ((Secret) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
