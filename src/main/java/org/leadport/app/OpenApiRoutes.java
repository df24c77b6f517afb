package org.leadport.app;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.leadport.http.Requests;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.0 document of every endpoint (the repository's {@code
 * openapi.yaml}, shipped in the jar), without credentials.
 */
public final class OpenApiRoutes {
  /** Where the build puts the repository's {@code openapi.yaml} on the class path. */
  static final String RESOURCE = "/org/leadport/http/openapi.yaml";

  static final String CONTENT_TYPE = "application/yaml";

  private final byte[] document;

  public OpenApiRoutes() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public void register(RoutesConfig r) {
    r.get("/openapi.yaml", this::serve);
  }

  private void serve(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of());
    ctx.status(200);
    ctx.contentType(CONTENT_TYPE);
    ctx.header("Cache-Control", "no-cache");
    ctx.result(document);
  }
}
