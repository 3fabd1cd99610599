package io.virtnode.node.net.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtnode.node.net.filter.TrafficFilterException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Installs, verifies (by reading the ruleset back with `nft -j`), counts and removes clean-traffic tables. */
public final class TrafficFilters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Nftables nft;

  public TrafficFilters(Nftables nft) { this.nft = nft; }

  /** Replaces the interface's table with the compiled ruleset, then verifies it was installed as compiled. */
  public void install(CleanTraffic filter) throws IOException {
    nft.apply(CleanTrafficRuleset.script(filter));
    verify(filter);
  }

  /** Reads the interface's table back and fails (RulesetMismatch) naming the first difference. */
  public void verify(CleanTraffic filter) throws IOException {
    String table = filter.tableName();
    JsonNode items = read(table).orElseThrow(() -> mismatch(table, "the table is missing"));
    Optional<JsonNode> chain = objects(items, "chain").stream()
        .filter(c -> CleanTrafficRuleset.CHAIN.equals(c.path("name").asText())).findFirst();
    if (chain.isEmpty()) {
      throw mismatch(table, "chain " + CleanTrafficRuleset.CHAIN + " is missing");
    }
    JsonNode c = chain.get();
    if (!"egress".equals(c.path("hook").asText()) || !"drop".equals(c.path("policy").asText())
        || !"filter".equals(c.path("type").asText())) {
      throw mismatch(table, "chain " + CleanTrafficRuleset.CHAIN + " is " + c.path("type").asText() + " hook "
          + c.path("hook").asText() + " policy " + c.path("policy").asText() + ", expected filter hook egress policy drop");
    }
    List<String> expected = CleanTrafficRuleset.rules(filter).stream().map(CleanTrafficRuleset.Rule::comment).toList();
    List<String> actual = new ArrayList<>();
    for (JsonNode r : objects(items, "rule")) {
      if (CleanTrafficRuleset.CHAIN.equals(r.path("chain").asText())) {
        actual.add(r.path("comment").asText(""));
      }
    }
    if (!actual.equals(expected)) {
      throw mismatch(table, "rules " + actual + " differ from the compiled " + expected);
    }
    List<String> sets = objects(items, "set").stream().map(s -> s.path("name").asText()).toList();
    boolean needs4 = filter.allowedIPs().stream().anyMatch(p -> !p.isIpv6());
    if (!sets.contains("allowed6") || (needs4 && !sets.contains("allowed4"))) {
      throw mismatch(table, "sets " + sets + " lack allowed6" + (needs4 ? " or allowed4" : ""));
    }
  }

  /** Packets counted by each rule of the interface's table, keyed by rule comment; empty when no table. */
  public Map<String, Long> counters(String interfaceName) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    Optional<JsonNode> items = read(CleanTraffic.tableName(interfaceName));
    if (items.isPresent()) {
      for (JsonNode r : objects(items.get(), "rule")) {
        for (JsonNode e : r.path("expr")) {
          if (e.has("counter")) {
            out.put(r.path("comment").asText(""), e.path("counter").path("packets").asLong());
          }
        }
      }
    }
    return out;
  }

  /** True when the interface has a table of ours. */
  public boolean isInstalled(String interfaceName) throws IOException {
    return read(CleanTraffic.tableName(interfaceName)).isPresent();
  }

  /** Deletes the interface's table; an absent one is not an error. */
  public void remove(String interfaceName) throws IOException { nft.deleteTable(CleanTraffic.tableName(interfaceName)); }

  private Optional<JsonNode> read(String table) throws IOException {
    Optional<String> text = nft.listTableJson(table);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JSON.readTree(text.get()).path("nftables"));
  }

  private static List<JsonNode> objects(JsonNode items, String kind) {
    List<JsonNode> out = new ArrayList<>();
    items.forEach(i -> {
      if (i.has(kind)) {
        out.add(i.get(kind));
      }
    });
    return out;
  }

  private static TrafficFilterException mismatch(String table, String what) {
    return new TrafficFilterException(Reason.RulesetMismatch, "nftables table netdev " + table + " read back: " + what);
  }
}
