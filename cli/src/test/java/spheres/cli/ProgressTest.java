package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.junit.jupiter.api.Test;

/** The bar fits the terminal: whatever the width, the line is no longer and the bar keeps its columns. */
class ProgressTest {
    @Test
    void theLineFitsEveryWidthAndTheBarNeverCollapses() {
        for (int width : new int[] {40, 60, 80, 120, 200}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            try (var bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(1_000_000).setRenderer(new Progress.Fitted("steps"))
                    .setConsumer(new ConsoleProgressBarConsumer(err, width)).build()) {
                bar.stepTo(450_000);
                bar.setExtraMessage("loss 0.1234 acc 0.987, a message longer than any narrow terminal would show whole");
            }
            String last = bytes.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElseThrow();
            last = last.substring(last.lastIndexOf('\r') + 1);
            assertTrue(last.length() <= width, width + ": " + last.length() + " columns: " + last);
            assertTrue(last.startsWith("train  45% [" + "=".repeat(5)), last);
            int bar = last.indexOf(']') - last.indexOf('[') - 1;
            assertTrue(bar >= 10, width + ": a bar of " + bar + " columns: " + last);
            if (width >= 120) assertTrue(last.contains(" steps/s loss 0.1234"), last);
        }
    }

    @Test
    void aSilentBarStillCounts() {
        try (Progress p = Progress.of(false, "eval", 100, "samples", 10)) {
            p.stepBy(5);
            p.stepBy(1);
            assertEquals(16, p.current());
        }
    }
}
