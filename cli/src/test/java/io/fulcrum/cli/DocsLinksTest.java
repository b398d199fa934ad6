package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and docs/ leads to a file that exists, and to a heading in it.
 */
class DocsLinksTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path doc : documents()) {
      for (String target : links(doc)) {
        String problem = check(doc, target);
        if (problem != null) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (" + problem + ")");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void theReadmeStaysShortAndLinksEveryDocument() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
    assertThat(readme.size()).as("README lines").isLessThan(300);
    Set<String> linked = new HashSet<>(links(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      List<String> unlinked =
          docs.filter(p -> p.toString().endsWith(".md"))
              .map(p -> "docs/" + p.getFileName())
              .filter(d -> !linked.contains(d))
              .toList();
      assertThat(unlinked).as("documents the README does not link").isEmpty();
    }
  }

  @Test
  void slugsFollowGitHubRules() {
    assertThat(slug("Full stack with docker-compose")).isEqualTo("full-stack-with-docker-compose");
    assertThat(slug("From code (the demo, other load balancers)"))
        .isEqualTo("from-code-the-demo-other-load-balancers");
    assertThat(slug("The fast path: sequential tests every second"))
        .isEqualTo("the-fast-path-sequential-tests-every-second");
  }

  static List<Path> documents() throws IOException {
    List<Path> docs =
        new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static List<String> links(Path doc) throws IOException {
    List<String> out = new ArrayList<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      }
      if (inCode) {
        continue;
      }
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        String t = m.group(1);
        if (!t.matches("^[a-z]+:.*")) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** Null when the link resolves, else what is wrong. */
  static String check(Path doc, String target) throws IOException {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (hash < 0) {
      return null;
    }
    if (!resolved.toString().endsWith(".md")) {
      return "anchor on a file that is not markdown";
    }
    return anchors(resolved).contains(target.substring(hash + 1)) ? null : "no such heading";
  }

  static Set<String> anchors(Path doc) throws IOException {
    Set<String> out = new HashSet<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      }
      Matcher m = HEADING.matcher(line);
      if (!inCode && m.matches()) {
        out.add(slug(m.group(1)));
      }
    }
    return out;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\- _]", "")
        .replace(' ', '-');
  }
}
