package io.ticker.service.bus;

import io.vertx.core.eventbus.EventBus;

/** Registers the codec of every body type the {@link Topic}s and {@link Query}s carry. */
public final class Codecs {

  private Codecs() {
  }

  public static void register(EventBus bus) {
    bus.registerDefaultCodec(TickBatch.class, new TickBatchCodec());
    bus.registerDefaultCodec(SyncReply.class, new SyncReply.Codec());
    bus.registerDefaultCodec(FeedStatus.class, new FeedStatus.Codec());
    bus.registerDefaultCodec(SymbolUniverse.class, new SymbolUniverse.Codec());
    bus.registerDefaultCodec(LeaderChange.class, new LeaderChange.Codec());
  }
}
