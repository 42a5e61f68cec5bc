package dev.ecslocal.simulator.aws;

import dev.ecslocal.simulator.model.Secret;
import dev.ecslocal.simulator.platform.SecretReference;
import dev.ecslocal.simulator.platform.SecretSource;
import dev.ecslocal.simulator.platform.UnresolvedSecret;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The task's secrets from the user's account ({@code run --secrets aws}), fetched as the agent fetches them with the
 * execution role (docs/ecs-semantics.md §9.1): secretsmanager:GetSecretValue in the ARN's region with the version stage
 * or id the ARN selects, then its json key; ssm:GetParameters with decryption in the ARN's region, or the task's for a
 * bare name. Failures are the agent's words followed by AWS's. A secret named by several containers is fetched once.
 */
public final class AccountSecrets implements SecretSource {
    private final Supplier<AwsAccount> account;
    private final String taskRegion;
    private final Map<String, String> fetched = new ConcurrentHashMap<>();

    /** @param taskRegion where a parameter named without an ARN is */
    public AccountSecrets(Supplier<AwsAccount> account, String taskRegion) {
        this.account = account;
        this.taskRegion = taskRegion;
    }

    /** Never empty: the account is the last place asked, so "not there" is its own failure, in AWS's words. */
    @Override
    public Optional<String> find(Secret secret) throws UnresolvedSecret {
        SecretReference reference;
        try {
            reference = SecretReference.parse(secret.valueFrom());
        } catch (IllegalArgumentException invalid) {
            throw new UnresolvedSecret(SecretReference.ASM_FAILED + invalid.getMessage(), "fix valueFrom");
        }
        if (reference instanceof SecretReference.SecretsManager asm) {
            String secretString = secretString(asm);
            try {
                return Optional.of(asm.select(secretString));
            } catch (IllegalArgumentException noKey) {
                throw new UnresolvedSecret(SecretReference.ASM_FAILED + noKey.getMessage(), "add the key \"" + asm.jsonKey()
                        + "\" to the secret, or fix the json key in valueFrom");
            }
        }
        return Optional.of(parameter((SecretReference.ParameterStore) reference, secret));
    }

    /** By ARN, or by name in the task's region: ECS takes either here, and only Secrets Manager. */
    @Override
    public Optional<String> findRegistryCredentials(String credentialsParameter) throws UnresolvedSecret {
        SecretReference reference;
        try {
            reference = SecretReference.parse(credentialsParameter);
        } catch (IllegalArgumentException invalid) {
            throw new UnresolvedSecret(SecretReference.ASM_FAILED + invalid.getMessage(), "fix credentialsParameter");
        }
        SecretReference.SecretsManager asm = reference instanceof SecretReference.SecretsManager byArn ? byArn
                : new SecretReference.SecretsManager(credentialsParameter, null, null, null);
        return Optional.of(secretString(asm));
    }

    private String secretString(SecretReference.SecretsManager asm) throws UnresolvedSecret {
        String key = asm.secretId() + ":" + nonNull(asm.versionStage()) + ":" + nonNull(asm.versionId());
        String known = fetched.get(key);
        if (known != null) {
            return known;
        }
        try {
            String value = account.get().secretString(region(asm.secretId()), asm.secretId(), asm.versionStage(), asm.versionId());
            fetched.put(key, value);
            return value;
        } catch (AwsCallFailure failure) {
            throw new UnresolvedSecret(SecretReference.ASM_FAILED + "failed to fetch secret " + asm.secretId()
                    + " from secrets manager: " + failure.getMessage(), fix(failure, "secretsmanager:GetSecretValue on "
                    + asm.secretId() + (asm.versionStage() == null && asm.versionId() == null ? ""
                    : " (version " + (asm.versionId() != null ? "id " + asm.versionId() : "stage " + asm.versionStage()) + ")"),
                    "`aws secretsmanager describe-secret --secret-id " + asm.secretId() + "` shows whether it exists there"));
        }
    }

    private String parameter(SecretReference.ParameterStore parameter, Secret secret) throws UnresolvedSecret {
        String region = parameter.region() != null ? parameter.region() : taskRegion;
        String name = parameter.parameterName();
        String key = region + " " + name;
        String known = fetched.get(key);
        if (known != null) {
            return known;
        }
        Map<String, String> values;
        try {
            values = account.get().parameters(region, List.of(name));
        } catch (AwsCallFailure failure) {
            throw new UnresolvedSecret(SecretReference.SSM_FAILED + failure.getMessage(), fix(failure, "ssm:GetParameters on "
                    + name + " in " + region + " (and kms:Decrypt on its key, for a SecureString under a customer managed key)",
                    "`aws ssm get-parameters --names " + name + " --region " + region + "` shows whether it exists there"));
        }
        String value = values.get(name);
        if (value == null) {
            throw new UnresolvedSecret(SecretReference.SSM_FAILED + "invalid parameters: " + secret.valueFrom(), "Parameter Store "
                    + "in " + region + " has no parameter " + name + ": `aws ssm get-parameters --names " + name + " --region " + region
                    + "` shows the same; check the name and region, or put a local value in a --secrets file");
        }
        fetched.put(key, value);
        return value;
    }

    /** An ARN's region; the task's for a name. */
    private String region(String idOrArn) {
        String[] fields = idOrArn.split(":", 5);
        return idOrArn.startsWith("arn:") && fields.length == 5 && !fields[3].isEmpty() ? fields[3] : taskRegion;
    }

    /** What the user can do about a failed call: the IAM action for a refusal, the lookup for a missing one. */
    static String fix(AwsCallFailure failure, String action, String lookup) {
        return switch (failure.kind()) {
            case NO_CREDENTIALS -> "ecs-local asks AWS with your credentials only; see above for where it looked";
            case UNREACHABLE -> "check your network and AWS_ENDPOINT_URL settings, or put a local value in a --secrets file";
            case REFUSED -> failure.credentialsRejected() ? AwsCallFailure.CREDENTIALS_FIX
                    : failure.errorCode().contains("NotFound")
                    ? "the account has no such secret: " + lookup
                    : "your AWS identity (on ECS: the task's execution role) needs " + action;
        };
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
