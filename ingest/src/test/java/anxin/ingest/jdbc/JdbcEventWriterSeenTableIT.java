package anxin.ingest.jdbc;

import anxin.testing.Postgres;

/**
 * {@link JdbcEventWriterIT} with every dedup key in {@code event_seen}: the schema as it is on
 * TimescaleDB, whose hypertable cannot carry migration V3's unique index. This machine has no
 * TimescaleDB, so this is how that write path is tested.
 */
class JdbcEventWriterSeenTableIT extends JdbcEventWriterIT {

  JdbcEventWriterSeenTableIT(Postgres server) {
    super(server);
  }

  @Override
  boolean keysInSeenTableOnly() {
    return true;
  }
}
