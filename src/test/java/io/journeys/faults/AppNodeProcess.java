package io.journeys.faults;

import io.journeys.support.ProductionPeers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An app node as an operating-system process of its own: {@code java -jar} on the jar that {@code
 * package} built ({@code target/journeys-*.jar}, the artefact that is deployed), the production
 * profile, settings as command-line arguments, its output in a log file per start. {@link #kill()}
 * is {@link Process#destroyForcibly()}, which is {@code SIGKILL} on Linux: no shutdown hook, no
 * finally block, no socket closed politely.
 */
final class AppNodeProcess {

  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Nodes still running when the test JVM ends (a failed or interrupted run) are killed. */
  private static final Set<Process> running = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
  }

  final String name;
  final int port;
  private final List<String> command;
  private final Path logs;
  private Process process;
  private int starts;

  AppNodeProcess(String name, Map<String, String> settings, Path logs) throws IOException {
    this.name = name;
    this.port = freePort();
    this.logs = logs;
    settings.put("server.port", Integer.toString(port));
    command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + System.getProperty("faults.node-heap", "768m"));
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Dspring.profiles.active=production");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(ProductionPeers.arguments(settings)));
    Files.createDirectories(logs);
  }

  /** The executable jar of {@code package} in {@code target/} (not the {@code .original}). */
  static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("journeys-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no target/journeys-*.jar: run through ./mvnw -Pfaults verify (package"
                          + " builds it)"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  void start() throws IOException {
    starts++;
    Path log = logs.resolve(name + "-start" + starts + ".log");
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    running.add(process);
    process.onExit().thenAccept(running::remove);
  }

  /** Waits until {@code /actuator/health/readiness} answers 200; fails if the process ended. */
  void awaitReady(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " ended with exit code "
                + process.exitValue()
                + " while starting; see "
                + log());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " not ready after " + limit + "; see " + log());
      }
      Thread.sleep(250);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** kill -9: {@code SIGKILL}, then waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
    }
  }

  /** An orderly stop (SIGTERM), forced after 30 s. */
  void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }

  Path log() {
    return logs.resolve(name + "-start" + starts + ".log");
  }
}
