package dev.ecslocal.simulator.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The user's AWS CLI files ({@code ~/.aws/config}, {@code ~/.aws/credentials}): INI sections of {@code key = value}.
 * In the config file a profile's section is {@code [profile NAME]} (the default one {@code [default]}); in the
 * credentials file it is {@code [NAME]}. Comments start with {@code #} or {@code ;}.
 */
public final class AwsProfiles {
    private final Map<String, Map<String, String>> sections;

    private AwsProfiles(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    public static AwsProfiles parse(String content) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : content.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(), name -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (current != null && equals > 0 && !Character.isWhitespace(raw.charAt(0))) {
                current.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        return new AwsProfiles(sections);
    }

    /** A value of a profile in the config file. */
    public Optional<String> config(String profile, String key) {
        String section = profile.equals("default") ? "default" : "profile " + profile;
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    /** A value of a profile in the credentials file. */
    public Optional<String> credentials(String profile, String key) {
        return Optional.ofNullable(sections.getOrDefault(profile, Map.of()).get(key));
    }
}
