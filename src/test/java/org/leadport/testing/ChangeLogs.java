package org.leadport.testing;

/** Test access to the change log behind a {@link TestServer}. */
public final class ChangeLogs {
  private ChangeLogs() {}

  /** Moves every change of {@code workspaceId} 91 days back, past the 90 days' retention. */
  public static void ageBeyondRetention(TestServer server, String workspaceId) {
    server
        .leadport()
        .services()
        .database()
        .jdbi()
        .useHandle(h ->
            h.execute(
                "update lead_changes set changed_at = changed_at - interval '91 days'"
                    + " where workspace_id = ?",
                workspaceId));
  }
}
