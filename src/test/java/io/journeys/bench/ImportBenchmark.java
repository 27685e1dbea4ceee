package io.journeys.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.journeys.contact.ImportDriver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.Reader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Benchmark of the CSV contact import (issue 3), not a test: starts PostgreSQL (embedded binaries)
 * and the application in its production shape, generates a CSV file of {@code -Drows=1000000}
 * contacts with Chinese headers and 5 % dirty rows, imports it through {@code ImportService}, and
 * prints rows/s, peak heap (sampled, and right after collections) and the CPU time the application
 * and PostgreSQL used meanwhile. As a baseline it loads the same rows into scratch tables with a
 * plain PostgreSQL {@code COPY} and with a plain JDBC multi-row batch insert, and prints the ratio.
 * Run it with {@code -Xmx512m} to prove the heap bound; see docs/benchmarks.md for the command and
 * the runs.
 */
public final class ImportBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");

  private ImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.getInteger("rows", 1_000_000);
    Path dir = Files.createTempDirectory("journeys-bench-");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      Path file = dir.resolve("contacts.csv");
      long t0 = System.nanoTime();
      generate(file, rows);
      log.info("generated {} rows ({} MiB) in {} s", rows, Files.size(file) >> 20, seconds(t0));
      Path upload = Files.copy(file, dir.resolve("upload.csv"));

      String url = pg.getJdbcUrl("postgres", "postgres");
      try (ConfigurableApplicationContext app = BenchmarkApplication.start(url)) {
        CpuWatch cpu = new CpuWatch(app.getBean(javax.sql.DataSource.class));
        HeapWatch heap = new HeapWatch();
        long start = System.nanoTime();
        Map<String, Object> report = ImportDriver.importAndWait(app, upload, Duration.ofHours(1));
        double ours = rows / seconds(start);
        heap.stop();
        log.info("import report: {}", report);
        log.info(
            "ours: {} rows in {} s = {} rows/s; peak heap used {} MiB, at most {} MiB left"
                + " after a collection (max {} MiB)",
            rows,
            String.format("%.1f", seconds(start)),
            Math.round(ours),
            heap.peak() >> 20,
            heap.peakAfterGc() >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
        log.info(
            "CPU used meanwhile: {}; load average {}",
            cpu.used(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        try (Connection c = app.getBean(javax.sql.DataSource.class).getConnection()) {
          double copy = rows / copyBaseline(c, file);
          log.info(
              "baseline COPY: {} rows/s; ours/baseline = {}",
              Math.round(copy),
              String.format("%.2f", ours / copy));
        }
        try (Connection c =
            java.sql.DriverManager.getConnection(
                url + "&reWriteBatchedInserts=true", "postgres", "")) {
          double batch = rows / batchBaseline(c, file);
          log.info(
              "baseline multi-row batch insert: {} rows/s; ours/baseline = {}",
              Math.round(batch),
              String.format("%.2f", ours / batch));
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The file of the import report test, at any size: every 20th row is dirty. */
  static void generate(Path file, int rows) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("\uFEFF客户编号,邮箱,手机号,姓名,注册日期,城市\n");
      LocalDate day = LocalDate.of(2024, 1, 1);
      for (int i = 0; i < rows; i++) {
        String phone = "1" + (86 + i % 4) + String.format("%08d", i);
        String email = "u" + i + "@example.com";
        String date = day.plusDays(i % 700).toString().replace('-', i % 2 == 0 ? '/' : '.');
        String row =
            switch (i % 20 == 0 ? (i / 20) % 5 : -1) {
              case 0 -> "c-" + i + "," + email + ",12345,用户" + i + "," + date + ",上海";
              case 1 ->
                  "c-" + i + ",u" + i + "_at_example.com," + phone + ",用户" + i + "," + date + ",上海";
              case 2 -> "c-" + i + "," + email + "," + phone + ",用户" + i + ",2024/13/45,上海";
              case 3 -> ",,1" + (86 + (i - 1) % 4) + String.format("%08d", i - 1) + ",,,北京";
              case 4 -> ",U" + (i - 1) + "@EXAMPLE.COM,,,,深圳";
              default -> "c-" + i + "," + email + "," + phone + ",用户" + i + "," + date + ",杭州";
            };
        w.write(row);
        w.write('\n');
      }
    }
  }

  /** Seconds to COPY the file's rows, as they are, into a scratch table. */
  static double copyBaseline(Connection c, Path file) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(
          "create table bench_copy (contact_id text, email text, phone text, name text,"
              + " signup text, city text)");
    }
    long start = System.nanoTime();
    c.setAutoCommit(false);
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("copy bench_copy from stdin with (format csv, header true)", r);
    }
    c.commit();
    return seconds(start);
  }

  /**
   * Seconds to insert the file's rows, as they are, with multi-row batches of 1000 in one
   * transaction.
   */
  private static double batchBaseline(Connection c, Path file) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(
          "create table bench_batch (contact_id text, email text, phone text, name text,"
              + " signup text, city text)");
    }
    long start = System.nanoTime();
    c.setAutoCommit(false);
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        PreparedStatement ps =
            c.prepareStatement("insert into bench_batch values (?, ?, ?, ?, ?, ?)")) {
      int n = 0;
      for (CSVRecord record :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        for (int i = 0; i < 6; i++) {
          ps.setString(i + 1, record.get(i));
        }
        ps.addBatch();
        if (++n % 1000 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
    c.commit();
    return seconds(start);
  }

  /**
   * The highest heap use seen, sampled every 10 ms (garbage included), and the highest heap use
   * right after a collection (what the import really holds, plus garbage not yet collected).
   */
  private static final class HeapWatch {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heap-watch");
              t.setDaemon(true);
              return t;
            });
    private final NotificationListener afterGc =
        (notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            long used =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                    .getGcInfo()
                    .getMemoryUsageAfterGc()
                    .entrySet()
                    .stream()
                    .filter(pool -> heapPools().contains(pool.getKey()))
                    .mapToLong(pool -> pool.getValue().getUsed())
                    .sum();
            peakAfterGc.accumulateAndGet(used, Math::max);
          }
        };

    HeapWatch() throws Exception {
      sampler.scheduleAtFixedRate(
          () -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
          0,
          10,
          TimeUnit.MILLISECONDS);
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener(afterGc, null, null);
      }
    }

    private static java.util.Set<String> heapPools() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(java.util.stream.Collectors.toSet());
    }

    void stop() throws Exception {
      sampler.shutdown();
      sampler.awaitTermination(1, TimeUnit.SECONDS);
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).removeNotificationListener(afterGc);
      }
    }

    long peak() {
      return peak.get();
    }

    long peakAfterGc() {
      return peakAfterGc.get();
    }
  }

  /**
   * CPU time of this JVM and of the PostgreSQL server processes (the postmaster and its children):
   * unlike rows/s, it hardly depends on what else the machine is running.
   */
  private static final class CpuWatch {
    private final ProcessHandle postmaster;
    private final long app;
    private final long db;

    CpuWatch(javax.sql.DataSource dataSource) throws Exception {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
        rs.next();
        postmaster = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).orElseThrow();
      }
      app = appNanos();
      db = dbNanos();
    }

    private static long appNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    private long dbNanos() {
      return Stream.concat(Stream.of(postmaster), postmaster.descendants())
          .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
          .sum();
    }

    String used() {
      return String.format(
          "application %.1f s, PostgreSQL %.1f s",
          (appNanos() - app) / 1e9, (dbNanos() - db) / 1e9);
    }
  }
}
