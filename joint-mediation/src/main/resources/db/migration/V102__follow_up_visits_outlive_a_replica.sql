-- A dispute replica withdrawn by its origin (we are no longer involved) took our own follow-up
-- visits on it along (ON DELETE CASCADE); if the origin sent the dispute back, its agreement, which
-- lists every visit it holds, ours included, was refused for good as naming visits we never made.
-- Our own visits are ours, as our session notes are: DisputeRepository.dropReplica removes only the
-- copies of others' visits.
ALTER TABLE follow_up_visit DROP CONSTRAINT follow_up_visit_dispute_id_fkey;
