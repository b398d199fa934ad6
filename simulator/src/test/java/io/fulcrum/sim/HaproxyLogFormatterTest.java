package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HaproxyLogFormatterTest {

  private static final long T = Instant.parse("2009-02-06T12:14:14.655Z").toEpochMilli();

  private final HaproxyLogFormatter formatter = new HaproxyLogFormatter();

  private String line(SimRequest r) {
    return formatter.append(new StringBuilder(), r, "10.0.1.2", 33317).toString();
  }

  @Test
  void formatsTheHttplogExampleExactly() {
    assertThat(line(SimRequest.of(T, "be_web", "web-1", 200, 42, 2750)))
        .isEqualTo(
            "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in be_web/web-1 0/0/1/41/42 200 2750 - - ---- "
                + "1/1/1/1/0 0/0 \"GET /index.html HTTP/1.1\"");
  }

  @Test
  void requestWithoutServerIsLoggedAsNoSrvWithUnreachedTimers() {
    assertThat(line(SimRequest.of(T, "be_web", null, 503, 0, 216)))
        .isEqualTo(
            "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in be_web/<NOSRV> 0/-1/-1/-1/0 503 216 - - SC-- "
                + "1/1/0/0/0 0/0 \"GET /index.html HTTP/1.1\"");
  }

  @Test
  void overloadedServer503IsAQueueTimeout() {
    assertThat(line(SimRequest.of(T, "be_web", "web-1", 503, 2000, 216)))
        .isEqualTo(
            "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in be_web/web-1 0/2000/-1/-1/2000 503 216 - - sQ-- "
                + "1/1/1/1/0 0/0 \"GET /index.html HTTP/1.1\"");
  }

  @Test
  void brokenServerResponseIsA502WithoutResponseTime() {
    assertThat(line(SimRequest.of(T, "be_api", "api-2", 502, 45, 216)))
        .isEqualTo(
            "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in be_api/api-2 0/0/1/-1/45 502 216 - - SH-- "
                + "1/1/1/1/0 0/0 \"GET /index.html HTTP/1.1\"");
  }

  @Test
  void dateIsUtcAndRecomputedAcrossSecondMonthAndYearBoundaries() {
    long newYear = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    HaproxyLogFormatter f = new HaproxyLogFormatter("fe_main", "GET /api HTTP/2.0");

    String before = f.format(SimRequest.of(newYear - 1, "be_web", "web-1", 200, 5, 100));
    String same = f.format(SimRequest.of(newYear - 999, "be_web", "web-1", 200, 5, 100));
    String after = f.format(SimRequest.of(newYear + 7, "be_web", "web-1", 200, 5, 100));

    assertThat(before)
        .contains("[31/Dec/2023:23:59:59.999] fe_main be_web/web-1 0/0/1/4/5 200 100 ")
        .endsWith("\"GET /api HTTP/2.0\"");
    assertThat(same).contains("[31/Dec/2023:23:59:59.001]");
    assertThat(after).contains("[01/Jan/2024:00:00:00.007]");
  }

  @Test
  void derivedClientAddressIsStablePerRequest() {
    SimRequest r = SimRequest.of(T, "be_web", "web-3", 200, 40, 2048);

    String a = formatter.format(r);

    assertThat(a)
        .isEqualTo(new HaproxyLogFormatter().format(r))
        .matches(
            "10\\.0\\.\\d{1,3}\\.\\d{1,3}:\\d{4,5} \\[06/Feb/2009:12:14:14\\.655] http-in be_web/web-3 .*");
  }
}
