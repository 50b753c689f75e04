package io.ticker.service.bus;

import io.vertx.core.eventbus.MessageCodec;

/**
 * Base of the event-bus codecs of immutable bodies: delivered locally by reference (no copy per
 * consumer), encoded to bytes only to cross the cluster.
 */
abstract class ImmutableBodyCodec<T> implements MessageCodec<T, T> {

  private final String name;

  ImmutableBodyCodec(String name) {
    this.name = name;
  }

  @Override
  public final T transform(T body) {
    return body;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
