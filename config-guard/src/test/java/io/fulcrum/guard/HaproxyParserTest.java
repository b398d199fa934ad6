package io.fulcrum.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyParserTest {
  private static LbConfig parse(String... lines) {
    return LbConfig.parse(LbFormat.HAPROXY, String.join("\n", lines));
  }

  @Test
  void readsPoolsServersFlagsAndRoutes() {
    LbConfig c =
        parse(
            "defaults",
            "  mode http",
            "  balance leastconn",
            "  default-server weight 5",
            "frontend fe",
            "  bind :80",
            "  acl api path_beg /api",
            "  use_backend be_api if api",
            "  default_backend be_web",
            "backend be_web # the web tier",
            "  server web-1 10.0.0.1:80 check",
            "  server web-2 10.0.0.2:80 weight 20",
            "  server web-3 10.0.0.3:80 disabled",
            "  server web-bk 10.0.0.9:80 backup",
            "listen be_api",
            "  bind :8080",
            "  balance first",
            "  option allbackups",
            "  server api-1 \"10.0.1.1:80\"");

    Pool web = c.pool("be_web").orElseThrow();
    assertThat(web.balance()).isEqualTo("leastconn");
    assertThat(web.servers())
        .extracting(Server::name)
        .containsExactly("web-1", "web-2", "web-3", "web-bk");
    assertThat(web.server("web-1").orElseThrow().weight()).isEqualTo(5);
    assertThat(web.server("web-3").orElseThrow().disabled()).isTrue();
    assertThat(web.server("web-bk").orElseThrow().backup()).isTrue();
    assertThat(web.declaredWeights())
        .containsExactly(Map.entry("web-1", 5), Map.entry("web-2", 20));
    assertThat(web.effectiveWeights()).containsEntry("web-3", 0);
    Pool api = c.pool("be_api").orElseThrow();
    assertThat(api.kind()).isEqualTo("listen");
    assertThat(api.balanceKind()).isEqualTo(Pool.Balance.FIRST);
    assertThat(api.allBackups()).isTrue();
    assertThat(api.server("api-1").orElseThrow().address()).isEqualTo("10.0.1.1:80");
    assertThat(c.routes())
        .extracting(Route::from, Route::condition, Route::pool)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fe", "if api", "be_api"),
            org.assertj.core.groups.Tuple.tuple("fe", Route.DEFAULT, "be_web"),
            org.assertj.core.groups.Tuple.tuple("be_api", Route.DEFAULT, "be_api"));
    assertThat(c.declaredWeights("be_web")).hasSize(2);
    assertThat(c.declaredWeights("nope")).isEmpty();
  }

  @Test
  void expandsServerTemplatesByCountAndRange() {
    LbConfig c =
        parse(
            "backend b",
            "  server-template web 3 web.internal:80 check",
            "  server-template api 5-6 api.internal:80 weight 2");
    assertThat(c.pool("b").orElseThrow().servers())
        .extracting(Server::name, Server::template, Server::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web1", "web", 1),
            org.assertj.core.groups.Tuple.tuple("web2", "web", 1),
            org.assertj.core.groups.Tuple.tuple("web3", "web", 1),
            org.assertj.core.groups.Tuple.tuple("api5", "api", 2),
            org.assertj.core.groups.Tuple.tuple("api6", "api", 2));
  }

  @Test
  void reportsWhatItDoesNotUnderstandWithLineNumbersInsteadOfGuessing() {
    LbConfig c =
        parse(
            "global",
            "  lua-load /etc/haproxy/route.lua",
            "frontend fe",
            "  use_backend %[req.hdr(host),lower,map(/etc/haproxy/hosts.map,be_web)]",
            "  http-request lua.pick",
            "  default_backend be_web",
            "backend be_web",
            ".if defined(CANARY)",
            "  server canary \"${CANARY_ADDR}\" weight 1",
            ".endif",
            "  server web-1 10.0.0.1:80 weight \"${W}\"",
            "  use-server web-1 if { src 10.0.0.0/8 }",
            "  frobnicate yes");

    assertThat(c.notUnderstood()).extracting(Note::line).contains(2, 4, 5, 8, 9, 10, 11, 12, 13);
    assertThat(c.notUnderstood())
        .extracting(Note::text)
        .anySatisfy(t -> assertThat(t).contains("map"))
        .anySatisfy(t -> assertThat(t).contains("Lua"))
        .anySatisfy(t -> assertThat(t).contains("environment variable"))
        .anySatisfy(t -> assertThat(t).contains("conditional blocks"))
        .anySatisfy(t -> assertThat(t).contains("'frobnicate'"));
    assertThat(c.routes()).anySatisfy(r -> assertThat(r.dynamic()).isTrue());
    assertThat(c.pool("be_web").orElseThrow().server("web-1").orElseThrow().weight()).isEqualTo(1);
  }

  @Test
  void refusesWhatHaproxyWouldRefuseNamingTheLine() {
    assertThatThrownBy(() -> parse("backend b", "  server web-1 10.0.0.1:80 weight 300"))
        .isInstanceOf(ConfigSyntaxException.class)
        .hasMessage("line 2: weight 300 is out of range (0-256)");
    assertThatThrownBy(() -> parse("backend b", "  server web-1"))
        .hasMessageContaining("line 2:")
        .hasMessageContaining("address");
    assertThatThrownBy(() -> parse("backend b", "  balance roundrobbin"))
        .hasMessageContaining("unknown balance");
    assertThatThrownBy(() -> parse("  server web-1 10.0.0.1:80"))
        .hasMessageContaining("out of section");
    assertThatThrownBy(() -> parse("backend b", "  server a 1.2.3.4:80 weight ten"))
        .hasMessageContaining("'ten'");
    assertThatThrownBy(() -> parse("backend b", "backend b")).hasMessageContaining("defined twice");
    assertThatThrownBy(() -> parse("backend b", "  cookie \"x"))
        .hasMessageContaining("unmatched quote");
  }

  @Test
  void readsAConfigStoreVersionFileWithJustOneBackend() {
    LbConfig c = parse("# v42", "backend be_web", "  server web-1 127.0.0.1:8081");
    assertThat(c.pools()).containsOnlyKeys("be_web");
    assertThat(c.routes()).isEmpty();
    assertThat(c.notUnderstood()).isEmpty();
  }
}
