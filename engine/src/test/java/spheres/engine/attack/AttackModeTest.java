package spheres.engine.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The attack modes by the names users type and files hold, and the refusal of any other name. */
class AttackModeTest {

    @Test
    void namesRoundTrip() {
        for (AttackMode m : AttackMode.values()) assertEquals(m, AttackMode.parse(m.toString()));
        assertEquals(AttackMode.WORST, AttackConfig.defaults("worst").mode());
        assertEquals(0.002f, AttackConfig.defaults(AttackMode.NEAREST).step());
    }

    @Test
    void anotherNameIsRefusedNamingTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttackMode.parse("NEAREST"));
        assertEquals("--mode NEAREST: accepted: worst, nearest", e.getMessage());
    }

    @Test
    void configJsonHoldsTheModeByName() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String s = json.writeValueAsString(AttackConfig.defaults(AttackMode.NEAREST));
        assertEquals(true, s.startsWith("{\"mode\":\"nearest\","), s);
        assertEquals(AttackConfig.defaults(AttackMode.NEAREST), json.readValue(s, AttackConfig.class));
    }

    @Test
    void givenSettingsReplaceTheModesDefaultsAndBelongToTheirMode() {
        assertEquals(new AttackConfig(AttackMode.WORST, 0.05f, 1000, 1e-3f, 0, 7), AttackConfig.of("worst", 0.05f, null, null, null, 7));
        assertEquals(new AttackConfig(AttackMode.NEAREST, 0.002f, 20, 1e-3f, 3, 1000), AttackConfig.of("nearest", null, 20, null, 3, 1000));
        assertEquals("--tol: only with --mode worst (nearest stops at the first error)",
                assertThrows(IllegalArgumentException.class, () -> AttackConfig.of("nearest", null, null, 0.1f, null, 1000)).getMessage());
        assertEquals("--bisect: only with --mode nearest",
                assertThrows(IllegalArgumentException.class, () -> AttackConfig.of("worst", null, null, null, 4, 1000)).getMessage());
        assertEquals("--step -1.0: must be > 0",
                assertThrows(IllegalArgumentException.class, () -> AttackConfig.of("worst", -1f, null, null, 4, 1000)).getMessage());
    }
}
