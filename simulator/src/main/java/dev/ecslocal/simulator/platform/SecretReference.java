package dev.ecslocal.simulator.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a secret's value comes from, read from its {@code valueFrom} as ECS reads it (ECS-SEMANTICS §9.1): a
 * Secrets Manager ARN, whole or with {@code :json-key:version-stage:version-id}, or an SSM parameter (a name, a
 * path or an ARN).
 */
public sealed interface SecretReference {
    /** The agent's words before a Secrets Manager failure. */
    String ASM_FAILED = "unable to retrieve secret from asm: ";
    /** The agent's words before a Parameter Store failure. */
    String SSM_FAILED = "unable to retrieve secrets from ssm: ";
    /** The agent's words for a Secrets Manager ARN with the wrong number of fields. */
    String INVALID_ASM_ARN = "an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN "
            + "and try again.";

    /**
     * @param secretId     the ARN without the three selector fields: what the value is looked up by
     * @param jsonKey      the key of the JSON object to take; null: the whole SecretString
     * @param versionStage null: AWSCURRENT
     * @param versionId    null: the stage's version
     */
    record SecretsManager(String secretId, String jsonKey, String versionStage, String versionId) implements SecretReference {
        private static final ObjectMapper JSON = new ObjectMapper();

        /**
         * The value ECS puts in the container from the secret's SecretString: the whole string, or its json-key's value
         * (text as it is; numbers and booleans as their text, as the agent's Go {@code %v} prints them).
         *
         * @throws IllegalArgumentException in the agent's words when the key is missing
         */
        public String select(String secretString) {
            if (jsonKey == null) {
                return secretString;
            }
            JsonNode object;
            try {
                object = JSON.readTree(secretString);
            } catch (JsonProcessingException e) {
                object = null;
            }
            if (object == null || !object.isObject()) {
                throw new IllegalArgumentException("the secret " + secretId + " is not a JSON object, so json key " + jsonKey
                        + " cannot be taken from it");
            }
            JsonNode value = object.get(jsonKey);
            if (value == null) {
                throw new IllegalArgumentException("retrieved secret from Secrets Manager did not contain json key " + jsonKey);
            }
            return value.isValueNode() ? value.asText() : value.toString();
        }
    }

    /** @param name as the task definition gives it: a name, a path ({@code /prod/db/password}) or an ARN */
    record ParameterStore(String name) implements SecretReference {
        /** The parameter's name as Parameter Store knows it: {@code /prod/db} or {@code db}, from an ARN or as given. */
        public String parameterName() {
            String inArn = name.startsWith("arn:") ? nameInArn(name) : null;
            return inArn == null ? name : inArn;
        }

        /** The ARN's region; null for a name, which is in the task's region. */
        public String region() {
            String[] fields = name.split(":", 5);
            return name.startsWith("arn:") && fields.length == 5 && !fields[3].isEmpty() ? fields[3] : null;
        }

        /** arn:aws:ssm:region:account:parameter/prod/db → /prod/db (a path) or db (a plain name); null if not such an ARN. */
        static String nameInArn(String arn) {
            int at = arn.indexOf(":parameter/");
            if (at < 0) {
                return null;
            }
            String name = arn.substring(at + ":parameter/".length());
            return name.contains("/") ? "/" + name : name;
        }
    }

    /** The secret's reference, or the agent's words for a malformed Secrets Manager ARN. */
    static SecretReference of(dev.ecslocal.simulator.model.Secret secret) throws UnresolvedSecret {
        try {
            return parse(secret.valueFrom());
        } catch (IllegalArgumentException invalid) {
            throw new UnresolvedSecret(ASM_FAILED + invalid.getMessage(), "fix valueFrom");
        }
    }

    /** @throws IllegalArgumentException with the agent's words for a malformed Secrets Manager ARN */
    public static SecretReference parse(String valueFrom) {
        String[] parts = valueFrom.split(":", -1);
        boolean arn = parts.length >= 6 && parts[0].equals("arn");
        if (!arn || !parts[2].equals("secretsmanager")) {
            return new ParameterStore(valueFrom);
        }
        // arn:partition:secretsmanager:region:account:secret:name-AbCdEf[:json-key:version-stage:version-id]
        int resourceFields = parts.length - 5;
        if (!parts[5].equals("secret") || resourceFields != 2 && resourceFields != 5) {
            throw new IllegalArgumentException(INVALID_ASM_ARN);
        }
        String secretId = String.join(":", java.util.Arrays.copyOfRange(parts, 0, 7));
        if (resourceFields == 2) {
            return new SecretsManager(secretId, null, null, null);
        }
        return new SecretsManager(secretId, emptyIsNone(parts[7]), emptyIsNone(parts[8]), emptyIsNone(parts[9]));
    }

    private static String emptyIsNone(String field) {
        return field.isEmpty() ? null : field;
    }
}
