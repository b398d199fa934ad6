package io.fulcrum.window;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A callback that runs before each commit of a task, so that a processor holding sums in plain
 * memory (cheap per record) can write them to a changelogged store in the same transaction as the
 * offsets that fed them.
 *
 * <p>Kafka Streams flushes its record caches before it commits (interval commits, requested
 * commits, and the commits of a rebalance or a shutdown alike): that is how a cached KTable
 * forwards on commit. A processor that has changed anything since its last snapshot puts one marker
 * into a cached store built here; the flush of that cache writes the marker into the store beneath
 * it, which is this class's own, and that write runs the processor's callback. Only public API is
 * used: a {@link KeyValueBytesStoreSupplier} under a caching store. One registry per topology links
 * each task's store to the same task's processor.
 */
public final class PreCommitHooks {
  private static final Bytes MARKER = Bytes.wrap(new byte[] {0});
  private static final byte[] EMPTY = new byte[0];
  private final Map<String, Runnable> callbacks = new ConcurrentHashMap<>();

  /**
   * A cached, unlogged store whose cache flush runs the callback {@link #register registered} for
   * its task.
   */
  public StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
    return Stores.keyValueStoreBuilder(
            new Supplier(name),
            org.apache.kafka.common.serialization.Serdes.Bytes(),
            org.apache.kafka.common.serialization.Serdes.ByteArray())
        .withCachingEnabled()
        .withLoggingDisabled();
  }

  /**
   * Runs {@code beforeCommit} before each commit of {@code task} that follows a {@link #changed}
   * call.
   */
  public void register(TaskId task, String store, Runnable beforeCommit) {
    callbacks.put(key(task, store), beforeCommit);
  }

  public void unregister(TaskId task, String store) {
    callbacks.remove(key(task, store));
  }

  /**
   * Asks for the callback before the next commit; once per change is enough, since the last
   * callback ran.
   */
  public static void changed(KeyValueStore<Bytes, byte[]> hook) {
    hook.put(MARKER, EMPTY);
  }

  /** Runs the callback of {@code task}'s {@code store}: what a cache flush before a commit does. */
  void run(TaskId task, String store) {
    Runnable r = callbacks.get(key(task, store));
    if (r != null) {
      r.run();
    }
  }

  private static String key(TaskId task, String store) {
    return task + "/" + store;
  }

  private final class Supplier implements KeyValueBytesStoreSupplier {
    private final String name;

    Supplier(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
      return new HookStore(name);
    }

    @Override
    public String metricsScope() {
      return "fulcrum-pre-commit";
    }
  }

  /** Holds nothing: a write reaching it is the cache being flushed, which is the signal. */
  private final class HookStore implements KeyValueStore<Bytes, byte[]> {
    private final String name;
    private TaskId task;
    private volatile boolean open;

    HookStore(String name) {
      this.name = name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      this.task = context.taskId();
      context.register(root, (key, value) -> {});
      open = true;
    }

    @Override
    public void put(Bytes key, byte[] value) {
      run(task, name);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
      run(task, name);
      return null;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
      if (!entries.isEmpty()) {
        run(task, name);
      }
    }

    @Override
    public byte[] delete(Bytes key) {
      return null;
    }

    @Override
    public byte[] get(Bytes key) {
      return null;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      return new Empty();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      return new Empty();
    }

    @Override
    public long approximateNumEntries() {
      return 0;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void close() {
      open = false;
    }

    @Override
    public boolean persistent() {
      return false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public <R> QueryResult<R> query(
        Query<R> query, PositionBound positionBound, QueryConfig config) {
      return QueryResult.forUnknownQueryType(query, this);
    }

    @Override
    public Position getPosition() {
      return Position.emptyPosition();
    }
  }

  private static final class Empty implements KeyValueIterator<Bytes, byte[]> {
    @Override
    public boolean hasNext() {
      return false;
    }

    @Override
    public KeyValue<Bytes, byte[]> next() {
      throw new NoSuchElementException();
    }

    @Override
    public Bytes peekNextKey() {
      throw new NoSuchElementException();
    }

    @Override
    public void close() {}
  }
}
