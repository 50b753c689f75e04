package io.ticker.service.bus;

import java.util.List;

/**
 * Ticks published together on {@link Topic#TICKS}, in feed order. A batch travels as one
 * event-bus message so that the bus cost is per feed frame, not per tick.
 */
public record TickBatch(List<TickEvent> ticks) {
}
