package dev.ecslocal.simulator.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.simulator.model.Secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user's local stand-in for Secrets Manager and Parameter Store ({@code run --secrets FILE}): keys are what a
 * task definition's {@code valueFrom} names, values are what the store would hold. A file is a JSON object (a value
 * may be an object: a Secrets Manager secret whose json keys are selected, as ECS does) or {@code NAME=value} lines
 * read with the environment files' literal rules.
 *
 * <p>A secret is looked up, in this order, by: its {@code valueFrom} as written; for Secrets Manager, the secret's
 * ARN without the json-key fields, then the name in that ARN, then that name without the 6 characters Secrets
 * Manager appends (these three hold the whole SecretString, from which a json key is taken); for an SSM parameter
 * ARN, the parameter's name ({@code /prod/db} or {@code db}); last, the secret's own {@code name} (the variable).
 * A value found by the full {@code valueFrom} or by the variable is the final value: no json key is taken from it.
 */
public final class SecretStore implements SecretSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> values;

    private SecretStore(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static SecretStore empty() {
        return new SecretStore(Map.of());
    }

    public static SecretStore of(Map<String, String> values) {
        return new SecretStore(values);
    }

    /**
     * @throws IllegalArgumentException when a JSON file is not an object of strings and objects, naming the key
     */
    public static SecretStore parse(String content) {
        if (!content.stripLeading().startsWith("{")) {
            return new SecretStore(EnvironmentFile.parse(content));
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                values.put(field.getKey(), value.toString()); // a JSON SecretString, as Secrets Manager holds it
            } else if (value.isValueNode() && !value.isNull()) {
                values.put(field.getKey(), value.asText());
            } else {
                throw new IllegalArgumentException("\"" + field.getKey() + "\" must be a string (a secret's or parameter's "
                        + "value) or an object (a Secrets Manager secret of json keys)");
            }
        }
        return new SecretStore(values);
    }

    /**
     * The value ECS would give the secret from this store: empty when the store holds nothing for it.
     *
     * @throws UnresolvedSecret in the agent's words when it holds something unusable (a json key it does not have)
     */
    @Override
    public Optional<String> find(Secret secret) throws UnresolvedSecret {
        SecretReference reference = SecretReference.of(secret);
        if (reference instanceof SecretReference.SecretsManager asm) {
            if (!secret.valueFrom().equals(asm.secretId()) && values.containsKey(secret.valueFrom())) {
                return Optional.of(values.get(secret.valueFrom())); // keyed with its json-key fields: the value itself
            }
            Optional<String> stored = firstOf(asmKeys(asm));
            if (stored.isPresent()) {
                try {
                    return Optional.of(asm.select(stored.get()));
                } catch (IllegalArgumentException noKey) {
                    throw new UnresolvedSecret(SecretReference.ASM_FAILED + noKey.getMessage(),
                            "give " + asm.secretId() + " in the --secrets file a JSON object with the key \"" + asm.jsonKey() + "\"");
                }
            }
            return byVariable(secret);
        }
        List<String> keys = new ArrayList<>();
        keys.add(secret.valueFrom());
        parameterName(secret.valueFrom()).ifPresent(name -> {
            keys.add(name);
            keys.add(name.startsWith("/") ? name.substring(1) : "/" + name);
        });
        return firstOf(keys).or(() -> byVariable(secret));
    }

    /** By the parameter as written, or as a Secrets Manager ARN's name would be kept. */
    @Override
    public Optional<String> findRegistryCredentials(String credentialsParameter) throws UnresolvedSecret {
        return find(new Secret("repositoryCredentials", credentialsParameter));
    }

    /**
     * The value ECS would give the secret, from this store alone.
     *
     * @throws UnresolvedSecret with the agent's words for the failure and what would fix it locally
     */
    public String resolve(Secret secret) throws UnresolvedSecret {
        Optional<String> value = find(secret);
        if (value.isPresent()) {
            return value.get();
        }
        throw notFound(secret, "run with --secrets aws (from your account) or --secrets FILE, a file that holds");
    }

    /**
     * What ECS says when the secret does not exist, with where the user can give it.
     *
     * @param otherwise the start of the fix when the store is empty ("run with --secrets FILE, a file that holds")
     */
    public UnresolvedSecret notFound(Secret secret, String otherwise) {
        SecretReference reference;
        try {
            reference = SecretReference.parse(secret.valueFrom());
        } catch (IllegalArgumentException invalid) {
            return new UnresolvedSecret(SecretReference.ASM_FAILED + invalid.getMessage(), "fix valueFrom");
        }
        String key = reference instanceof SecretReference.SecretsManager asm ? asm.secretId() : secret.valueFrom();
        String keys = "\"" + key + "\" (or \"" + secret.name() + "\")";
        String fix = values.isEmpty() ? otherwise + " " + keys : "add " + keys + " to the --secrets file";
        if (reference instanceof SecretReference.SecretsManager) {
            return new UnresolvedSecret(SecretReference.ASM_FAILED + "failed to fetch secret " + key + " from secrets manager: "
                    + "ResourceNotFoundException: Secrets Manager can't find the specified secret.", fix);
        }
        return new UnresolvedSecret(SecretReference.SSM_FAILED + "invalid parameters: " + secret.valueFrom(), fix);
    }

    /**
     * Every value the store holds, and each scalar inside a JSON one (a json key puts just that in a container): what
     * ecs-local must never show.
     */
    public Set<String> values() {
        Set<String> all = new LinkedHashSet<>();
        values.values().forEach(value -> all.addAll(maskable(value)));
        return all;
    }

    /** A value, and each scalar inside it when it is a JSON object: what must never be shown of it. */
    public static Set<String> maskable(String value) {
        Set<String> all = new LinkedHashSet<>();
        all.add(value);
        try {
            JsonNode node = value.startsWith("{") ? JSON.readTree(value) : null;
            if (node != null && node.isObject()) {
                node.forEach(field -> all.add(field.isValueNode() ? field.asText() : field.toString()));
            }
        } catch (JsonProcessingException notJson) {
            // A plain string: added whole above.
        }
        return all;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Where a Secrets Manager secret's whole SecretString may be kept. */
    private static List<String> asmKeys(SecretReference.SecretsManager asm) {
        String name = asm.secretId().substring(asm.secretId().lastIndexOf(':') + 1);
        List<String> keys = new ArrayList<>(List.of(asm.secretId(), name));
        // Secrets Manager appends "-" and 6 characters to a secret's name in its ARN.
        if (name.length() > 7 && name.charAt(name.length() - 7) == '-') {
            keys.add(name.substring(0, name.length() - 7));
        }
        return keys;
    }

    /** arn:aws:ssm:region:account:parameter/prod/db → /prod/db (a path) or db (a plain name). */
    private static Optional<String> parameterName(String valueFrom) {
        return valueFrom.startsWith("arn:") ? Optional.ofNullable(SecretReference.ParameterStore.nameInArn(valueFrom)) : Optional.empty();
    }

    private Optional<String> firstOf(List<String> keys) {
        return keys.stream().filter(values::containsKey).map(values::get).findFirst();
    }

    private Optional<String> byVariable(Secret secret) {
        return Optional.ofNullable(values.get(secret.name()));
    }

}
