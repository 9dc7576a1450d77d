package org.borderpolice.federation.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "11010519491231002X",
                "330881199001011238",
                "35072219850715001X",
                "361103200002290018",
                "11010519491231002x",
                " 3308811990 01011238 "
            })
    void acceptsResidentIdNumbersWithTheirCheckCharacter(String id) {
        assertNull(ResidentIdNumbers.problem(id), () -> id + ": " + ResidentIdNumbers.problem(id));
    }

    @Test
    void computesTheGb11643CheckCharacter() {
        assertEquals('X', ResidentIdNumbers.checkCharacter("11010519491231002"));
        assertEquals('8', ResidentIdNumbers.checkCharacter("33088119900101123"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"110105194912310021", "330881199001011237", "33088119900101123X", "350722198507150012"})
    void refusesAWrongCheckCharacter(String id) {
        assertTrue(ResidentIdNumbers.problem(id).startsWith("wrong check character"), ResidentIdNumbers.problem(id));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "33088119900101123",
                "3308811990010112370",
                "33088119900101A237",
                "33088119901301123X",
                "330881199002301230",
                "990881199001011233",
                "330881210001011234",
                "33088119900101123Y"
            })
    void refusesMalformedResidentIdNumbers(String id) {
        assertNotNull(ResidentIdNumbers.problem(id), id);
    }

    @Test
    void refusesABirthDateInTheFuture() {
        String first17 = "33088120991231123";
        assertTrue(ResidentIdNumbers.problem(first17 + ResidentIdNumbers.checkCharacter(first17))
                .contains("birth date"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"330881", "350722", "361103", "110000", "820000", "330800"})
    void acceptsDivisionCodes(String code) {
        assertTrue(DivisionCodes.isValid(code), code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "33088", "3308811", "33088a", "990881", "000000", "330012", "１２３４５６"})
    void refusesWhatIsNoDivisionCode(String code) {
        assertFalse(DivisionCodes.isValid(code), code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"浙H12345", "闽HD12345", "赣E·A1234", "浙h 12345", "京AF1234", "粤B12345D", "浙H1234学"})
    void acceptsPlates(String plate) {
        assertNull(VehiclePlates.problem(plate), plate);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "浙12345", "浙H1234", "浙H123456", "沪I12345", "浙HO1234", "XH12345", "浙HA123456", "闽HX12345"})
    void refusesWhatIsNoPlate(String plate) {
        assertNotNull(VehiclePlates.problem(plate), plate);
    }

    @Test
    void normalisesPlatesForMatching() {
        assertEquals("赣EA1234", VehiclePlates.normalise("赣e·a1234"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"13800138000", "+86 138 0013 8000", "0086-19912345678", "17612345678"})
    void acceptsMobileNumbers(String number) {
        assertNull(MobileNumbers.problem(number), number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1380013800", "138001380000", "12800138000", "23800138000", "1380013800a"})
    void refusesWhatIsNoMobileNumber(String number) {
        assertNotNull(MobileNumbers.problem(number), number);
    }

    record Subject(
            @ResidentIdNumber String idNumber,
            @VehiclePlate String plate,
            @MobileNumber String phone,
            @DivisionCode String jurisdiction) {}

    @Test
    void annotationsReportEachBadFieldWithTheRulesReason() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        Set<ConstraintViolation<Subject>> violations =
                validator.validate(new Subject("330881199001011237", "浙H1234", "12345", "99{0}"));
        assertEquals(4, violations.size());
        ConstraintViolation<Subject> id = violations.stream()
                .filter(v -> v.getPropertyPath().toString().equals("idNumber"))
                .findFirst()
                .orElseThrow();
        assertEquals("wrong check character (GB 11643 MOD 11-2 gives 8)", id.getMessage());
        assertTrue(validator
                .validate(new Subject("330881199001011238", "浙H12345", "13800138000", "330881"))
                .isEmpty());
        assertTrue(validator.validate(new Subject(null, null, null, null)).isEmpty());
    }
}
