package dev.ecslocal.simulator.aws;

/**
 * A call to AWS that did not give what was asked: the service's refusal ({@code AccessDeniedException: User: … is not
 * authorized to perform: secretsmanager:GetSecretValue …}), no credentials to sign with, or no answer. The message is
 * what the ECS agent shows for the same failure ({@code CODE: message}), so that callers can put it in ECS's words.
 */
public final class AwsCallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Kind {
        /** The service answered with an error code. */
        REFUSED,
        /** The SDK found no credentials (or could not use them) to sign the call with. */
        NO_CREDENTIALS,
        /** No answer: the endpoint cannot be reached, or the answer could not be read. */
        UNREACHABLE
    }

    private final Kind kind;
    private final String operation;
    private final String errorCode;

    /**
     * @param operation {@code secretsmanager:GetSecretValue}: the IAM action, which is what the user grants
     * @param errorCode the service's ({@code ResourceNotFoundException}); null unless {@link Kind#REFUSED}
     */
    public AwsCallFailure(Kind kind, String operation, String errorCode, String message) {
        super(message);
        this.kind = kind;
        this.operation = operation;
        this.errorCode = errorCode;
    }

    public Kind kind() {
        return kind;
    }

    public String operation() {
        return operation;
    }

    /** Null unless the service answered. */
    public String errorCode() {
        return errorCode;
    }

    /** AWS's codes for credentials it will not take: expired, unknown, or signed wrong (not a missing permission). */
    private static final java.util.Set<String> CREDENTIALS_REJECTED = java.util.Set.of("ExpiredToken", "ExpiredTokenException",
            "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
            "InvalidAccessKeyId", "AuthFailure", "RequestExpired", "InvalidToken", "TokenRefreshRequired");

    /** The service refused the credentials themselves, whatever the call: what to do is the same for every call. */
    public boolean credentialsRejected() {
        return kind == Kind.REFUSED && CREDENTIALS_REJECTED.contains(errorCode);
    }

    /** What to do about {@link #credentialsRejected() rejected credentials}. */
    public static final String CREDENTIALS_FIX = "your AWS credentials are expired or not valid: `aws sts get-caller-identity` "
            + "checks them (for an SSO profile, `aws sso login` renews them)";
}
