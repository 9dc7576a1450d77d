-- Statistics (统计): 协助破获 selects the cases solved in a period, and transfers are counted by
-- when they were offered; without these, both read every row of their table.
CREATE INDEX joint_case_solved ON joint_case (solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX case_transfer_offered ON case_transfer (offered_at);
