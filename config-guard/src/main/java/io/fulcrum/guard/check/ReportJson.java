package io.fulcrum.guard.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.guard.Note;
import java.util.List;
import java.util.Map;

/**
 * The same content as {@link ReportText}, as one JSON object for CI tools. Shares are fractions
 * (0-1).
 */
public final class ReportJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportJson() {}

  public static String of(CheckReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("verdict", r.verdict());
    root.put("exitCode", r.exitCode());
    root.put("format", r.format().id());
    ArrayNode pools = root.putArray("pools");
    for (PoolDiff d : r.pools()) {
      ObjectNode p = pools.addObject();
      p.put("pool", d.pool());
      p.put("changed", d.changed());
      ArrayNode changes = p.putArray("changes");
      d.changes()
          .forEach(
              c ->
                  changes
                      .addObject()
                      .put("kind", c.kind().name())
                      .put("server", c.server())
                      .put("text", c.text()));
      p.put("capacityBefore", d.capacityBefore());
      p.put("capacityAfter", d.capacityAfter());
      p.set("sharesBefore", shares(d.sharesBefore()));
      p.set("sharesAfter", shares(d.sharesAfter()));
      p.put("estimate", d.sharesAfter().estimate());
      p.put("basis", (d.after() != null ? d.sharesAfter() : d.sharesBefore()).basis());
      ObjectNode renames = p.putObject("renames");
      d.renames().forEach(renames::put);
    }
    ArrayNode routes = root.putArray("routes");
    r.routes()
        .forEach(
            rc ->
                routes
                    .addObject()
                    .put("from", rc.from())
                    .put("condition", rc.condition())
                    .put("before", rc.before())
                    .put("after", rc.after()));
    ArrayNode findings = root.putArray("findings");
    r.findings()
        .forEach(
            f ->
                findings
                    .addObject()
                    .put("pool", f.pool())
                    .put("rule", f.rule().name())
                    .put("severity", f.severity().name())
                    .put("measured", f.measured())
                    .put("message", f.message()));
    ObjectNode nu = root.putObject("notUnderstood");
    nu.set("current", notes(r.notUnderstoodCurrent()));
    nu.set("candidate", notes(r.notUnderstoodCandidate()));
    if (r.rehearsed() != null) {
      Rehearsed m = r.rehearsed();
      ObjectNode reh = root.putObject("rehearsal");
      reh.put("lb", m.lb());
      reh.put("requests", m.requests());
      reh.set("current", poolShares(m.current()));
      reh.set("candidate", poolShares(m.candidate()));
      reh.set("statusesCurrent", JSON.valueToTree(m.statusesCurrent()));
      reh.set("statusesCandidate", JSON.valueToTree(m.statusesCandidate()));
      reh.set("rewrites", JSON.valueToTree(m.rewrites()));
    }
    root.put("summary", ReportText.verdict(r));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode shares(Shares s) {
    ObjectNode o = JSON.createObjectNode();
    s.shares().forEach((k, v) -> o.put(k, Math.round(v * 10000) / 10000.0));
    return o;
  }

  private static ObjectNode poolShares(Map<String, Shares> m) {
    ObjectNode o = JSON.createObjectNode();
    m.forEach((pool, s) -> o.set(pool, shares(s)));
    return o;
  }

  private static ArrayNode notes(List<Note> notes) {
    ArrayNode a = JSON.createArrayNode();
    notes.forEach(n -> a.addObject().put("line", n.line()).put("text", n.text()));
    return a;
  }
}
