package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An asynchronous QMP event, e.g. SHUTDOWN, STOP, RESUME, MIGRATION, BLOCK_IO_ERROR. */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {}
