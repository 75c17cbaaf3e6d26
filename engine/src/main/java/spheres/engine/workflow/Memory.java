package spheres.engine.workflow;

import java.util.Locale;

/**
 * The heap check made before a large allocation: a run that cannot fit is refused in one line saying how much it needs
 * and how to give the JVM more, instead of failing minutes later with an {@link OutOfMemoryError}.
 */
public final class Memory {
    private Memory() {}

    /** Refuses ({@link IllegalArgumentException}) when {@code bytes} exceed what the heap may grow to; {@code less} says how to ask for less. */
    public static void require(long bytes, String what, String less) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes <= max) return;
        long suggest = (long) Math.ceil(bytes * 1.25 / (1L << 30)) + 1;
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s of memory; the Java heap may grow to %s:"
                + " give the JVM more (SPHERES_JAVA_OPTS=-Xmx%dg ./spheres ...) or ask for less (%s)", what, size(bytes), size(max), suggest, less));
    }

    /** Bytes in binary units, 3 significant digits: {@code 19.2 GiB}. */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        for (; v >= 1024 && u < units.length - 1; u++) v /= 1024;
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.3g %s", v, units[u]);
    }
}
