package dev.idgw.testkit.partner;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one stub partner from the command line until the process is killed, e.g. for the demo:
 * {@code java -cp loadtest/target/loadtest.jar dev.idgw.testkit.partner.StubPartnerMain --name a --port 9001 --latency-ms 20}.
 */
public final class StubPartnerMain {

    static final String USAGE = """
            usage: StubPartnerMain [--name NAME] [--port PORT] [--latency-ms MS] [--p99-latency-ms MS]
                                   [--failure NONE|NO_BID|HTTP_500|GARBAGE|WRONG_SHAPE|HANG|RESET|OVERSIZE]
                                   [--bids-per-imp N] [--base-price CPM]
              defaults: --name stub --port 0 (a free port) --latency-ms 0 --failure NONE""";

    private StubPartnerMain() {
    }

    /** What the command line asked for. */
    record Arguments(String name, int port, StubBehavior behavior) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (IllegalArgumentException e) {
            printUsage(System.err, e.getMessage());
            System.exit(2);
            return;
        }
        StubPartner stub = StubPartner.start(arguments.name(), arguments.port(), arguments.behavior());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stub.close();
            stopped.countDown();
        }, "stub-shutdown"));
        System.out.println(stub.name() + " " + stub.endpoint() + " " + arguments.behavior().failure());
        stopped.await();
    }

    /**
     * Reads {@code --key value} pairs.
     *
     * @throws IllegalArgumentException naming the offending argument
     */
    static Arguments parse(String[] args) {
        String name = "stub";
        int port = 0;
        StubBehavior behavior = StubBehavior.bidding();
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            String value = args[i + 1];
            switch (key) {
                case "--name" -> name = value;
                case "--port" -> port = integer(key, value);
                case "--latency-ms" -> behavior = behavior.withLatency(Duration.ofMillis(integer(key, value)));
                case "--p99-latency-ms" -> behavior = behavior.withP99Latency(Duration.ofMillis(integer(key, value)));
                case "--failure" -> behavior = behavior.withFailure(failure(value));
                case "--bids-per-imp" -> behavior = behavior.withBidsPerImp(integer(key, value));
                case "--base-price" -> behavior = behavior.withBasePrice(decimal(key, value));
                default -> throw new IllegalArgumentException("unknown argument " + key);
            }
        }
        return new Arguments(name, port, behavior);
    }

    private static void printUsage(PrintStream out, String problem) {
        out.println(problem);
        out.println(USAGE);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got " + value, e);
        }
    }

    private static double decimal(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got " + value, e);
        }
    }

    private static StubFailure failure(String value) {
        try {
            return StubFailure.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--failure must be one of " + Arrays.toString(
                    StubFailure.values()) + ", got " + value, e);
        }
    }
}
