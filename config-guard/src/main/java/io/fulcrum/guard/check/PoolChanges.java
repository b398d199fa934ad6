package io.fulcrum.guard.check;

import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.Pool;
import io.fulcrum.guard.Server;
import io.fulcrum.guard.check.Change.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What changed in one pool between the running config and the candidate: added, removed and renamed
 * servers, their weights and flags, template counts, shared addresses, and both sides' predicted
 * shares. Pure description, no judgement: the findings are {@link ChangeGuard}'s.
 */
final class PoolChanges {
  private PoolChanges() {}

  static PoolDiff diff(String name, Pool before, Pool after, LbFormat format) {
    List<Change> changes = new ArrayList<>();
    Map<String, String> renames = new LinkedHashMap<>();
    if (before == null) {
      changes.add(
          new Change(
              Kind.POOL_ADDED,
              null,
              "new " + after.kind() + " with " + after.servers().size() + " servers"));
    } else if (after == null) {
      changes.add(new Change(Kind.POOL_REMOVED, null, before.kind() + " removed"));
    } else {
      serverChanges(before, after, format, changes, renames);
    }
    if (after != null) {
      duplicates(after, format, changes);
    }
    Shares sb = before == null ? new Shares(Map.of(), false, "new pool") : Shares.predict(before);
    Shares sa = after == null ? new Shares(Map.of(), false, "removed") : Shares.predict(after);
    return new PoolDiff(
        name,
        before,
        after,
        changes,
        renames,
        sb,
        sa,
        before == null ? 0 : Shares.capacity(before),
        after == null ? 0 : Shares.capacity(after));
  }

  private static void serverChanges(
      Pool b, Pool a, LbFormat format, List<Change> changes, Map<String, String> renames) {
    if (!b.balance().equals(a.balance())) {
      changes.add(new Change(Kind.BALANCE, null, "balance " + b.balance() + " -> " + a.balance()));
    }
    if (b.disabled() != a.disabled()) {
      changes.add(
          new Change(
              a.disabled() ? Kind.POOL_DISABLED : Kind.POOL_ENABLED,
              null,
              a.disabled() ? "whole pool disabled" : "pool enabled again"));
    }
    templates(b, a, changes);
    int port = format == LbFormat.NGINX ? 80 : 0;
    List<Server> removed = b.servers().stream().filter(s -> a.server(s.name()).isEmpty()).toList();
    List<Server> added =
        new ArrayList<>(a.servers().stream().filter(s -> b.server(s.name()).isEmpty()).toList());
    List<String> gone = new ArrayList<>();
    for (Server r : removed) {
      Server same =
          r.template() != null
              ? null
              : added.stream()
                  .filter(
                      x -> x.template() == null && x.addressKey(port).equals(r.addressKey(port)))
                  .findFirst()
                  .orElse(null);
      if (same != null) {
        added.remove(same);
        renames.put(r.name(), same.name());
        changes.add(
            new Change(
                Kind.RENAMED,
                r.name(),
                "renamed " + same.name() + " (same address " + same.address() + ")"));
        compare(r, same, changes);
      } else {
        gone.add(r.name());
      }
    }
    if (!gone.isEmpty()) {
      changes.add(new Change(Kind.REMOVED, String.join(", ", gone), "removed"));
    }
    for (Server s : added) {
      changes.add(
          new Change(
              Kind.ADDED,
              s.name(),
              "added ("
                  + s.address()
                  + ", weight "
                  + s.weight()
                  + (s.backup() ? ", backup" : "")
                  + (s.disabled() ? ", disabled" : "")
                  + ")"));
    }
    for (Server s : b.servers()) {
      a.server(s.name()).ifPresent(n -> compare(s, n, changes));
    }
  }

  private static void compare(Server b, Server a, List<Change> changes) {
    String name = a.name();
    if (!b.address().equals(a.address())) {
      changes.add(new Change(Kind.ADDRESS, name, "address " + b.address() + " -> " + a.address()));
    }
    if (b.weight() != a.weight()) {
      changes.add(
          new Change(
              Kind.WEIGHT,
              name,
              "weight "
                  + b.weight()
                  + " -> "
                  + a.weight()
                  + (a.weight() == 0 ? " (drained)" : "")));
    }
    if (b.disabled() != a.disabled()) {
      changes.add(
          new Change(
              a.disabled() ? Kind.DISABLED : Kind.ENABLED,
              name,
              a.disabled() ? "disabled" : "enabled"));
    }
    if (b.backup() != a.backup()) {
      changes.add(
          new Change(
              a.backup() ? Kind.BACKUP : Kind.NOT_BACKUP,
              name,
              a.backup() ? "now backup" : "no longer backup"));
    }
  }

  private static void templates(Pool b, Pool a, List<Change> changes) {
    Map<String, Long> before = templateCounts(b);
    Map<String, Long> after = templateCounts(a);
    before.forEach(
        (prefix, n) -> {
          long m = after.getOrDefault(prefix, 0L);
          if (m != n) {
            changes.add(
                new Change(
                    Kind.TEMPLATE_COUNT,
                    null,
                    "server-template " + prefix + ": " + n + " -> " + m + " servers"));
          }
        });
  }

  private static Map<String, Long> templateCounts(Pool p) {
    return p.servers().stream()
        .filter(s -> s.template() != null)
        .collect(Collectors.groupingBy(Server::template, TreeMap::new, Collectors.counting()));
  }

  private static void duplicates(Pool p, LbFormat format, List<Change> changes) {
    addressGroups(p, format)
        .forEach(
            (address, servers) ->
                changes.add(
                    new Change(
                        Kind.DUPLICATE_ADDRESS,
                        null,
                        String.join(", ", servers) + " share address " + address)));
  }

  /**
   * Addresses that more than one server of the pool points at (templates excluded: they share a DNS
   * name).
   */
  static Map<String, List<String>> addressGroups(Pool p, LbFormat format) {
    int port = format == LbFormat.NGINX ? 80 : 0;
    Map<String, List<String>> by = new LinkedHashMap<>();
    p.servers().stream()
        .filter(s -> s.template() == null)
        .forEach(s -> by.computeIfAbsent(s.addressKey(port), k -> new ArrayList<>()).add(s.name()));
    by.values().removeIf(l -> l.size() < 2);
    return by;
  }
}
