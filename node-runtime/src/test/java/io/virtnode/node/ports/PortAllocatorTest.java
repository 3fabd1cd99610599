package io.virtnode.node.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PortAllocatorTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<ServerSocket> listeners = new ArrayList<>();
  private ExecutorService pool;

  @AfterEach
  void cleanUp() throws Exception {
    for (ServerSocket s : listeners) s.close();
    if (pool != null) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void reservesTheLowestFreePort() {
    int first = freeRange(10);
    PortAllocator ports = new PortAllocator(first, first + 9, LOOPBACK);

    assertThat(ports.reserve("vm-a")).hasValue(first);
    assertThat(ports.reserve("vm-b")).hasValue(first + 1);
    assertThat(ports.heldBy("vm-a")).hasValue(first);
    assertThat(ports.heldBy("vm-b")).hasValue(first + 1);
    assertThat(ports.heldBy("vm-c")).isEmpty();
    assertThat(ports.reservedCount()).isEqualTo(2);

    // A released port is the lowest free one again.
    assertThat(ports.release(first, "vm-a")).isTrue();
    assertThat(ports.reserve("vm-c")).hasValue(first);
  }

  @Test
  void skipsAPortSomethingElseListensOn() throws IOException {
    int first = freeRange(10);
    listen(LOOPBACK, first);
    PortAllocator ports = new PortAllocator(first, first + 9, LOOPBACK);

    assertThat(ports.reserve("vm-a")).hasValue(first + 1);
    assertThat(ports.heldBy("vm-a")).hasValue(first + 1);
  }

  @Test
  void skipsAPortSomethingListensOnOnAllAddresses() throws IOException {
    int first = freeRange(10);
    listen(null, first); // wildcard 0.0.0.0 / [::]
    PortAllocator ports = new PortAllocator(first, first + 9, LOOPBACK);

    assertThat(ports.reserve("vm-a")).hasValue(first + 1);
  }

  @Test
  void exhaustedRangeGivesEmptyUntilAPortIsReleased() throws IOException {
    int first = freeRange(4);
    listen(LOOPBACK, first + 3);
    PortAllocator ports = new PortAllocator(first, first + 3, LOOPBACK);

    assertThat(ports.reserve("a")).hasValue(first);
    assertThat(ports.reserve("b")).hasValue(first + 1);
    assertThat(ports.reserve("c")).hasValue(first + 2);
    assertThat(ports.reserve("d")).isEmpty(); // last port is in use by someone else
    assertThat(ports.reservedCount()).isEqualTo(3);
    assertThat(ports.heldBy("d")).isEmpty();

    assertThat(ports.release(first + 1, "b")).isTrue();
    assertThat(ports.reserve("d")).hasValue(first + 1);
    assertThat(ports.reserve("e")).isEmpty();
  }

  @Test
  void onlyTheOwnerCanRelease() {
    int first = freeRange(5);
    PortAllocator ports = new PortAllocator(first, first + 4, LOOPBACK);
    int port = ports.reserve("owner").orElseThrow();

    assertThat(ports.release(port, "intruder")).isFalse();
    assertThat(ports.heldBy("owner")).hasValue(port);
    assertThat(ports.reservedCount()).isEqualTo(1);
    assertThat(ports.reserve("next")).hasValue(port + 1); // still reserved: not handed out again

    assertThat(ports.release(port + 3, "owner")).isFalse(); // never held
    assertThat(ports.release(port, "owner")).isTrue();
    assertThat(ports.release(port, "owner")).isFalse(); // already released
    assertThat(ports.heldBy("owner")).isEmpty();
    assertThat(ports.reservedCount()).isEqualTo(1);
  }

  @Test
  void adoptRecordsAPortHeldBeforeARestart() {
    int first = freeRange(5);
    PortAllocator ports = new PortAllocator(first, first + 4, LOOPBACK);

    assertThat(ports.adopt(first, "running-vm")).isTrue();
    assertThat(ports.adopt(first, "running-vm")).isTrue(); // idempotent for the same owner
    assertThat(ports.adopt(first, "other-vm")).isFalse();
    assertThat(ports.heldBy("running-vm")).hasValue(first);
    assertThat(ports.heldBy("other-vm")).isEmpty();
    assertThat(ports.reservedCount()).isEqualTo(1);

    // An adopted port is never handed to a new VM, even though nothing listens on it right now.
    assertThat(ports.reserve("new-vm")).hasValue(first + 1);
    assertThat(ports.release(first, "other-vm")).isFalse();
    assertThat(ports.release(first, "running-vm")).isTrue();
    assertThat(ports.reserve("newer-vm")).hasValue(first);
  }

  @Test
  void rejectsBadRanges() {
    assertThatThrownBy(() -> new PortAllocator(0, 10, LOOPBACK)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortAllocator(30010, 30000, LOOPBACK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortAllocator(65000, 65536, LOOPBACK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentReservationsNeverHandOutAPortTwice() throws Exception {
    int threads = 8;
    int perThread = 25;
    int size = threads * perThread; // 200: exactly enough for everyone
    int first = freeRange(size);
    PortAllocator ports = new PortAllocator(first, first + size - 1, LOOPBACK);
    pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<int[]> handed = new CopyOnWriteArrayList<>(); // {port, thread, index}
    List<Future<?>> done = new ArrayList<>();

    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        ready.countDown();
        start.await();
        for (int i = 0; i < perThread; i++) {
          OptionalInt port = ports.reserve(owner(thread, i));
          assertThat(port).as("reservation %d of thread %d", i, thread).isPresent();
          handed.add(new int[] {port.getAsInt(), thread, i});
        }
        return null;
      }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    start.countDown();
    for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);

    Set<Integer> distinct = new HashSet<>();
    for (int[] h : handed) {
      assertThat(distinct.add(h[0])).as("port %d handed out twice", h[0]).isTrue();
      assertThat(h[0]).isBetween(first, first + size - 1);
      assertThat(ports.heldBy(owner(h[1], h[2]))).hasValue(h[0]);
    }
    assertThat(handed).hasSize(size);
    assertThat(ports.reservedCount()).isEqualTo(size);
    assertThat(ports.reserve("one-too-many")).isEmpty();
  }

  @Test
  void churnFromSeveralThreadsNeverGivesAPortTwoOwners() throws Exception {
    int threads = 6;
    int rounds = 150;
    int size = 8; // fewer ports than threads would like at times: contention and exhaustion both happen
    int first = freeRange(size);
    PortAllocator ports = new PortAllocator(first, first + size - 1, LOOPBACK);
    pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentHashMap<Integer, String> holders = new ConcurrentHashMap<>();
    List<String> violations = new CopyOnWriteArrayList<>();
    List<Future<Integer>> done = new ArrayList<>();

    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        start.await();
        int got = 0;
        for (int i = 0; i < rounds; i++) {
          String me = owner(thread, i);
          OptionalInt reserved = ports.reserve(me);
          if (reserved.isEmpty()) continue;
          got++;
          int port = reserved.getAsInt();
          String previous = holders.putIfAbsent(port, me);
          if (previous != null) violations.add(port + " given to " + me + " while held by " + previous);
          if (ports.heldBy(me).orElse(-1) != port) violations.add(me + " does not hold " + port);
          String stranger = owner((thread + 1) % threads, i);
          if (ports.release(port, stranger)) violations.add(stranger + " released " + port + " of " + me);
          holders.remove(port, me);
          if (!ports.release(port, me)) violations.add(me + " could not release " + port);
        }
        return got;
      }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : done) total += f.get(90, TimeUnit.SECONDS);

    assertThat(violations).isEmpty();
    assertThat(total).isPositive();
    assertThat(ports.reservedCount()).isZero();
    assertThat(holders).isEmpty();
  }

  private static String owner(int thread, int index) {
    return "vm-" + thread + "-" + index;
  }

  private void listen(InetAddress address, int port) throws IOException {
    ServerSocket s = new ServerSocket();
    listeners.add(s);
    s.bind(new InetSocketAddress(address, port));
  }

  /** First port of count consecutive ports in 20000-40000 that nothing listens on right now. */
  private static int freeRange(int count) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int first = random.nextInt(20000, 40000 - count + 1);
      boolean free = true;
      for (int p = first; p < first + count && free; p++) free = bindable(p);
      if (free) return first;
    }
    throw new IllegalStateException("no " + count + " free consecutive ports in 20000-40000");
  }

  private static boolean bindable(int port) {
    for (InetAddress a : new InetAddress[] {LOOPBACK, null}) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(a, port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
