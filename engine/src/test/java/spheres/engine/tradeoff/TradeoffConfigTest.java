package spheres.engine.tradeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TradeoffConfigTest {
    @Test
    void overridesReplaceOnlyTheSettingsGivenAndParseTheSizes() {
        TradeoffConfig q = TradeoffConfig.preset("quick");
        TradeoffConfig.Overrides none = new TradeoffConfig.Overrides(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
        assertFalse(none.any());
        assertEquals(q, none.applyTo(q));
        TradeoffConfig.Overrides some = new TradeoffConfig.Overrides(List.of("quadratic"), List.of("1e3", "online", "30"), null, null, 40,
                null, null, 2000L, null, null, null, null, null, 9L);
        assertTrue(some.any());
        assertEquals(new TradeoffConfig(q.preset(), q.dim(), q.radius(), q.width(), 40, q.batch(), q.lr(), 2000, List.of("quadratic"),
                List.of(1000L, 0L, 30L), q.checkpoints(), q.firstCheckpoint(), q.evalSamples(), q.minErrors(), q.attackStarts(), 9),
                some.applyTo(q));
    }

    @Test
    void aTrainingSetSizeIsOnlineOrAWholeNumber() {
        assertEquals(0, TradeoffConfig.trainSize("Online"));
        assertEquals(1_000_000, TradeoffConfig.trainSize("1e6"));
        for (String bad : new String[] {"lots", "-1", "2.5", "1e10"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TradeoffConfig.trainSize(bad));
            assertTrue(e.getMessage().startsWith("--train-sizes " + bad + ": accepted: online"), e.getMessage());
        }
    }
}
