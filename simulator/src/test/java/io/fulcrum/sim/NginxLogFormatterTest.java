package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NginxLogFormatterTest {

  private static final long END = 1_718_031_600_123L;

  @Test
  void formatsTheDocumentedKeyValueLineExactly() {
    NginxLogFormatter f = new NginxLogFormatter(Map.of("web-1", "10.0.0.1:8080"), "shop.example");

    assertThat(f.format(SimRequest.of(END - 42, "be_web", "web-1", 200, 42, 512)))
        .isEqualTo(
            "time=1718031600.123 pool=be_web upstream=\"10.0.0.1:8080\" status=200 request_time=0.042 "
                + "bytes=512 host=shop.example");
  }

  @Test
  void timeIsTheEndOfTheRequestLikeNginxMsec() {
    NginxLogFormatter f = new NginxLogFormatter(List.of("web-1"));

    assertThat(f.format(SimRequest.of(END - 2000, "be_web", "web-1", 503, 2000, 216)))
        .startsWith("time=1718031600.123 ")
        .contains(" request_time=2.000 ");
    assertThat(f.format(SimRequest.of(END + 877, "be_web", "web-1", 200, 5, 1)))
        .startsWith("time=1718031601.005 ")
        .contains(" request_time=0.005 ");
  }

  @Test
  void requestWithoutServerLogsThePoolAsUpstream() {
    NginxLogFormatter f = new NginxLogFormatter(List.of("web-1"));

    assertThat(f.format(SimRequest.of(END, "be_web", null, 503, 0, 216)))
        .isEqualTo(
            "time=1718031600.123 pool=be_web upstream=\"be_web\" status=503 request_time=0.000 bytes=216 "
                + "host=shop.example");
  }

  @Test
  void serversMapToStableLoopbackAddressesAndBack() {
    NginxLogFormatter f = new NginxLogFormatter(List.of("web-2", "web-1", "api-1"));

    assertThat(f.upstreamAddresses())
        .containsExactly(
            Map.entry("api-1", "127.0.0.1:8080"),
            Map.entry("web-1", "127.0.0.2:8080"),
            Map.entry("web-2", "127.0.0.3:8080"));
    assertThat(f.serverFor("127.0.0.3:8080")).contains("web-2");
    assertThat(f.serverFor("127.0.0.9:8080")).isEmpty();
    assertThat(f.upstreamOf("web-9"))
        .isEqualTo(new NginxLogFormatter(List.of()).upstreamOf("web-9"))
        .startsWith("127.255.")
        .endsWith(":8080");
    assertThat(
            new NginxLogFormatter(Scenarios.byName("two-pools-one-broken").servers())
                .upstreamAddresses())
        .hasSize(7)
        .containsEntry("api-1", "127.0.0.1:8080")
        .containsEntry("web-4", "127.0.0.7:8080");
  }

  @Test
  void twoServersCannotShareAnAddress() {
    assertThatThrownBy(
            () -> new NginxLogFormatter(Map.of("a", "127.0.0.1:8080", "b", "127.0.0.1:8080"), "h"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
