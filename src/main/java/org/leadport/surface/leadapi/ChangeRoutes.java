package org.leadport.surface.leadapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.http.ContentCoding;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.leads.ChangeFeed;
import org.leadport.leads.LeadJson;
import org.leadport.query.LeadFilter;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Lead;
import org.leadport.store.Scope;

/**
 * The change feed, {@code GET /api/v1/changes} (docs/guides/change-feed.md): the workspace's lead
 * changes after a cursor, in commit-safe order, as a JSON page or NDJSON by {@code Accept}, in the
 * native API's error shape. NDJSON is zstd-encoded for a client whose {@code Accept-Encoding}
 * weighs zstd highest ({@link ContentCoding}); otherwise Javalin gzips it when the client accepts
 * gzip.
 */
public final class ChangeRoutes {
  /** The most items a page holds; a page is built in memory before it is sent. */
  static final int MAX_LIMIT = 1000;

  static final int DEFAULT_LIMIT = 100;

  /** The lead filters the feed refuses: it has no time bounds and always reports deletes. */
  private static final List<String> REFUSED = List.of("from", "to", "include_deleted");

  private static final Set<String> PARAMS = params();

  private final ChangeFeed feed;
  private final Guard guard;

  public ChangeRoutes(ChangeFeed feed, Guard guard) {
    this.feed = feed;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/changes", guard.scope(Scope.LEADS_READ, this::changes));
  }

  private void changes(Context ctx, Principal p) throws IOException {
    for (String name : REFUSED) {
      if (ctx.queryParam(name) != null) {
        throw LeadportException.invalid(
            name,
            "The change feed takes no "
                + name
                + ": it has no time bounds (a cursor says where to start) and always reports"
                + " deletes, as items with op \"deleted\".");
      }
    }
    Requests.allowQueryParams(ctx, PARAMS);
    FeedFormat format = FeedFormat.of(ctx.header("Accept"));
    LeadFilter filter = LeadFilter.fromParams(ctx::queryParam);
    int limit = Requests.intQuery(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    ChangeFeed.Page page =
        feed.read(p.workspaceId(), filter, ctx.queryParam(ChangeFeed.CURSOR), limit);
    // On both shapes, so that a client reads its position the same way whichever it asks for.
    ctx.header("X-Next-Cursor", page.nextCursor());
    ctx.header("X-Has-More", Boolean.toString(page.hasMore()));
    ctx.header("Cache-Control", "no-store");
    ctx.header("Vary", "Accept");
    if (format == FeedFormat.JSON) {
      ObjectNode body = Json.object();
      ArrayNode data = body.putArray("data");
      page.items().forEach(item -> data.add(item(item)));
      // "cursor" is the contract's name (docs/guides/change-feed.md); "next_cursor" the same
      // value under the lead list's name, so a client of either reads the feed alike.
      body.put("cursor", page.nextCursor());
      body.put("next_cursor", page.nextCursor());
      body.put("has_more", page.hasMore());
      Responses.json(ctx, 200, body);
      return;
    }
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (ChangeFeed.Item item : page.items()) {
      lines.writeBytes(Json.bytes(item(item)));
      lines.write('\n');
    }
    ctx.status(200);
    ctx.contentType(format.contentType());
    if (ContentCoding.negotiate(ctx.header("Accept-Encoding")) != ContentCoding.ZSTD) {
      // Javalin gzips a result for a client that accepts gzip, as it always did here.
      ctx.result(lines.toByteArray());
      return;
    }
    // zstd, which Javalin does not speak without a native library: encoded here and written past
    // its compressing output stream, as http.FileResponses does.
    ByteArrayOutputStream encoded = new ByteArrayOutputStream(lines.size() / 4 + 64);
    try (OutputStream z = ContentCoding.ZSTD.encoder(encoded)) {
      lines.writeTo(z);
    }
    ctx.header("Vary", "Accept, Accept-Encoding");
    ctx.header("Content-Encoding", "zstd");
    ctx.res().setContentLength(encoded.size());
    encoded.writeTo(ctx.res().getOutputStream());
  }

  /** An item on the wire; a deletion carries no {@code lead}. */
  private static ObjectNode item(ChangeFeed.Item item) {
    ObjectNode o = Json.object();
    o.put("position", item.change().position());
    o.put("op", item.op().wireName());
    o.put("object", "lead");
    o.put("id", item.change().leadId());
    o.put("changed_at", Times.iso(item.change().changedAt()));
    Lead lead = item.lead();
    if (lead != null) {
      o.set("lead", LeadJson.of(lead));
    }
    return o;
  }

  private static Set<String> params() {
    Set<String> s = new HashSet<>(LeadFilter.PARAMS);
    s.removeAll(REFUSED);
    s.add(ChangeFeed.CURSOR);
    s.add("limit");
    return Set.copyOf(s);
  }
}
