package io.fulcrum.guard.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.Pairs;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the rehearsal changes in a config so it runs on loopback, without running anything. */
class RewritersTest {
  private final AtomicInteger ports = new AtomicInteger(20000);

  @Test
  void haproxyServersGoToStandInsBindsToLoopbackAndTheHostSpecificPartsAreDroppedAndListed()
      throws Exception {
    String text = Pairs.current(LbFormat.HAPROXY, "template-count");
    try (StandIns standIns = new StandIns()) {
      Rewritten rw =
          new HaproxyRewriter(standIns, ports::incrementAndGet)
              .rewrite(text, LbConfig.parse(LbFormat.HAPROXY, text));

      assertThat(rw.config())
          .doesNotContain(
              "user haproxy",
              "chroot",
              "daemon",
              "/run/haproxy",
              "resolvers dns",
              "nameserver",
              " check",
              "10.0.2.1",
              ":80\n")
          .contains(
              "bind 127.0.0.1:20001",
              "acl is_api path_beg /api",
              "server web1 127.0.0.1:",
              "server web4 127.0.0.1:",
              "balance leastconn");
      assertThat(rw.entries()).extracting(Rewritten.Entry::name).containsExactly("fe_main");
      assertThat(rw.rewrites())
          .contains(
              "global log, user, group, chroot, daemon, stats dropped",
              "server-template web expanded to 4 servers",
              "resolvers sections dropped",
              "server options dropped: check, resolvers, init-addr");
      assertThat(standIns.hits()).containsOnlyKeys("be_web", "be_api");
      assertThat(standIns.hits().get("be_web")).containsOnlyKeys("web1", "web2", "web3", "web4");
    }
  }

  @Test
  void nginxUpstreamsGoToStandInsAndAStoreVersionGetsAServerBlock(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String text =
        "upstream be_web {\n  server 10.0.0.1:80 weight=2 max_fails=3 resolve;\n  server 10.0.0.2:80 down;\n}\n";
    try (StandIns standIns = new StandIns()) {
      Rewritten rw =
          new NginxRewriter(standIns, ports::incrementAndGet, dir)
              .rewrite(text, LbConfig.parse(LbFormat.NGINX, text));

      assertThat(rw.config())
          .contains(
              "daemon off;",
              "pid " + dir.resolve("nginx.pid"),
              "http {",
              "weight=2 max_fails=3;",
              " down;",
              "listen 127.0.0.1:",
              "proxy_pass http://be_web;")
          .doesNotContain("10.0.0.1", "resolve;");
      assertThat(rw.entries()).hasSize(1);
      assertThat(standIns.hits().get("be_web")).containsOnlyKeys("10.0.0.1:80", "10.0.0.2:80");
    }
  }
}
