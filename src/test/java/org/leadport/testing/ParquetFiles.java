package org.leadport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Parquet files with DuckDB (its JDBC driver, in-process): an independent reader of what
 * Leadport writes, as a data engineer's tools would read it.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** A file's columns with DuckDB's types, and its rows with their values as DuckDB reads them. */
  public record Table(Map<String, String> types, List<Map<String, Object>> rows) {
    /** The values of {@code column}, in row order. */
    public List<Object> column(String column) {
      List<Object> out = new ArrayList<>(rows.size());
      for (Map<String, Object> row : rows) {
        out.add(row.get(column));
      }
      return out;
    }
  }

  /** Reads {@code file} whole, in file order; {@code order} (SQL) sorts it, or null. */
  public static Table read(byte[] file, String order) {
    try {
      Path path = Files.createTempFile("leadport-test-", ".parquet");
      try {
        Files.write(path, file);
        return read(path, order);
      } finally {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one query of DuckDB's (such as {@code select count(*) from read_parquet(...)}). */
  public static List<Map<String, Object>> query(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return rows(r);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static Table read(Path path, String order) {
    String source = "read_parquet('" + path.toString().replace("'", "''") + "')";
    Map<String, String> types = new LinkedHashMap<>();
    for (Map<String, Object> row : query("describe select * from " + source)) {
      types.put((String) row.get("column_name"), (String) row.get("column_type"));
    }
    List<Map<String, Object>> rows =
        query("select * from " + source + (order == null ? "" : " order by " + order));
    return new Table(types, rows);
  }

  private static List<Map<String, Object>> rows(ResultSet r) throws SQLException {
    ResultSetMetaData meta = r.getMetaData();
    List<Map<String, Object>> out = new ArrayList<>();
    while (r.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        row.put(meta.getColumnLabel(i), r.getObject(i));
      }
      out.add(row);
    }
    return out;
  }
}
