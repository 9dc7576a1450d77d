package org.borderpolice.federation.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SubjectKindTest {

    @Test
    void subjectsAreCheckedAndNormalisedByKind() {
        assertNull(SubjectKind.PERSON.problem("11010519491231002x"));
        assertEquals("11010519491231002X", SubjectKind.PERSON.normalise("11010519491231002x"));
        assertNotNull(SubjectKind.PERSON.problem("110105194912310021"));
        assertNull(SubjectKind.VEHICLE.problem("浙h 12345"));
        assertEquals("浙H12345", SubjectKind.VEHICLE.normalise("浙h 12345"));
        assertNull(SubjectKind.PHONE.problem("+86 138 0013 8000"));
        assertEquals("13800138000", SubjectKind.PHONE.normalise("+86 138 0013 8000"));
        assertNull(SubjectKind.BANK_ACCOUNT.problem("6222 0212 3456 7890 123"));
        assertEquals("6222021234567890123", SubjectKind.BANK_ACCOUNT.normalise("6222-0212 3456 7890 123"));
        assertNotNull(SubjectKind.BANK_ACCOUNT.problem("12345"));
    }

    @Test
    void everyKindHasItsWireValueAndBack() {
        for (SubjectKind kind : SubjectKind.values()) {
            assertEquals(kind, SubjectKind.fromProto(kind.toProto()));
            assertEquals(kind.name(), kind.toProto().name());
        }
        assertNull(SubjectKind.fromProto(
                org.borderpolice.federation.proto.common.v1.SubjectKind.SUBJECT_KIND_UNSPECIFIED));
        assertNull(SubjectKind.fromProto(org.borderpolice.federation.proto.common.v1.SubjectKind.UNRECOGNIZED));
    }
}
