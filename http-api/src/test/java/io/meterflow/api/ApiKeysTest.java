package io.meterflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A key's public id is printed, typed and stored as text: 12 lower-case hex digits (6 random bytes). */
class ApiKeysTest {

    @Test
    void idsAreTwelveLowerCaseHexDigitsAndDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = ApiKeys.newId();
            assertThat(id).matches("[0-9a-f]{12}");
            ids.add(id);
        }
        assertThat(ids).hasSize(200);
    }
}
