package io.ticker.loadtest;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one {@link SharedFeedNodes}, started before the first and stopped after the last. */
abstract class OnSharedFeed {

  static SharedFeedNodes feed;

  @TempDir
  Path dir;

  @BeforeAll
  static void startFeed() throws Exception {
    feed = new SharedFeedNodes();
  }

  @AfterAll
  static void stopFeed() throws Exception {
    feed.close();
  }
}
