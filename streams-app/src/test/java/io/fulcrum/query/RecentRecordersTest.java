package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.query.Views.AnomalyView;
import io.fulcrum.query.Views.IncidentView;
import io.fulcrum.query.Views.ServerView;
import io.fulcrum.query.Views.WindowView;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecentRecordersTest {
  private static final long T0 = RecentFixture.T0;
  private final RecentFixture f = new RecentFixture();

  @Test
  void keepsAsManyWindowsAsConfigured() {
    RecentFixture keeps5 = new RecentFixture(5);
    for (int n = 0; n < 9; n++) {
      keeps5.window("web", n);
    }

    List<WindowView> web = RecentStores.ofPool(keeps5.windows, "web");
    assertThat(web)
        .extracting(WindowView::windowStart)
        .containsExactly(
            IntStream.range(4, 9)
                .mapToObj(n -> Instant.ofEpochMilli(T0 + n * 10_000L).toString())
                .toArray(String[]::new));
  }

  @Test
  void keepsEachPoolsLastWindowsOldestFirstWithSharesAgainstExpected() {
    for (int n = 0; n < RecentStores.DEFAULT_WINDOWS_KEPT + 5; n++) {
      f.window("web", n);
    }
    f.window("api", 0);

    List<WindowView> web = RecentStores.ofPool(f.windows, "web");
    assertThat(web).hasSize(RecentStores.DEFAULT_WINDOWS_KEPT);
    assertThat(web.get(0).windowStart())
        .isEqualTo(Instant.ofEpochMilli(T0 + 5 * 10_000).toString());
    assertThat(web.get(web.size() - 1).windowStart())
        .isEqualTo(Instant.ofEpochMilli(T0 + 364 * 10_000).toString());
    assertThat(web.get(0).servers())
        .extracting(ServerView::server, ServerView::share, ServerView::expectedShare)
        .containsExactly(tuple("web-1", 0.75, 0.5), tuple("web-2", 0.25, 0.5));
    assertThat(RecentStores.ofPool(f.windows, "api")).hasSize(1);
    assertThat(RecentStores.latest(f.windows))
        .extracting(WindowView::pool, WindowView::windowStart)
        .containsExactly(
            tuple("api", Instant.ofEpochMilli(T0).toString()),
            tuple("web", Instant.ofEpochMilli(T0 + 364 * 10_000).toString()));
  }

  @Test
  void anAnomalysLaterEventsOverwriteItsEntry() {
    f.anomaly("web", "a1", AnomalyStatus.STARTED);
    f.anomaly("web", "a1", AnomalyStatus.CLEARED);
    assertThat(RecentStores.ofPool(f.anomalies, "web"))
        .extracting(AnomalyView::status)
        .containsExactly("CLEARED");
  }

  @Test
  void aClearedAnomalyKeepsTheStatisticsThatFired() {
    f.anomaly("web", "a1", AnomalyStatus.STARTED);
    f.anomaly("web", "a1", AnomalyStatus.CLEARED);
    f.anomaly("web", "a2", AnomalyStatus.CLEARED); // cleared with nothing before it: kept as sent

    List<AnomalyView> stored = RecentStores.ofPool(f.anomalies, "web");
    assertThat(stored)
        .extracting(AnomalyView::id, AnomalyView::status, a -> a.evidence().test())
        .containsExactlyInAnyOrder(
            tuple("a1", "CLEARED", "G-test"), tuple("a2", "CLEARED", "none"));
  }

  @Test
  void keepsTheLatestSnapshotOfEachIncidentAndOnlyTheNewestOnes() {
    f.incident("web", 0, IncidentState.OPEN);
    f.incident("web", 0, IncidentState.ROLLBACK_ISSUED);
    assertThat(RecentStores.ofPool(f.incidents, "web"))
        .extracting(IncidentView::state)
        .containsExactly("ROLLBACK_ISSUED");

    for (int n = 1; n <= RecentStores.MAX_INCIDENTS; n++) {
      f.incident("web", n, IncidentState.RESOLVED);
    }
    List<IncidentView> kept = RecentStores.ofPool(f.incidents, "web");
    assertThat(kept).hasSize(RecentStores.MAX_INCIDENTS);
    assertThat(kept.get(0).incidentId()).isEqualTo(RecentFixture.id("web", 1));
  }

  @Test
  void aForgottenPoolLeavesEveryRecentStoreAndOthersStay() {
    for (String pool : List.of("web", "api")) {
      f.window(pool, 0);
      f.anomaly(pool, "a-" + pool, AnomalyStatus.STARTED);
      f.incident(pool, 0, IncidentState.OPEN);
    }
    f.forget("web");

    assertThat(RecentStores.ofPool(f.windows, "web")).isEmpty();
    assertThat(RecentStores.ofPool(f.anomalies, "web")).isEmpty();
    assertThat(RecentStores.ofPool(f.incidents, "web")).isEmpty();
    assertThat(RecentStores.latest(f.windows)).extracting(WindowView::pool).containsExactly("api");
    assertThat(RecentStores.ofPool(f.windows, "api")).hasSize(1);
    assertThat(RecentStores.ofPool(f.anomalies, "api")).hasSize(1);
    assertThat(RecentStores.ofPool(f.incidents, "api")).hasSize(1);
  }
}
