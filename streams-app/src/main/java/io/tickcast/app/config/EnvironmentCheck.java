package io.tickcast.app.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds {@code TICKCAST_*} environment variables that set no config key, so a typo such as {@code
 * TICKCAST_BOOTSTRAP_SERVER} (which would silently start the demo instead of joining the cluster)
 * is named in one WARN line with the closest known variable. A warning, not an error: platforms
 * inject variables of their own with the same prefix (Kubernetes: {@code TICKCAST_PORT},
 * {@code TICKCAST_SERVICE_HOST} for a service named tickcast).
 */
final class EnvironmentCheck {

  private static final String PREFIX = "TICKCAST_";
  /** Suggest a known variable only if it is this close (edits). */
  private static final int MAX_SUGGESTION_DISTANCE = 3;

  private EnvironmentCheck() {}

  /** One line per unknown {@code TICKCAST_*} variable, sorted by name. */
  static List<String> unknownVariables(Map<String, String> env, Iterable<String> keys) {
    List<String> known = new ArrayList<>(List.of(AppConfigLoader.CONFIG_FILE_ENV));
    keys.forEach(k -> known.add(AppConfigLoader.envName(k)));
    List<String> out = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (!name.startsWith(PREFIX) || known.contains(name)) {
        continue;
      }
      String closest = known.stream().min(Comparator.comparingInt(k -> EditDistance.of(name, k))).orElseThrow();
      out.add("environment variable " + name + " sets no config key and is ignored"
          + (EditDistance.of(name, closest) <= MAX_SUGGESTION_DISTANCE ? "; did you mean " + closest + "?" : ""));
    }
    return out;
  }
}
