package org.leadport.app;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import org.leadport.http.Authenticator;
import org.leadport.http.Bodies;
import org.leadport.http.ClientDisconnects;
import org.leadport.http.ErrorHandler;
import org.leadport.http.Guard;
import org.leadport.http.JettyErrors;
import org.leadport.http.QueryStringCheck;
import org.leadport.http.RateLimiter;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.http.StreamSlots;
import org.leadport.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: one Javalin (Jetty 12, virtual threads) with every surface's routes ({@link
 * RouteTable}), one error mapping and the request id on every response.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  private static final String TIMER = "leadport.timer";
  private static final String STARTED = "leadport.started";

  private final Javalin app;
  private final ClientDisconnects disconnects;

  private HttpServer(Javalin app, ClientDisconnects disconnects) {
    this.app = app;
    this.disconnects = disconnects;
  }

  /** Starts listening on {@code port} (0: any free port). */
  public static HttpServer start(Services services, int port) {
    PrometheusMeterRegistry metrics = services.metrics();

    Authenticator auth = new Authenticator(services.apiKeys(), services.settings().adminToken());
    Guard guard =
        new Guard(
            auth,
            new RateLimiter(
                services.database().dataSource(),
                services.clock(),
                services.settings().rateLimitPerMinute(),
                metrics));
    var limits = services.settings().exports().limits();
    StreamSlots streams = new StreamSlots(limits.streamsPerWorkspace(), metrics);
    ClientDisconnects disconnects = new ClientDisconnects();
    Javalin app =
        Javalin.create(config -> {
          config.concurrency.useVirtualThreads = true;
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.http.prefer405over404 = true;
          // Bodies are read and limited per endpoint by Bodies; this is only the outer bound.
          config.http.maxRequestSize = Bodies.BULK;
          config.router.ignoreTrailingSlashes = false;
          // A response write that makes no progress for this long fails and the connection is
          // cut: a stalled reader gives its stream back (docs/operations.md, "Limits").
          config.jetty.modifyHttpConfiguration(
              http -> http.setIdleTimeout(limits.stallTimeout().toMillis()));
          config.jetty.modifyServer(server -> {
            server.setStopTimeout(5_000);
            server.setErrorHandler(new JettyErrors());
          });
          var r = config.routes;
          r.before(ctx -> {
            Requests.assignId(ctx);
            ctx.attribute(TIMER, Timer.start(metrics));
            ctx.attribute(STARTED, System.nanoTime());
            disconnects.watch(ctx);
          });
          // Once the route is known, so that the 400 is in the shape of the route's surface.
          r.beforeMatched(QueryStringCheck::check);
          r.after(disconnects::unwatch);
          r.after(ctx -> record(metrics, ctx));
          r.after(HttpServer::log);
          ErrorHandler.register(r);
          r.get(
              "/healthz",
              ctx -> {
                Requests.allowQueryParams(ctx, Set.of());
                boolean ok = services.database().healthy();
                // A failing file store degrades the node but keeps it ready: searches, sync
                // exports and downloads still work, and every node shares the store
                // (docs/operations.md#storage).
                boolean storage = services.files().failure().isEmpty();
                var body =
                    Json.object().put("status", !ok ? "unavailable" : storage ? "ok" : "degraded");
                if (!storage) {
                  body.putObject("checks").put("storage", "failing");
                }
                Responses.json(ctx, ok ? 200 : 503, body);
              });
          r.get(
              "/metrics",
              guard.admin(ctx -> {
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                ctx.result(metrics.scrape());
              }));
          RouteTable.register(r, services, guard, streams);
        });
    app.start(port);
    LOG.info("Leadport listening on port {}", app.port());
    return new HttpServer(app, disconnects);
  }

  private static void record(PrometheusMeterRegistry metrics, Context ctx) {
    Timer.Sample sample = ctx.attribute(TIMER);
    if (sample == null) {
      return;
    }
    String route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
    sample.stop(
        Timer.builder("leadport.http.requests")
            .tag("method", ctx.method().name())
            .tag("route", route)
            .tag("status", Integer.toString(ctx.statusCode()))
            .register(metrics));
  }

  /**
   * One structured line per request, with the request id; the path only, never the query, so that
   * download signatures stay out of logs.
   */
  private static void log(Context ctx) {
    Long started = ctx.attribute(STARTED);
    LOG.info(
        "request id={} method={} path={} status={} ms={}",
        Requests.id(ctx),
        ctx.method().name(),
        ctx.path(),
        ctx.statusCode(),
        started == null ? -1 : (System.nanoTime() - started) / 1_000_000);
  }

  public int port() {
    return app.port();
  }

  /** Every HTTP route this server registered, as {@code "GET /healthz"}, in registration order. */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(e -> e.endpoint.method.isHttpMethod())
        .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
        .toList();
  }

  @Override
  public void close() {
    app.stop();
    disconnects.close();
  }
}
