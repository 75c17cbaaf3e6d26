package spheres.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One number format in every legend: plain in the middle range, 1e-5 style outside it, never Java's 1.0E-5. */
class NumberFormatTest {
    @Test
    void numbersReadAsInAPaper() {
        assertEquals("0", Charts.number(0));
        assertEquals("0.01", Charts.number(1e-2));
        assertEquals("0.5", Charts.number(0.5));
        assertEquals("250", Charts.number(250));
        assertEquals("0.0066", Charts.number(0.0066));
        assertEquals("1e-5", Charts.number(1e-5));
        assertEquals("1e-20", Charts.number(1e-20));
        assertEquals("2.5e20", Charts.number(2.5e20));
        assertEquals("-3e-7", Charts.number(-3e-7));
    }
}
