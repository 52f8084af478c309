package io.streamstore.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * NATS servers the tests start themselves from {@code /usr/sbin/nats-server} (or {@code
 * $NATS_SERVER}), on free loopback ports with their own store directories: one node, or a cluster
 * with routes on loopback. {@link #close()} stops them and removes the directories. Tests are skipped,
 * with the reason, when the binary is absent.
 */
public final class NatsServers implements AutoCloseable {

  /** One server process. */
  public static final class Node {
    final String name;
    final int port;
    final int clusterPort;
    final Path dir;
    final List<String> args;
    Process process;

    Node(String name, int port, int clusterPort, Path dir, List<String> args) {
      this.name = name;
      this.port = port;
      this.clusterPort = clusterPort;
      this.dir = dir;
      this.args = args;
    }

    public String url() {
      return "nats://127.0.0.1:" + port;
    }

    public void start() throws IOException {
      process = new ProcessBuilder(args)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("server.log").toFile())
          .start();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    /** SIGSTOP / SIGCONT: the process stays, but stops answering. */
    public void signal(String sig) throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    public boolean alive() {
      return process != null && process.isAlive();
    }
  }

  private final Path root;
  private final List<Node> nodes;

  private NatsServers(Path root, List<Node> nodes) {
    this.root = root;
    this.nodes = nodes;
  }

  static String binary() {
    String env = System.getenv("NATS_SERVER");
    return env != null && !env.isBlank() ? env : "/usr/sbin/nats-server";
  }

  /** Skips the calling test when there is no nats-server binary. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(binary())),
        "no nats-server at " + binary() + " (set NATS_SERVER); the JetStream tests need one");
  }

  /** One JetStream server. */
  public static NatsServers single() throws Exception {
    return start(1);
  }

  /** A JetStream cluster of {@code n} nodes with routes on loopback. */
  public static NatsServers cluster(int n) throws Exception {
    return start(n);
  }

  private static NatsServers start(int n) throws Exception {
    assumeAvailable();
    Path root = Files.createTempDirectory("streamstore-nats-");
    int[] ports = freePorts(2 * n);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path dir = Files.createDirectories(root.resolve("n" + i));
      // the suite stores a 1 MiB message; the default max_payload is 1 MB
      Path conf = Files.writeString(dir.resolve("server.conf"), "max_payload: 4194304\n");
      List<String> args = new ArrayList<>(List.of(binary(), "-c", conf.toString(), "-js", "-a", "127.0.0.1",
          "-p", Integer.toString(ports[i]), "-sd", dir.toString(), "-n", "n" + i));
      if (n > 1) {
        final int self = i;
        String routes = java.util.stream.IntStream.range(0, n).filter(j -> j != self)
            .mapToObj(j -> "nats://127.0.0.1:" + ports[n + j]).collect(Collectors.joining(","));
        args.addAll(List.of("--cluster", "nats://127.0.0.1:" + ports[n + i], "--routes", routes,
            "--cluster_name", "ssc"));
      }
      nodes.add(new Node("n" + i, ports[i], n > 1 ? ports[n + i] : 0, dir, args));
    }
    NatsServers s = new NatsServers(root, nodes);
    Runtime.getRuntime().addShutdownHook(new Thread(s::stopAll));
    for (Node node : nodes) {
      node.start();
    }
    for (Node node : nodes) {
      awaitPort(node);
    }
    s.awaitJetStream(Duration.ofSeconds(30));
    return s;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** host:port of every node, comma-separated, for a store URL. */
  public String hostPorts() {
    return nodes.stream().map(x -> "127.0.0.1:" + x.port).collect(Collectors.joining(","));
  }

  /** A plain connection to every node (for test administration). */
  public Connection connect() throws IOException, InterruptedException {
    return Nats.connect(new Options.Builder()
        .servers(nodes.stream().map(Node::url).toArray(String[]::new))
        .maxReconnects(-1).reconnectWait(Duration.ofMillis(100))
        .errorListener(new io.nats.client.ErrorListener() {})
        .build());
  }

  /** Waits until JetStream answers (a cluster has elected its meta leader). */
  void awaitJetStream(Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Connection nc = connect()) {
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.getAccountStatistics();
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("JetStream did not come up within " + patience, last);
  }

  private static void awaitPort(Node node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!node.process.isAlive()) {
        throw new IllegalStateException("nats-server " + node.name + " exited: "
            + Files.readString(node.dir.resolve("server.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", node.port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("nats-server " + node.name + " did not listen on " + node.port);
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
    return ports;
  }

  private void stopAll() {
    for (Node node : nodes) {
      if (node.process != null && node.process.isAlive()) {
        try {
          node.signal("CONT");
        } catch (Exception ignored) {
          // best effort
        }
        node.process.destroy();
      }
    }
    for (Node node : nodes) {
      try {
        if (node.process != null && !node.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          node.process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() throws IOException {
    stopAll();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
