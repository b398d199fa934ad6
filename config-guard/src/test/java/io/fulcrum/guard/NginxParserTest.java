package io.fulcrum.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NginxParserTest {
  private static LbConfig parse(String... lines) {
    return LbConfig.parse(LbFormat.NGINX, String.join("\n", lines));
  }

  @Test
  void readsUpstreamsBalancingFlagsAndProxyPassRoutes() {
    LbConfig c =
        parse(
            "http {",
            "  upstream be_web {",
            "    hash $request_uri consistent;",
            "    server 10.0.0.1:8080 weight=3 max_fails=2;",
            "    server 10.0.0.2:8080 down;",
            "    server web3.internal;",
            "    keepalive 16;",
            "  }",
            "  upstream be_api { least_conn; server 10.0.1.1; server 10.0.1.2 backup; }",
            "  server {",
            "    listen 443 ssl;",
            "    server_name api.example.com example.com;",
            "    location /api/ { proxy_pass http://be_api/v1/; }",
            "    location / { proxy_pass http://be_web; }",
            "  }",
            "}");

    Pool web = c.pool("be_web").orElseThrow();
    assertThat(web.balance()).isEqualTo("hash $request_uri consistent");
    assertThat(web.balanceKind()).isEqualTo(Pool.Balance.HASH);
    assertThat(web.declaredWeights())
        .containsExactly(Map.entry("10.0.0.1:8080", 3), Map.entry("web3.internal", 1));
    assertThat(web.server("10.0.0.2:8080").orElseThrow().disabled()).isTrue();
    Pool api = c.pool("be_api").orElseThrow();
    assertThat(api.balance()).isEqualTo("least_conn");
    assertThat(api.server("10.0.1.2").orElseThrow().backup()).isTrue();
    assertThat(c.routes())
        .extracting(Route::from, Route::pool)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api.example.com 443 location /api/", "be_api"),
            org.assertj.core.groups.Tuple.tuple("api.example.com 443 location /", "be_web"));
    assertThat(c.notUnderstood()).isEmpty();
  }

  @Test
  void namesRepeatedAddressesApartSoTheDuplicateStaysVisible() {
    LbConfig c = parse("upstream u { server 10.0.0.1:80; server 10.0.0.1:80; }");
    assertThat(c.pool("u").orElseThrow().servers())
        .extracting(Server::name)
        .containsExactly("10.0.0.1:80", "10.0.0.1:80#2");
  }

  @Test
  void reportsIncludesMapsIfsVariablesAndLuaWithLineNumbers() {
    LbConfig c =
        parse(
            "http {",
            "  include /etc/nginx/conf.d/*.conf;",
            "  map $http_host $pool { default be_web; api.example.com be_api; }",
            "  upstream be_web { server 10.0.0.1; random two; zone web 64k; sticky cookie srv; }",
            "  server {",
            "    location / {",
            "      if ($http_x_canary) { proxy_pass http://be_canary; }",
            "      proxy_pass http://$pool;",
            "      access_by_lua_block { ngx.exit(403) }",
            "    }",
            "  }",
            "}");
    assertThat(c.notUnderstood()).extracting(Note::line).contains(2, 3, 4, 7, 8, 9);
    assertThat(c.routes()).anySatisfy(r -> assertThat(r.dynamic()).isTrue());
    assertThat(c.routes()).anySatisfy(r -> assertThat(r.from()).contains("if ($http_x_canary)"));
    assertThat(c.pool("be_web").orElseThrow().sticky()).isTrue();
  }

  @Test
  void refusesWhatNginxWouldRefuseNamingTheLine() {
    assertThatThrownBy(() -> parse("upstream u {", "  server 10.0.0.1 weight=0;", "}"))
        .isInstanceOf(ConfigSyntaxException.class)
        .hasMessageStartingWith("line 2:");
    assertThatThrownBy(() -> parse("upstream u {", "  server 10.0.0.1 wieght=1;", "}"))
        .hasMessageContaining("invalid parameter \"wieght=1\"");
    assertThatThrownBy(() -> parse("http {", "  upstream u { server a; }"))
        .hasMessageContaining("end of file");
    assertThatThrownBy(() -> parse("upstream u { server a }")).hasMessageContaining("missing ';'");
    assertThatThrownBy(() -> parse("upstream u { }")).hasMessageContaining("no servers");
    assertThatThrownBy(() -> parse("upstream u { ip_hash; server a; server b backup; }"))
        .hasMessageContaining("backup");
  }

  @Test
  void readsAConfigStoreVersionFileWithJustTheUpstream() {
    LbConfig c = parse("# v42", "upstream be_web {", "  server 127.0.0.1:8081;", "}");
    assertThat(c.pools()).containsOnlyKeys("be_web");
  }
}
