package io.fulcrum.guard.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestSampleTest {
  @Test
  void takesTheRequestLineAndHostFromHaproxyAndNginxLogs() {
    assertThat(
            RequestSample.parse(
                "Mar 14 09:00:00 lb haproxy[1]: 10.1.1.1:5000 [14/Mar/2026:09:00:00.000] fe "
                    + "be_web/web-1 0/0/1/2/3 200 120 - - ---- 1/1/0/0/0 0/0 {shop.example.com|curl} \"GET /cart?id=1 HTTP/1.1\""))
        .contains(new RequestSample.Request("GET", "/cart?id=1", "shop.example.com"));
    assertThat(
            RequestSample.parse(
                "10.0.0.1 - - [14/Mar/2026:09:00:00 +0000] \"POST /api/v1 HTTP/2.0\" 201 12 \"-\" \"x\""))
        .contains(new RequestSample.Request("POST", "/api/v1", null));
    assertThat(
            RequestSample.parse(
                "time=1.0 pool=be_web upstream=\"1.2.3.4:80\" status=200 host=api.example.com "
                    + "\"GET /x HTTP/1.1\""))
        .contains(new RequestSample.Request("GET", "/x", "api.example.com"));
  }

  @Test
  void skipsLinesWithoutARequest() {
    assertThat(RequestSample.parse("haproxy[1]: Proxy fe started.")).isEmpty();
    assertThat(RequestSample.parse("\"CONNECT example.com:443 HTTP/1.1\"")).isEmpty();
  }
}
