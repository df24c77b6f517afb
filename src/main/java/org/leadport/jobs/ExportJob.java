package org.leadport.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An export job as stored: what to export ({@code spec}), the surface's original request, its state
 * and progress, and the published file once it succeeded.
 */
public record ExportJob(
    String id,
    String workspaceId,
    String apiKeyId,
    String surface,
    JsonNode spec,
    JsonNode request,
    JobState state,
    long rowsDone,
    Long rowsTotal,
    String errorCode,
    String errorMessage,
    String fileKey,
    Long fileSize,
    String fileSha256,
    int attempts,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt) {}
