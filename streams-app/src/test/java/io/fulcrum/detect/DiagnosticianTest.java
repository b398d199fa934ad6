package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.detect.Diagnosis.Theory;
import io.fulcrum.detect.Diagnosis.Verdict;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each postmortem theory, simulated on a warm pool, is the one that fits, and the evidence rules
 * the others out: the typo that sends everything to one server is not a database, a database is not
 * a routing change, and so on.
 */
class DiagnosticianTest {
  private final PoolAnalyzer analyzer = new PoolAnalyzer();

  private Diagnosis diagnoseAfterWarmUp(SimPool pool, Runnable change) {
    PoolBaseline b = analyzer.newBaseline();
    assertThat(pool.feed(analyzer, b, 30)).isEmpty();
    change.run();
    Analysis a = analyzer.analyze(pool.next(), b);
    assertThat(a.findings()).as("the change must be an anomaly").isNotEmpty();
    return a.diagnosis();
  }

  private static Map<Theory, Verdict> verdicts(Diagnosis d) {
    Map<Theory, Verdict> out = new EnumMap<>(Theory.class);
    d.hypotheses().forEach(h -> out.put(h.theory(), h.verdict()));
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void allTrafficOnOneOverloadedServerIsRoutingAndNeitherADatabaseNorOneBadServerNorASurge(
      long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.shares(1, 0, 0, 0).errorRate(0, 0.6));

    assertThat(verdicts(d))
        .containsEntry(Theory.ROUTING, Verdict.FITS)
        .containsEntry(Theory.ONE_SERVER, Verdict.RULED_OUT)
        .containsEntry(Theory.SHARED_DEPENDENCY, Verdict.RULED_OUT)
        .containsEntry(Theory.TRAFFIC_SURGE, Verdict.RULED_OUT);
    assertThat(d.of(Theory.ROUTING).reason())
        .startsWith("shares moved 75 points (web-1: 100% against 25%");
    assertThat(d.of(Theory.ONE_SERVER).reason())
        .matches(
            "web-1: \\d+% 5xx, but at 100% of the traffic against 25%: "
                + "overloaded, not broken");
    assertThat(d.summary())
        .containsPattern(
            "not a traffic surge \\(DDoS or flash crowd\\): (9\\d|1[01]\\d) req/s "
                + "against a baseline of (9\\d|1[01]\\d) req/s");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void errorsOnEveryServerWithTheSharesUnchangedAreASharedDependency(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.errorRate(0.3));

    assertThat(verdicts(d))
        .containsEntry(Theory.SHARED_DEPENDENCY, Verdict.FITS)
        .containsEntry(Theory.ROUTING, Verdict.RULED_OUT)
        .containsEntry(Theory.ONE_SERVER, Verdict.RULED_OUT)
        .containsEntry(Theory.TRAFFIC_SURGE, Verdict.RULED_OUT);
    assertThat(d.of(Theory.SHARED_DEPENDENCY).reason())
        .contains("on every server, shares unchanged");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void errorsOnOneServerAtItsUsualShareAreOneBadServer(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.errorRate(2, 0.5));

    assertThat(verdicts(d))
        .containsEntry(Theory.ONE_SERVER, Verdict.FITS)
        .containsEntry(Theory.SHARED_DEPENDENCY, Verdict.RULED_OUT)
        .containsEntry(Theory.ROUTING, Verdict.RULED_OUT);
    assertThat(d.of(Theory.ONE_SERVER).reason())
        .startsWith("web-3: ")
        .contains("not overloaded (")
        .endsWith("25% expected)");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void theOverloadedServersOwnSlownessIsNotOneBadServer(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.shares(4, 1, 1, 1).median(0, 1500));

    assertThat(d.of(Theory.ONE_SERVER).verdict()).isEqualTo(Verdict.RULED_OUT);
    assertThat(d.of(Theory.ONE_SERVER).reason())
        .startsWith("web-1: p95 ")
        .endsWith("overloaded, not broken");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void oneSlowServerAtItsUsualShareIsOneBadServer(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.median(1, 1500));

    assertThat(d.of(Theory.ONE_SERVER).verdict()).isEqualTo(Verdict.FITS);
    assertThat(d.of(Theory.ONE_SERVER).reason())
        .startsWith("web-2: p95 ")
        .contains("the others as usual");
    assertThat(d.of(Theory.ROUTING).verdict()).isEqualTo(Verdict.RULED_OUT);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void tripleTheUsualRateIsASurge(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(50);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.rate(150).errorRate(0.2));

    assertThat(d.of(Theory.TRAFFIC_SURGE).verdict()).isEqualTo(Verdict.FITS);
    assertThat(d.of(Theory.TRAFFIC_SURGE).reason())
        .matches("1[3-6]\\d req/s against a baseline of (4\\d|5\\d) req/s");
    assertThat(d.of(Theory.ROUTING).verdict()).isEqualTo(Verdict.RULED_OUT);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void requestsThatFoundNoServerAreRoutingNotADatabase(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.noServer(400));

    assertThat(d.of(Theory.ROUTING).verdict()).isEqualTo(Verdict.FITS);
    assertThat(d.of(Theory.ROUTING).reason())
        .startsWith("400 of ")
        .endsWith("requests found no server to go to");
    assertThat(d.of(Theory.SHARED_DEPENDENCY).verdict()).isEqualTo(Verdict.RULED_OUT);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aDatabaseOutageRightAfterAScaleOutIsStillASharedDependency(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    Diagnosis d = diagnoseAfterWarmUp(pool, () -> pool.addServer(1).errorRate(0.3));

    assertThat(d.of(Theory.SHARED_DEPENDENCY).verdict()).isEqualTo(Verdict.FITS);
    assertThat(d.of(Theory.ROUTING).verdict()).isEqualTo(Verdict.RULED_OUT);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void aHealthyWindowCarriesNoDiagnosis(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(100);
    PoolBaseline b = analyzer.newBaseline();
    pool.feed(analyzer, b, 30);
    Analysis a = analyzer.analyze(pool.next(), b);
    assertThat(a.findings()).isEmpty();
    assertThat(a.diagnosis()).isSameAs(Diagnosis.NONE);
    assertThat(a.diagnosis().summary()).isEmpty();
  }
}
