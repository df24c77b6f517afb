package org.leadport.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.CustomField;
import org.leadport.model.Ids;

/** Stores custom field definitions. Thread-safe. */
public final class CustomFieldRepository {
  /**
   * A {@code custom_fields} row as a field; public for writers that read the table inside their own
   * transaction (the synthetic-data generator).
   */
  public static final RowMapper<CustomField> MAPPER =
      (rs, ctx) -> {
        java.sql.Array choices = rs.getArray("choices");
        return new CustomField(
            rs.getString("id"),
            rs.getString("name"),
            CustomField.Type.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)),
            choices == null
                ? List.of()
                : Arrays.stream((Object[]) choices.getArray()).map(String.class::cast).toList(),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant());
      };

  private final Jdbi jdbi;
  private final Clock clock;

  public CustomFieldRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public List<CustomField> list(String workspaceId) {
    return jdbi.withHandle(h -> list(h, workspaceId));
  }

  /**
   * The workspace's custom fields read on {@code h}, in {@link #list(String)}'s order: for a reader
   * inside a transaction of its own (the end of an export job, which renders its schema).
   */
  public static List<CustomField> list(Handle h, String workspaceId) {
    return h.createQuery("select * from custom_fields where workspace_id = :ws order by name, id")
        .bind("ws", workspaceId)
        .map(MAPPER)
        .list();
  }

  public Optional<CustomField> find(String workspaceId, String id) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from custom_fields where workspace_id = :ws and id = :id")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map(MAPPER)
            .findOne());
  }

  /** Creates a field; a taken name is a 409. */
  public CustomField create(
      String workspaceId, String name, CustomField.Type type, List<String> choices) {
    String id = Ids.customField();
    Timestamp now = Timestamp.from(clock.instant());
    int inserted =
        jdbi.withHandle(h ->
            h.createUpdate(
                    """
                    insert into custom_fields
                      (id, workspace_id, name, type, choices, created_at, updated_at)
                    values (:id, :ws, :name, :type, :choices, :now, :now)
                    on conflict (workspace_id, name) do nothing
                    """)
                .bind("id", id)
                .bind("ws", workspaceId)
                .bind("name", name)
                .bind("type", type.wireName())
                .bindArray(
                    "choices", String.class, type == CustomField.Type.CHOICES ? choices : List.of())
                .bind("now", now)
                .execute());
    if (inserted == 0) {
      throw nameTaken(name);
    }
    return find(workspaceId, id).orElseThrow();
  }

  /** Renames a field or replaces its choices (null keeps the old value); the type is fixed. */
  public CustomField update(
      String workspaceId, String id, @Nullable String name, @Nullable List<String> choices) {
    CustomField old =
        find(workspaceId, id).orElseThrow(() -> LeadportException.notFound("Custom field", id));
    if (choices != null && old.type() != CustomField.Type.CHOICES) {
      throw LeadportException.invalid(
          "choices", "choices can only be set on a field of type choices.");
    }
    try {
      jdbi.useHandle(h ->
          h.createUpdate(
                  """
                  update custom_fields set name = :name, choices = :choices, updated_at = :now
                  where workspace_id = :ws and id = :id
                  """)
              .bind("name", name != null ? name : old.name())
              .bindArray("choices", String.class, choices != null ? choices : old.choices())
              .bind("now", Timestamp.from(clock.instant()))
              .bind("ws", workspaceId)
              .bind("id", id)
              .execute());
    } catch (UnableToExecuteStatementException e) {
      if (Sql.isUniqueViolation(e)) {
        throw nameTaken(name != null ? name : old.name());
      }
      throw e;
    }
    return find(workspaceId, id).orElseThrow();
  }

  /**
   * Deletes the field and every lead's value of it, in one transaction; those leads count as
   * updated so that incremental exports see the change.
   */
  public void delete(String workspaceId, String id) {
    if (find(workspaceId, id).isEmpty()) {
      throw LeadportException.notFound("Custom field", id);
    }
    jdbi.useTransaction(h -> {
      h.createUpdate(
              """
              update leads set custom = custom - :id,
                updated_at = greatest(:now, updated_at + interval '1 microsecond')
              where workspace_id = :ws and jsonb_exists(custom, :id)
              """)
          .bind("ws", workspaceId)
          .bind("now", Timestamp.from(clock.instant()))
          .bind("id", id)
          .execute();
      h.createUpdate("delete from custom_fields where workspace_id = :ws and id = :id")
          .bind("ws", workspaceId)
          .bind("id", id)
          .execute();
    });
  }

  private static LeadportException nameTaken(String name) {
    return LeadportException.conflict(
        "custom_field_exists", "A custom field named " + name + " already exists.");
  }
}
