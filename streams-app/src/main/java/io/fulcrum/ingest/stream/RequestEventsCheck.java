package io.fulcrum.ingest.stream;

import io.fulcrum.ingest.MalformedInputException;
import io.fulcrum.ingest.ParsedRequest;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The requests topic's one step before pre-aggregation (records come decoded by {@link
 * RequestEventDecoder}): drops tombstones, rejects an event with a blank pool as malformed
 * (dead-lettered with the reason), counts the rest. One node instead of a filter and a map: every
 * node costs a forward per record.
 */
public final class RequestEventsCheck
    implements FixedKeyProcessor<byte[], ParsedRequest, ParsedRequest> {
  private final Runnable counter;
  private FixedKeyProcessorContext<byte[], ParsedRequest> context;

  /**
   * @param counter called once per accepted event
   */
  public RequestEventsCheck(Runnable counter) {
    this.counter = counter;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], ParsedRequest> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<byte[], ParsedRequest> record) {
    ParsedRequest r = record.value();
    if (r == null) {
      return;
    }
    if (r.pool().isBlank()) {
      throw new MalformedInputException("RequestEvent has an empty pool");
    }
    counter.run();
    context.forward(record);
  }
}
