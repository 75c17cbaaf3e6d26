package spheres.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepConfigTest {
    private static final SweepConfig.Overrides NONE = new SweepConfig.Overrides(null, null, null, null, null, null, null, null, null, null);

    @Test
    void overridesReplaceOnlyTheSettingsGiven() {
        SweepConfig quick = SweepConfig.preset("quick");
        assertFalse(NONE.any());
        assertEquals(quick, NONE.applyTo(quick));
        SweepConfig.Overrides some = new SweepConfig.Overrides(List.of(3, 7), null, null, null, 99L, null, null, 12, null, 5L);
        assertTrue(some.any());
        assertEquals(new SweepConfig(quick.preset(), List.of(3, 7), quick.radius(), quick.width(), quick.batch(), quick.lr(), 99,
                quick.evalSamples(), quick.attackStarts(), 12, quick.attackStep(), 5), some.applyTo(quick));
        assertTrue(new SweepConfig.Overrides(null, null, null, null, null, null, null, null, null, 1L).any(), "the seed is a setting");
    }

    @Test
    void overriddenSettingsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SweepConfig.Overrides(List.of(1), null, null, null, null, null, null, null, null, null).applyTo(SweepConfig.preset("quick")));
        assertTrue(e.getMessage().startsWith("--dims 1"), e.getMessage());
    }
}
