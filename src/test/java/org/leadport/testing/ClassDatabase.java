package org.leadport.testing;

import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.leadport.store.Database;

/**
 * A fresh migrated database ({@link TestDatabase#fresh()}) for one test class, created before its
 * first test and closed after its last. Register it as a static field, with the class's {@link
 * Jdbi} beside it:
 *
 * <pre>{@code
 * @RegisterExtension static final ClassDatabase DB = new ClassDatabase();
 * private static final Jdbi jdbi = DB.jdbi();
 * }</pre>
 *
 * With {@link #flushWaiting()}, its connections wait for the WAL flush at commit ({@link
 * TestDatabase#flushWaiting}).
 *
 * <p>The one shape of the classes that test the store's SQL without a server (they had each written
 * the same start and stop and the same workspace insert).
 */
public final class ClassDatabase implements BeforeAllCallback, AfterAllCallback {
  private final boolean flushWaiting;
  private final Jdbi jdbi = Jdbi.create(() -> dataSource().getConnection());
  private @Nullable Database database;
  private @Nullable DataSource dataSource;

  /** A database whose connections commit as the test cluster does by default. */
  public ClassDatabase() {
    this(false);
  }

  private ClassDatabase(boolean flushWaiting) {
    this.flushWaiting = flushWaiting;
  }

  /**
   * A database whose connections ({@link #jdbi()}, {@link #dataSource()}) wait for the WAL flush at
   * commit: a write made under {@code synchronous_commit = off} by the code tested can then be told
   * apart by a trigger recording the setting.
   */
  public static ClassDatabase flushWaiting() {
    return new ClassDatabase(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Database opened = TestDatabase.fresh();
    database = opened;
    dataSource = flushWaiting ? TestDatabase.flushWaiting(opened) : opened.dataSource();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    dataSource = null;
    if (database != null) {
      database.close();
      database = null;
    }
  }

  /** The class's database, once the class has started. */
  public Database database() {
    return Objects.requireNonNull(database, "the database opens before the class's first test");
  }

  /** The connections of the class's database, once the class has started. */
  public DataSource dataSource() {
    return Objects.requireNonNull(dataSource, "the database opens before the class's first test");
  }

  /**
   * A {@link Jdbi} on the class's database ({@link #dataSource()}), the same one for the class's
   * life: it may be taken before the class starts (into a static final field), and connects only
   * once it has.
   */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Inserts workspace {@code id} (named after itself), which leads need before they are written.
   */
  public void workspace(String id) {
    jdbi.useHandle(h ->
        h.execute(
            "insert into workspaces (id, name, created_at, updated_at) values (?, ?, now(), now())",
            id,
            id));
  }
}
