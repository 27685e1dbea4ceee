package io.journeys.channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP peer on a loopback socket that misbehaves at one phase of its first conversation
 * (GreenMail cannot fail per phase): it stops answering, hangs up, refuses, or holds its answer
 * until the test releases it. Later conversations behave. It counts the messages it took (answered
 * 250 to the end of the data) and those it held (received the end of the data and did not answer: a
 * real relay may have queued them).
 */
final class ScriptedRelay implements AutoCloseable {

  enum Phase {
    GREETING,
    EHLO,
    MAIL_FROM,
    RCPT_TO,
    DATA,
    END_OF_DATA
  }

  enum Fault {
    /** No answer at the phase; reads on until the client hangs up. */
    SILENT,
    /** Closes the connection instead of answering. */
    CLOSE,
    /** Answers 451 (a temporary refusal). */
    REFUSE,
    /** Answers normally, but only once the test calls {@link #release()}. */
    HOLD
  }

  final AtomicInteger taken = new AtomicInteger();
  final AtomicInteger held = new AtomicInteger();
  private final ServerSocket server;
  private final Phase phase;
  private final Fault fault;
  private final List<Socket> conversations = new CopyOnWriteArrayList<>();
  private final AtomicBoolean first = new AtomicBoolean(true);
  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  ScriptedRelay(Phase phase, Fault fault) throws IOException {
    this.phase = phase;
    this.fault = fault;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "scripted-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Waits until the first conversation reached the faulty phase. */
  void awaitFault() throws InterruptedException {
    if (!reached.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the client never reached " + phase);
    }
  }

  void release() {
    released.countDown();
  }

  /** Stops listening and hangs up every conversation (a client stuck in one fails at once). */
  @Override
  public void close() throws IOException {
    released.countDown();
    server.close();
    for (Socket socket : conversations) {
      socket.close();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        conversations.add(socket);
        boolean faulty = first.getAndSet(false);
        Thread conversation =
            new Thread(
                () -> converse(socket, faulty ? phase : null), "scripted-relay-conversation");
        conversation.setDaemon(true);
        conversation.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void converse(Socket socket, Phase faultAt) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
      if (answer(Phase.GREETING, faultAt, "220 relay ready", in, out) == STOP) {
        return;
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String command = line.toUpperCase(Locale.ROOT);
        int answered;
        if (command.startsWith("EHLO") || command.startsWith("HELO")) {
          answered = answer(Phase.EHLO, faultAt, "250 relay", in, out);
        } else if (command.startsWith("MAIL FROM")) {
          answered = answer(Phase.MAIL_FROM, faultAt, "250 sender ok", in, out);
        } else if (command.startsWith("RCPT TO")) {
          answered = answer(Phase.RCPT_TO, faultAt, "250 recipient ok", in, out);
        } else if (command.startsWith("DATA")) {
          answered = answer(Phase.DATA, faultAt, "354 end with <CRLF>.<CRLF>", in, out);
          if (answered == ANSWERED) {
            String data = in.readLine();
            while (data != null && !data.equals(".")) {
              data = in.readLine();
            }
            if (data == null) {
              return; // hung up inside the data: nothing to take
            }
            boolean fails = faultAt == Phase.END_OF_DATA;
            if (fails && (fault == Fault.SILENT || fault == Fault.CLOSE)) {
              held.incrementAndGet();
            }
            if (!fails || fault == Fault.HOLD) {
              // counted before the 250 goes out: a client that has its answer finds it counted
              taken.incrementAndGet();
            }
            answered = answer(Phase.END_OF_DATA, faultAt, "250 queued", in, out);
          }
        } else if (command.startsWith("QUIT")) {
          out.write("221 bye\r\n");
          out.flush();
          return;
        } else {
          out.write("250 ok\r\n"); // NOOP, RSET
          out.flush();
          answered = ANSWERED;
        }
        if (answered == STOP) {
          return;
        }
      }
    } catch (IOException | InterruptedException gone) {
      // the client hung up
    }
  }

  private static final int ANSWERED = 1;
  private static final int REFUSED = 0;
  private static final int STOP = -1;

  /**
   * Answers {@code normal} at {@code at}, or misbehaves there if it is the faulty phase.
   *
   * @return ANSWERED, REFUSED (451 answered) or STOP (the conversation is over)
   */
  private int answer(Phase at, Phase faultAt, String normal, BufferedReader in, Writer out)
      throws IOException, InterruptedException {
    if (at != faultAt) {
      out.write(normal + "\r\n");
      out.flush();
      return ANSWERED;
    }
    reached.countDown();
    switch (fault) {
      case SILENT -> {
        while (in.readLine() != null) {
          // no answer, whatever comes
        }
        return STOP;
      }
      case CLOSE -> {
        return STOP;
      }
      case REFUSE -> {
        out.write("451 try again later\r\n");
        out.flush();
        return REFUSED;
      }
      case HOLD -> {
        released.await();
        out.write(normal + "\r\n");
        out.flush();
        return ANSWERED;
      }
      default -> throw new IllegalStateException(fault.name());
    }
  }
}
