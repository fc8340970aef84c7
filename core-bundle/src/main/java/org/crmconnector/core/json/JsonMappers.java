package org.crmconnector.core.json;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The ground every mapper of ours stands on, so the API and the outbox store write times alike. */
public final class JsonMappers {

    private JsonMappers() {
    }

    /**
     * A mapper builder that writes instants as ISO-8601 UTC strings, as clients
     * read them and as stored data already holds them, never as numbers.
     */
    public static JsonMapper.Builder withIsoInstants() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
