package anxin.platform.importer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Compares records with the stored rows of their table and upserts those that differ, on the
 * caller's connection (its transaction). Only the record's columns are compared and written, so a
 * column the file does not have keeps its stored value; a null in {@link #KEEP_WHEN_NULL} columns
 * keeps the stored value too.
 */
final class TableWriter {

  /** Columns where null means "keep": a blank token cell does not take a device's token away. */
  private static final Set<String> KEEP_WHEN_NULL = Set.of("token_sha256");

  /** Tables whose rows carry {@code updated_at}. */
  private static final Set<String> TOUCHED =
      Set.of("facility", "device", "resident", "family_contact", "staff");

  static final int BATCH = 1000;

  private final String table;
  private final List<String> key;
  private final List<String> columns;

  TableWriter(Kind kind, List<String> columns) {
    this.table = kind.table();
    this.key = Parsers.key(kind);
    this.columns = List.copyOf(columns);
  }

  /** Outcome of comparing records with what is stored. */
  record Diff(List<Map<String, Object>> added, List<Map<String, Object>> updated, int unchanged) {}

  Diff diff(Connection c, List<Map<String, Object>> records) throws SQLException {
    Map<List<Object>, Map<String, Object>> stored = stored(c, records);
    List<Map<String, Object>> added = new ArrayList<>();
    List<Map<String, Object>> updated = new ArrayList<>();
    int unchanged = 0;
    for (Map<String, Object> r : records) {
      Map<String, Object> old = stored.get(keyOf(r));
      if (old == null) {
        added.add(r);
      } else if (same(r, old)) {
        unchanged++;
      } else {
        updated.add(r);
      }
    }
    return new Diff(added, updated, unchanged);
  }

  private static boolean same(Map<String, Object> r, Map<String, Object> old) {
    for (Map.Entry<String, Object> e : r.entrySet()) {
      if (e.getValue() == null && KEEP_WHEN_NULL.contains(e.getKey())) {
        continue;
      }
      if (!Objects.equals(e.getValue(), old.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private List<Object> keyOf(Map<String, Object> r) {
    List<Object> k = new ArrayList<>(key.size());
    key.forEach(col -> k.add(r.get(col)));
    return k;
  }

  private Map<List<Object>, Map<String, Object>> stored(
      Connection c, List<Map<String, Object>> records) throws SQLException {
    Set<Object> first = new LinkedHashSet<>();
    records.forEach(r -> first.add(r.get(key.get(0))));
    Map<List<Object>, Map<String, Object>> out = new HashMap<>();
    String sql =
        "SELECT "
            + String.join(", ", columns)
            + " FROM "
            + table
            + " WHERE "
            + key.get(0)
            + " = ANY(?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Array ids = c.createArrayOf("text", first.toArray());
      ps.setArray(1, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), rs.getObject(i + 1));
          }
          out.put(keyOf(row), row);
        }
      } finally {
        ids.free();
      }
    }
    return out;
  }

  /** Upserts the records in batches, telling {@code written} how many are done after each. */
  void write(Connection c, List<Map<String, Object>> records, IntConsumer written)
      throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
    sql.append(String.join(", ", columns)).append(") VALUES (");
    sql.append(String.join(", ", java.util.Collections.nCopies(columns.size(), "?")));
    sql.append(") ON CONFLICT (").append(String.join(", ", key)).append(") DO UPDATE SET ");
    List<String> sets = new ArrayList<>();
    for (String col : columns) {
      if (key.contains(col)) {
        continue;
      }
      sets.add(
          KEEP_WHEN_NULL.contains(col)
              ? col + " = coalesce(excluded." + col + ", " + table + "." + col + ")"
              : col + " = excluded." + col);
    }
    if (TOUCHED.contains(table)) {
      sets.add("updated_at = now()");
    }
    sql.append(String.join(", ", sets));
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int done = 0;
      for (Map<String, Object> r : records) {
        for (int i = 0; i < columns.size(); i++) {
          Object v = r.get(columns.get(i));
          if (v == null) {
            ps.setNull(i + 1, Types.VARCHAR);
          } else {
            ps.setObject(i + 1, v);
          }
        }
        ps.addBatch();
        done++;
        if (done % BATCH == 0) {
          ps.executeBatch();
          written.accept(done);
        }
      }
      if (done % BATCH != 0) {
        ps.executeBatch();
      }
      written.accept(done);
    }
  }
}
