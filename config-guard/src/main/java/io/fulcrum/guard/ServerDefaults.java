package io.fulcrum.guard;

import java.util.List;

/**
 * {@code default-server} settings, and the same keywords read on a {@code server} line on top of
 * them. A class of its own because both a {@code defaults} section and each {@link HaproxyProxy}
 * carry one.
 */
record ServerDefaults(int weight, boolean disabled, boolean backup) {
  static final ServerDefaults NONE = new ServerDefaults(1, false, false);

  ServerDefaults with(List<String> t, int from, int n, List<Note> notes) {
    int w = weight;
    boolean dis = disabled;
    boolean bak = backup;
    for (int i = from; i < t.size(); i++) {
      switch (t.get(i)) {
        case "weight" -> {
          if (i + 1 >= t.size()) {
            throw new ConfigSyntaxException(n, "'weight' needs a value");
          }
          w = weight(t.get(++i), n, notes);
        }
        case "disabled" -> dis = true;
        case "enabled" -> dis = false;
        case "backup" -> bak = true;
        case "no-backup" -> bak = false;
        default -> {}
      }
    }
    return new ServerDefaults(w, dis, bak);
  }

  Server server(String name, String address, String template, int line) {
    return new Server(name, address, weight, disabled, backup, template, line);
  }

  private int weight(String v, int n, List<Note> notes) {
    if (v.contains("$")) {
      notes.add(
          new Note(
              n,
              "weight "
                  + v
                  + ": environment variable not expanded; weight "
                  + weight
                  + " assumed"));
      return weight;
    }
    try {
      int w = Integer.parseInt(v);
      if (w < 0 || w > 256) {
        throw new ConfigSyntaxException(n, "weight " + v + " is out of range (0-256)");
      }
      return w;
    } catch (NumberFormatException e) {
      throw new ConfigSyntaxException(n, "weight '" + v + "' is not a whole number");
    }
  }
}
