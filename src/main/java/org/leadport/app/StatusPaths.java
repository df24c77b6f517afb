package org.leadport.app;

import org.leadport.jobs.ExportJob;
import org.leadport.surface.close.CloseExportRoutes;
import org.leadport.surface.console.ConsoleExportRoutes;
import org.leadport.surface.hubspot.HubSpotExportRoutes;

/**
 * Where a job's status is read on the surface that made it: what a message sent once about an
 * export in parts (its webhook event, its done email) points to for fresh part links, since the
 * links it carries expire (docs/parts.md). Wiring: only {@code app} knows every surface.
 */
final class StatusPaths {
  private StatusPaths() {}

  /**
   * The path of {@code job}'s status; the console's, which reads a job of any surface, by default.
   */
  static String of(ExportJob job) {
    return switch (job.surface()) {
      case "close" -> CloseExportRoutes.statusPath(job);
      case "hubspot" -> HubSpotExportRoutes.statusPath(job);
      default -> ConsoleExportRoutes.statusPath(job);
    };
  }
}
