-- The partners' cases our hit/no-hit checks hit (比对命中), by number: a request to join a case
-- follows a hit of ours on that case (the requester's own check, before the owner's). The
-- federation's hit_check_hit keeps the record id only; a request names the case by its number.
CREATE TABLE case_hit (
    check_id     UUID         NOT NULL,
    owner        VARCHAR(6)   COLLATE "C" NOT NULL,
    case_id      UUID         NOT NULL,
    case_number  VARCHAR(20)  COLLATE "C" NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (check_id, case_id)
);
CREATE INDEX case_hit_number ON case_hit (owner, case_number, at DESC);
