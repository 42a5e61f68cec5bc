package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecslocal.simulator.problem.Location;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each JSON path of a document starts in its file, so that every problem, including those found
 * long after parsing, can say {@code file:line:column}. Object members point at their key, array
 * elements at their first character.
 */
public final class SourceMap {
    private final Map<String, Location> locations;

    private SourceMap(Map<String, Location> locations) {
        this.locations = locations;
    }

    static SourceMap empty() {
        return new SourceMap(Map.of());
    }

    static SourceMap of(Map<String, Location> locations) {
        return new SourceMap(Map.copyOf(locations));
    }

    /**
     * The locations of a document converted from this one (a CloudFormation resource's Properties, a Terraform
     * resource's attributes): each converted path at the location of the path it came from.
     */
    SourceMap converted(Map<String, String> convertedToOriginal) {
        Map<String, Location> converted = new HashMap<>();
        convertedToOriginal.forEach((path, original) -> locate(original).ifPresent(at -> converted.put(path, at)));
        return new SourceMap(converted);
    }

    /** Reads a document already known to be well-formed JSON. */
    static SourceMap of(JsonFactory factory, String text) throws IOException {
        Map<String, Location> locations = new HashMap<>();
        try (JsonParser parser = factory.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    context = context.getParent();
                }
                boolean keyOrElement = token == JsonToken.FIELD_NAME
                        || (context.inArray() && token != JsonToken.END_ARRAY && token != JsonToken.END_OBJECT)
                        || context.inRoot() && token.isStructStart();
                if (keyOrElement) {
                    var at = parser.currentTokenLocation();
                    locations.putIfAbsent(JsonPaths.of(context), new Location(at.getLineNr(), at.getColumnNr()));
                }
            }
        }
        return new SourceMap(locations);
    }

    /** The location of {@code path}, or of its nearest ancestor that the file has (a missing field is reported at its parent). */
    public Optional<Location> locate(String path) {
        String current = path;
        while (true) {
            Location location = locations.get(current);
            if (location != null) {
                return Optional.of(location);
            }
            if (current.isEmpty()) {
                return Optional.empty();
            }
            current = parent(current);
        }
    }

    static String parent(String path) {
        int end = path.length();
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('[', end - 1));
        }
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf(']');
        return dot > bracket ? path.substring(0, dot) : (bracket >= 0 ? path.substring(0, bracket + 1) : "");
    }
}
