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
}
