package io.fulcrum.connect.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.Severity;
import io.fulcrum.connect.avro.AvroConnectData;
import io.fulcrum.connect.it.FreePorts;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkTaskTest {

  private static AlertmanagerSinkTask task(String url) {
    AlertmanagerSinkTask task = new AlertmanagerSinkTask();
    task.start(Map.of("alertmanager.urls", url, "alertmanager.timeout.ms", "2000"));
    return task;
  }

  @Test
  void anUnreachableAlertmanagerMakesConnectRedeliverTheBatchEveryTime() {
    AlertmanagerSinkTask task = task("http://127.0.0.1:" + FreePorts.pick());
    Struct value =
        new AvroConnectData()
            .toConnect(AlertFixtures.anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL));
    List<SinkRecord> batch =
        List.of(new SinkRecord("fulcrum.anomalies", 0, null, null, value.schema(), value, 7));
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(() -> task.put(batch))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("no Alertmanager accepted 1 alert(s)")
          .hasMessageContaining("unreachable");
    }
  }

  @Test
  void aRecordThatIsNeitherAnAnomalyNorAnIncidentStopsTheTask() {
    AlertmanagerSinkTask task = task("http://127.0.0.1:" + FreePorts.pick());
    List<SinkRecord> batch =
        List.of(
            new SinkRecord("fulcrum.pool-windows", 0, null, null, Schema.STRING_SCHEMA, "x", 1));
    assertThatThrownBy(() -> task.put(batch))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("fulcrum.pool-windows-0@1");
  }

  @Test
  void backoffDoublesUpToItsCapAndStartsOverAfterASuccess() {
    Backoff b = new Backoff(500, 3000);
    assertThat(List.of(b.nextMs(), b.nextMs(), b.nextMs(), b.nextMs(), b.nextMs()))
        .containsExactly(500L, 1000L, 2000L, 3000L, 3000L);
    b.reset();
    assertThat(b.nextMs()).isEqualTo(500);
  }

  @Test
  void emptyBatchesSendNothingWhenNothingFires() {
    AlertmanagerSinkTask task = task("http://127.0.0.1:" + FreePorts.pick());
    task.put(List.of()); // would throw if it tried to reach the (absent) Alertmanager
    assertThat(task.version()).isNotBlank();
  }
}
