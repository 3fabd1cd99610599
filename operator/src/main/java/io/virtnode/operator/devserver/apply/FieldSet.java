package io.virtnode.operator.devserver.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of field paths stored as a tree, as structured-merge-diff's fieldpath.Set: the members of a
 * node are the paths that end there, its children the nodes paths continue through. A node never
 * keeps an empty child.
 */
final class FieldSet {
  private final TreeSet<PathElement> members = new TreeSet<>();
  private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

  static FieldSet of(List<List<PathElement>> paths) {
    FieldSet s = new FieldSet();
    paths.forEach(s::insert);
    return s;
  }

  TreeSet<PathElement> members() {
    return members;
  }

  TreeMap<PathElement, FieldSet> children() {
    return children;
  }

  FieldSet child(PathElement pe) {
    return children.get(pe);
  }

  void insert(List<PathElement> path) {
    if (path.isEmpty()) {
      return;
    }
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.children.computeIfAbsent(path.get(i), k -> new FieldSet());
    }
    node.members.add(path.get(path.size() - 1));
  }

  void insertMember(PathElement pe) {
    members.add(pe);
  }

  /** Adds a child unless it is empty. */
  void putChild(PathElement pe, FieldSet child) {
    if (child != null && !child.isEmpty()) {
      children.put(pe, child);
    }
  }

  boolean has(List<PathElement> path) {
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.children.get(path.get(i));
      if (node == null) {
        return false;
      }
    }
    return !path.isEmpty() && node.members.contains(path.get(path.size() - 1));
  }

  boolean isEmpty() {
    return members.isEmpty() && children.isEmpty();
  }

  FieldSet copy() {
    FieldSet r = new FieldSet();
    r.members.addAll(members);
    children.forEach((pe, c) -> r.putChild(pe, c.copy()));
    return r;
  }

  FieldSet union(FieldSet o) {
    FieldSet r = new FieldSet();
    r.members.addAll(members);
    r.members.addAll(o.members);
    children.forEach((pe, c) -> {
      FieldSet oc = o.children.get(pe);
      r.putChild(pe, oc == null ? c.copy() : c.union(oc));
    });
    o.children.forEach((pe, c) -> {
      if (!children.containsKey(pe)) {
        r.putChild(pe, c.copy());
      }
    });
    return r;
  }

  /** Paths in this set and not in o, compared path by path (a member of o does not remove its descendants). */
  FieldSet difference(FieldSet o) {
    FieldSet r = new FieldSet();
    members.stream().filter(m -> !o.members.contains(m)).forEach(r.members::add);
    children.forEach((pe, c) -> {
      FieldSet oc = o.children.get(pe);
      r.putChild(pe, oc == null ? c.copy() : c.difference(oc));
    });
    return r;
  }

  FieldSet intersection(FieldSet o) {
    FieldSet r = new FieldSet();
    members.stream().filter(o.members::contains).forEach(r.members::add);
    children.forEach((pe, c) -> {
      FieldSet oc = o.children.get(pe);
      if (oc != null) {
        r.putChild(pe, c.intersection(oc));
      }
    });
    return r;
  }

  /** Paths in this set that neither are in o nor have a prefix that is a member of o. */
  FieldSet recursiveDifference(FieldSet o) {
    FieldSet r = new FieldSet();
    members.stream().filter(m -> !o.members.contains(m)).forEach(r.members::add);
    children.forEach((pe, c) -> {
      if (o.members.contains(pe)) {
        return;
      }
      FieldSet oc = o.children.get(pe);
      r.putChild(pe, oc == null ? c.copy() : c.recursiveDifference(oc));
    });
    return r;
  }

  /** Only the paths that start with pe, pe itself included. */
  FieldSet onlyUnder(PathElement pe) {
    FieldSet r = new FieldSet();
    if (members.contains(pe)) {
      r.members.add(pe);
    }
    FieldSet c = children.get(pe);
    if (c != null) {
      r.putChild(pe, c.copy());
    }
    return r;
  }

  /** Visits every path: this node's members first, then each child's paths, in sorted order. */
  void forEachPath(Consumer<List<PathElement>> visitor) {
    forEachPath(new ArrayList<>(), visitor);
  }

  private void forEachPath(List<PathElement> prefix, Consumer<List<PathElement>> visitor) {
    for (PathElement m : members) {
      List<PathElement> p = new ArrayList<>(prefix);
      p.add(m);
      visitor.accept(List.copyOf(p));
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      prefix.add(e.getKey());
      e.getValue().forEachPath(prefix, visitor);
      prefix.remove(prefix.size() - 1);
    }
  }

  List<List<PathElement>> paths() {
    List<List<PathElement>> all = new ArrayList<>();
    forEachPath(all::add);
    return all;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet s && s.members.equals(members) && s.children.equals(children);
  }

  @Override
  public int hashCode() {
    return members.hashCode() * 31 + children.hashCode();
  }

  @Override
  public String toString() {
    List<String> printed = new ArrayList<>();
    forEachPath(p -> printed.add(PathElement.display(p)));
    return String.join("\n", printed);
  }
}
