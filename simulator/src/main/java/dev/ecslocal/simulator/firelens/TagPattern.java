package dev.ecslocal.simulator.firelens;

/**
 * A {@code Match} pattern of the router's configuration, matched against a record's tag as Fluent Bit's router
 * matches it: {@code *} stands for any run of characters (none included), every other character for itself, and
 * the whole tag must match. ECS writes {@code <container>-firelens*} (Fluentd: {@code **}, which here is the same
 * wildcard), so every tag that starts with {@code <container>-firelens} is that container's: the driver's
 * {@code app-firelens-<task id>}, and {@code app-firelens-custom} that a program sends to FLUENT_HOST itself.
 *
 * <p>At worst a tag costs its length times the pattern's; ECS's patterns end in their only star, which takes the rest
 * of the tag at once, so a tag from a socket, however long, costs one pass over its start.
 */
public record TagPattern(String pattern) {
    public static TagPattern of(String pattern) {
        return new TagPattern(java.util.Objects.requireNonNull(pattern, "pattern"));
    }

    public boolean matches(String tag) {
        if (tag == null) {
            return false;
        }
        int t = 0;
        int p = 0;
        int star = -1;
        int resume = 0;
        while (t < tag.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    p++;
                }
                star = p;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == tag.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
