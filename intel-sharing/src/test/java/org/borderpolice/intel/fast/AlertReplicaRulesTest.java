package org.borderpolice.intel.fast;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.fast.Callers.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.proto.common.v1.SubjectKind;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Alert;
import org.borderpolice.federation.proto.intel.v1.AlertProto.AlertCategory;
import org.borderpolice.federation.proto.intel.v1.AlertProto.HandlingCode;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Severity;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A partner's alert held as a replica: a tombstone removes it with its subjects' keyed hashes, so
 * that the alert, sent to us again later (named again in its distribution, or disclosed after a
 * hit), is applied and found by hit/no-hit checks.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel")
        })
class AlertReplicaRulesTest {

    @Inject
    AgroalDataSource db;

    static Alert alert(String id, long version) {
        Instant now = Instant.now();
        return Alert.newBuilder()
                .setId(id)
                .setOrigin(PUCHENG)
                .setIssuingUnit("浦城县公安局")
                .setCategory(AlertCategory.WANTED_PERSON)
                .setSeverity(Severity.ORANGE)
                .setTitle("橙色预警：在逃人员")
                .setBody("在逃人员可能驾车经省界前往江山。")
                .addSubjects(Subject.newBuilder().setKind(SubjectKind.VEHICLE).setValue("闽H54321"))
                .setValidFrom(at(now))
                .addDistribution(JIANGSHAN)
                .setHandling(HandlingCode.GENERAL)
                .setSourceReliability("B")
                .setInformationCredibility(2)
                .setVersion(version)
                .setPublishedAt(at(now))
                .setUpdatedAt(at(now))
                .build();
    }

    static ReplicationEvent tombstone(String id, long version) {
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(PUCHENG)
                .setRecordType("intel.alert")
                .setRecordId(id)
                .setVersion(version)
                .setOccurredAt(at(Instant.now()))
                .addAllDistribution(List.of(PUCHENG, JIANGSHAN))
                .setTombstone(true)
                .build();
    }

    Outcome deliver(ReplicationEvent event) {
        return Callers.deliver(PUCHENG, event).getResults(0).getOutcome();
    }

    long hashes(String id) {
        return Rows.count(
                db,
                "SELECT count(*) FROM federation.subject_hash WHERE record_type = 'intel.alert' AND record_id = ?",
                id);
    }

    @Test
    void aReplicaRemovedByATombstoneAndSentAgainIsAppliedWithItsHashes() {
        String id = RecordIds.create(PUCHENG).toString();
        List<String> both = List.of(PUCHENG, JIANGSHAN);
        assertEquals(Outcome.APPLIED, deliver(Callers.upsert(PUCHENG, "intel.alert", id, 1, both, alert(id, 1))));
        long held = hashes(id);
        assertTrue(held > 0, "the replica's subject is hashed");

        assertEquals(Outcome.APPLIED, deliver(tombstone(id, 2)));
        assertEquals(0, Rows.count(db, "SELECT count(*) FROM alert WHERE id = ?::uuid", id));
        assertEquals(0, hashes(id), "the tombstone removes the hashes with the alert");

        assertEquals(Outcome.APPLIED, deliver(Callers.upsert(PUCHENG, "intel.alert", id, 3, both, alert(id, 3))));
        assertEquals(1, Rows.count(db, "SELECT count(*) FROM alert WHERE id = ?::uuid", id));
        assertEquals(held, hashes(id));
    }
}
