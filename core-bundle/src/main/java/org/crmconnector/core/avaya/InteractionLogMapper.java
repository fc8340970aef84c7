package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.MemberNames.member;
import static org.crmconnector.core.avaya.ValueDescriptions.kind;
import static org.crmconnector.core.avaya.ValueDescriptions.show;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.interaction.Interaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Maps the Avaya CRM Connector's {@code requestSaveInteractionLog} (seed 001)
 * and {@code requestPerformInteractionScreenPop} (seed 000) payloads onto the
 * interaction model.
 * <p>
 * Every field of seed 001's table ({@link InteractionLogFields}) is looked up
 * in the scopes of the body ({@link BodyScopes}) by normalised name and known
 * synonyms. Unknown members are ignored. A known field of the wrong type is a
 * {@link ValueMismatch}, a string over the length limit or an array over the
 * size limit a {@link LimitExceeded}; both name the field, and
 * {@link CrmConnectResource} answers exactly these two with 400.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class InteractionLogMapper {

    public static final String SAVE_INTERACTION_LOG = "requestSaveInteractionLog";
    public static final String PERFORM_SCREEN_POP = "requestPerformInteractionScreenPop";
    public static final int DEFAULT_MAX_STRING_LENGTH = 32_000;
    public static final int DEFAULT_MAX_ARRAY_LENGTH = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(InteractionLogMapper.class);

    private final int maxStringLength;
    private final int maxArrayLength;

    public InteractionLogMapper() {
        this(DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_ARRAY_LENGTH);
    }

    /** Limits apply to every string and to every array or map of a known field, nested ones included. */
    public InteractionLogMapper(int maxStringLength, int maxArrayLength) {
        if (maxStringLength < 1 || maxArrayLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxStringLength = maxStringLength;
        this.maxArrayLength = maxArrayLength;
    }

    /**
     * Maps the {@code data} member of a {@code requestSaveInteractionLog} message.
     * The body may sit at {@code data.message.body} (the seed's example),
     * {@code data.body} or be {@code data} itself. {@code interactionId} is required.
     *
     * @throws IllegalArgumentException a {@link ValueMismatch} or {@link LimitExceeded} naming the field that
     *         is missing, of the wrong type or too large
     */
    public Interaction map(JsonNode data) {
        MappingRun run = new MappingRun(SAVE_INTERACTION_LOG, "", true);
        BodyScopes scopes = new BodyScopes(run, BodyScopes.bodyOf(run, data));
        InteractionLogFields fields = new InteractionLogFields(scopes, coercions(run));
        String interactionId = fields.interactionId();
        if (interactionId == null || interactionId.isEmpty()) {
            throw run.mismatch(new FieldLocation("interactionId", null), "is missing");
        }
        Interaction i = new Interaction();
        i.interactionId = interactionId;
        fields.fill(i);
        return i;
    }

    /**
     * Parses the {@code data} member of a {@code requestPerformInteractionScreenPop}
     * message: {@code {aniValues, dnisValues, interactionData, allowScreenPop}}.
     * The envelope is checked strictly; {@code interactionData} is mapped best
     * effort (a member whose value does not fit is left out, size limits still
     * apply), because a pop on the caller's number is worth more than a perfect snapshot.
     *
     * @throws IllegalArgumentException a {@link ValueMismatch} or {@link LimitExceeded} naming the field when
     *         the envelope is malformed or a limit is exceeded
     */
    public ScreenPopMessage parseScreenPop(JsonNode data) {
        MappingRun envelope = new MappingRun(PERFORM_SCREEN_POP, "", true);
        if (data == null || !data.isObject()) {
            throw envelope.mismatch(new FieldLocation("data", null), "must be an object, not " + kind(data));
        }
        CollectionCoercions envelopeValues = new CollectionCoercions(coercions(envelope));
        List<String> anis = envelopeValues.stringList(new FieldLocation("aniValues", null),
                member(data, "aniValues"));
        List<String> dnises = envelopeValues.stringList(new FieldLocation("dnisValues", null),
                member(data, "dnisValues"));
        JsonNode allow = member(data, "allowScreenPop");
        if (allow != null && !allow.isBoolean()) {
            throw envelope.mismatch(new FieldLocation("allowScreenPop", null),
                    "must be true or false, not " + show(allow));
        }
        JsonNode given = member(data, "interactionData");
        if (given != null && !given.isObject()) {
            throw envelope.mismatch(new FieldLocation("interactionData", null),
                    "must be an object, not " + kind(given));
        }
        JsonNode interactionData = given == null ? JsonNodeFactory.instance.objectNode() : given;

        MappingRun run = new MappingRun(PERFORM_SCREEN_POP, "interactionData.", false);
        BodyScopes scopes = new BodyScopes(run, interactionData);
        ValueCoercions values = coercions(run);
        InteractionLogFields fields = new InteractionLogFields(scopes, values);
        Interaction interaction = new Interaction();
        fields.fill(interaction);
        String interactionId = run.attempt(() -> {
            JsonNode own = member(interactionData, "interactionId", "id");
            return own != null ? values.text(new FieldLocation("interactionId", null), own).trim()
                    : fields.interactionId();
        });
        interaction.interactionId = interactionId == null || interactionId.isEmpty() ? null : interactionId;
        if (!run.skipped().isEmpty()) {
            LOG.debug("{}: left out of the interaction: {}", PERFORM_SCREEN_POP, run.skipped());
        }
        String ani = anis.isEmpty() ? interaction.ani() : anis.get(0);
        String dnis = dnises.isEmpty() ? interaction.dnisForLookup() : dnises.get(0);
        return new ScreenPopMessage(ani, dnis, interaction.interactionId, allow == null || allow.booleanValue(),
                attachedData(values, scopes, interactionData), interaction);
    }

    private ValueCoercions coercions(MappingRun run) {
        return new ValueCoercions(run, maxStringLength, maxArrayLength);
    }

    private Map<String, String> attachedData(ValueCoercions values, BodyScopes scopes, JsonNode interactionData) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : interactionData.properties()) {
            JsonNode v = e.getValue();
            if (v.isObject()) {
                for (Map.Entry<String, JsonNode> inner : v.properties()) {
                    putScalar(values, out, e.getKey() + "." + inner.getKey(), inner.getValue(), false);
                }
            } else {
                putScalar(values, out, e.getKey(), v, false);
            }
        }
        // Intrinsics by their own names, as rules and adapters search by them; the members above win.
        if (scopes.intrinsics() != null) {
            for (Map.Entry<String, JsonNode> e : scopes.intrinsics().properties()) {
                putScalar(values, out, e.getKey(), e.getValue(), true);
            }
        }
        return out;
    }

    private void putScalar(ValueCoercions values, Map<String, String> out, String key, JsonNode v,
            boolean ifAbsent) {
        if (!v.isValueNode() || v.isNull() || (ifAbsent && out.containsKey(key))) {
            return;
        }
        if (out.size() >= maxArrayLength) {
            throw values.run().limit(new FieldLocation("", null), "has more than " + maxArrayLength
                    + " attached values");
        }
        out.put(key, values.bounded(new FieldLocation(key, null), v.asText()));
    }
}
