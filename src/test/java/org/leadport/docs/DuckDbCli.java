package org.leadport.docs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the {@code duckdb} command-line tool where it is not installed, through DuckDB's
 * JDBC driver (test scope): {@code duckdb [FILE] [-csv] -c SQL…} runs each {@code -c} in the
 * database {@code FILE} (in memory without one) and prints a query's rows as the tool's {@code
 * -csv} mode does: a header line, then one line a row, values comma-separated (quoted when they
 * hold a comma, a quote or a line break), a null empty. Only what the guides use; anything else is
 * an error, so a guide never relies on a difference from the real tool.
 */
final class DuckDbCli {
  private DuckDbCli() {}

  public static void main(String[] args) throws SQLException {
    String file = "";
    boolean csv = false;
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-csv" -> csv = true;
        case "-c" -> commands.add(args[++i]);
        default -> {
          if (args[i].startsWith("-") || !file.isEmpty()) {
            System.err.println("duckdb stand-in: unsupported argument " + args[i]);
            System.exit(2);
          }
          file = args[i];
        }
      }
    }
    if (!csv
        && commands.stream()
            .anyMatch(c -> c.trim().toLowerCase(java.util.Locale.ROOT).startsWith("select"))) {
      System.err.println("duckdb stand-in: a query needs -csv (the only output mode it has)");
      System.exit(2);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      for (String command : commands) {
        if (s.execute(command)) {
          print(s.getResultSet());
        }
      }
    } catch (SQLException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void print(ResultSet rs) throws SQLException {
    ResultSetMetaData m = rs.getMetaData();
    List<String> header = new ArrayList<>();
    for (int i = 1; i <= m.getColumnCount(); i++) {
      header.add(quoted(m.getColumnLabel(i)));
    }
    System.out.println(String.join(",", header));
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= m.getColumnCount(); i++) {
        String v = rs.getString(i);
        row.add(v == null ? "" : quoted(v));
      }
      System.out.println(String.join(",", row));
    }
  }

  private static String quoted(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
