package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.watch.ConfigWatcher;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-apply-produce loop. One record at a time, each ending in its own transaction
 * (commands are rare; simplicity wins). A transient Kafka error aborts that transaction and rewinds
 * the partition to the command, which is then handled again: the ledger makes the second pass safe.
 */
final class CommandLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);

  private final ActuatorSettings settings;
  private final Topic<String, RollbackCommand> commands;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final LedgerTopic ledgerTopic;
  private final Outbox outbox;
  private final Ledger ledger;
  private final CommandHandler handler;
  private final ActuatorMetrics metrics;
  private final Clock clock;
  private final ConfigWatcher watcher;

  CommandLoop(
      ActuatorSettings s,
      FulcrumTopics topics,
      CommandHandler handler,
      Ledger ledger,
      ActuatorMetrics metrics,
      Clock clock,
      Map<String, Backend> backends) {
    this.settings = s;
    this.commands = topics.rollbackCommands();
    this.ledger = ledger;
    this.handler = handler;
    this.metrics = metrics;
    this.clock = clock;
    this.ledgerTopic = new LedgerTopic(s);
    this.outbox = new Outbox(s, topics, ledgerTopic, ledger);
    this.consumer = new KafkaConsumer<>(KafkaClients.commandConsumer(s));
    this.watcher =
        new ConfigWatcher(
            s.routes(),
            backends,
            KafkaClients.changesReader(s),
            topics.configChanges(),
            outbox::announce,
            clock,
            s.watchInterval(),
            s.watchRuntime());
  }

  void run(BooleanSupplier running, Runnable ready) {
    ActuatorSettings s = settings;
    outbox.init();
    ledgerTopic.ensureExists();
    ledgerTopic.catchUp(ledger);
    consumer.subscribe(
        List.of(commands.name()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing pending: every command is committed before the next is read
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            ledgerTopic.catchUp(ledger);
          }
        });
    if (watcher.active()) {
      log.info(
          "Watching the active configs of {} every {} (runtime audit {})",
          s.routes(),
          s.watchInterval(),
          s.watchRuntime() ? "on" : "off");
    }
    ready.run();
    while (running.getAsBoolean()) {
      watch();
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
      for (TopicPartition p : records.partitions()) {
        for (ConsumerRecord<byte[], byte[]> r : records.records(p)) {
          if (!running.getAsBoolean() || !process(r)) {
            rewind(p, r.offset());
            break;
          }
        }
      }
    }
  }

  /**
   * A watcher round when due, between commands on this thread: it never sees a rollback half done.
   */
  private void watch() {
    try {
      watcher.roundIfDue();
    } catch (ProducerFencedException
        | InvalidProducerEpochException
        | AuthorizationException
        | AuthenticationException
        | UnsupportedVersionException e) {
      throw e;
    } catch (KafkaException e) {
      log.warn("Config watcher: could not publish or read ({}); next round", e.toString());
    }
  }

  void wakeup() {
    consumer.wakeup();
  }

  /** False when a transient Kafka error left the command unconsumed. */
  private boolean process(ConsumerRecord<byte[], byte[]> r) {
    Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    try {
      RollbackCommand command = decode(r);
      Handled h = command == null ? null : handler.handle(command, receivedAt, outbox::started);
      LbConfigChange change = outbox.finish(tp, r.offset(), consumer.groupMetadata(), h);
      if (change != null) {
        // read_committed readers see a commit only once its markers are written: tell the watcher
        // now
        watcher.announcedElsewhere(change);
      }
      if (h != null && !h.duplicate()) {
        metrics.command(h.result().getOutcome(), h.result().getBackend());
        log.info(
            "Command {} for {}: {} ({}, {} ms) published",
            h.result().getCommandId(),
            h.result().getPool(),
            h.result().getOutcome(),
            h.result().getBackend(),
            h.result().getDurationMs());
      }
      return true;
    } catch (ProducerFencedException
        | InvalidProducerEpochException
        | OutOfOrderSequenceException
        | AuthorizationException
        | AuthenticationException
        | UnsupportedVersionException e) {
      throw e; // fatal: another instance took over, or the cluster refuses us
    } catch (KafkaException e) {
      log.warn(
          "Kafka error on command at {}@{}; it will be handled again: {}",
          tp,
          r.offset(),
          e.toString());
      return false;
    }
  }

  private RollbackCommand decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      return commands.valueSerde().deserializer().deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      metrics.undecodable();
      log.warn(
          "Skipping record {}-{}@{}: not a RollbackCommand ({})",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return null;
    }
  }

  private void rewind(TopicPartition p, long offset) {
    if (consumer.assignment().contains(p)) {
      consumer.seek(p, offset);
    }
  }

  @Override
  public void close() {
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } finally {
      try {
        outbox.close();
      } finally {
        try {
          ledgerTopic.close();
        } finally {
          watcher.close();
        }
      }
    }
  }
}
