package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.testing.ClassDatabase;

/**
 * An API key's {@code last_used_at} stamp, written by its first request of a minute (so by a sync
 * walk's first segment), commits without waiting for PostgreSQL's WAL flush ({@code
 * synchronous_commit = off} in its own transaction only). A trigger on {@code api_keys} records the
 * setting the stamp was written under.
 */
class ApiKeyTouchCommitIT {
  /** Connections that wait for the flush, so that a write made under "off" says so. */
  @RegisterExtension static final ClassDatabase DB = ClassDatabase.flushWaiting();

  private static final Jdbi jdbi = DB.jdbi();

  @BeforeAll
  static void start() {
    jdbi.useHandle(h ->
        h.execute(
            """
            create table key_stamps (synchronous_commit text);
            create function key_stamps() returns trigger language plpgsql as $$
            begin
              if new.last_used_at is distinct from old.last_used_at then
                insert into key_stamps values (current_setting('synchronous_commit'));
              end if;
              return new;
            end $$;
            create trigger key_stamps before update on api_keys
              for each row execute function key_stamps();
            """));
  }

  @Test
  void theFirstUseStampsTheKeyWithoutWaitingForTheFlushAndLeavesTheConnectionAsItWas() {
    Clock clock = Clock.systemUTC();
    String workspaceId = new WorkspaceRepository(jdbi, clock).create("stamps").id();
    ApiKeyRepository keys = new ApiKeyRepository(jdbi, clock);
    String secret = keys.create(workspaceId, "k", Set.of(Scope.LEADS_EXPORT), null).secret();

    assertThat(keys.authenticate(secret)).isPresent();
    // Within the stamp's minute: no second write.
    assertThat(keys.authenticate(secret)).isPresent();

    List<String> seen =
        jdbi.withHandle(h ->
            h.createQuery("select synchronous_commit from key_stamps").mapTo(String.class).list());
    assertThat(seen).containsExactly("off");
    String setting =
        jdbi.withHandle(h -> h.createQuery("show synchronous_commit").mapTo(String.class).one());
    assertThat(setting).isEqualTo("on");
  }
}
