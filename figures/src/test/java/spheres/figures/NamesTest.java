package spheres.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The names {@code plot --only} and {@code --format} take, and the one line that refuses any other. */
class NamesTest {
    @Test
    void kindsAndFormatsByNameOrOneLineListingTheAcceptedOnes() {
        for (Figures.Kind k : Figures.Kind.values()) assertEquals(k, Figures.Kind.parse(k.name().toLowerCase(java.util.Locale.ROOT)));
        assertEquals(Format.SVG, Format.parse("svg"));
        assertEquals("--only pie: accepted: " + String.join(", ", Figures.Kind.NAMES),
                assertThrows(IllegalArgumentException.class, () -> Figures.Kind.parse("pie")).getMessage());
        assertEquals("--format gif: accepted: png, svg, pdf", assertThrows(IllegalArgumentException.class, () -> Format.parse("gif")).getMessage());
    }
}
