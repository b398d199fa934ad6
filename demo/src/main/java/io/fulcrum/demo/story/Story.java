package io.fulcrum.demo.story;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.PoolWindow;
import java.util.List;
import java.util.Optional;

/**
 * What the topics said so far: an immutable snapshot for the view and the end of the demo.
 *
 * @param windows the latest closed window of each pool, by pool name
 * @param events story lines in arrival order
 * @param incidents the latest version of each incident, in the order they opened
 * @param commands rollback commands seen
 * @param results actuator results seen
 * @param windowsSeen pool windows seen in all
 */
public record Story(
    List<PoolWindow> windows,
    List<StoryEvent> events,
    List<Incident> incidents,
    int commands,
    int results,
    long windowsSeen) {
  public Story {
    windows = List.copyOf(windows);
    events = List.copyOf(events);
    incidents = List.copyOf(incidents);
  }

  public static Story empty() {
    return new Story(List.of(), List.of(), List.of(), 0, 0, 0);
  }

  /** The latest incident of {@code pool}. */
  public Optional<Incident> latestIncident(String pool) {
    Incident last = null;
    for (Incident i : incidents) {
      if (i.getPool().equals(pool)) {
        last = i;
      }
    }
    return Optional.ofNullable(last);
  }
}
