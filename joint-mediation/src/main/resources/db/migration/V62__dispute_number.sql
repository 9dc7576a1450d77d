-- 纠纷编号 "<origin>-<year>-<6 digits>", gapless per origin and year (the year in China Standard
-- Time), as case-exchange numbers its cases: counted in federation's NumberCounter on this table in
-- the transaction that takes the dispute in. A partner's dispute carries its origin's number
-- (empty from an origin whose release predates numbers).
CREATE TABLE dispute_number_counter (
    origin      VARCHAR(6) COLLATE "C" NOT NULL,
    year        SMALLINT   NOT NULL,
    last_number INTEGER    NOT NULL,
    PRIMARY KEY (origin, year),
    CONSTRAINT dispute_number_counter_range CHECK (last_number BETWEEN 1 AND 999999)
);

ALTER TABLE dispute
    ADD COLUMN number VARCHAR(18) COLLATE "C",
    ADD CONSTRAINT dispute_number_form CHECK (
        number IS NULL OR (number ~ '^[0-9]{6}-[0-9]{4}-[0-9]{6}$' AND left(number, 6) = origin));

-- our disputes taken in before numbers: numbered in the order they were taken in, per year
-- (${jurisdiction}: this jurisdiction, from border.federation.jurisdiction.code); partners' replicas
-- get theirs with their origin's next version
WITH numbered AS (
    SELECT id, origin,
           extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
           row_number() OVER (PARTITION BY extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai')
                              ORDER BY created_at, id) AS n
    FROM dispute
    WHERE origin = '${jurisdiction}')
UPDATE dispute d
SET number = numbered.origin || '-' || lpad(numbered.year::text, 4, '0') || '-' || lpad(numbered.n::text, 6, '0')
FROM numbered
WHERE d.id = numbered.id;

INSERT INTO dispute_number_counter (origin, year, last_number)
SELECT origin, substr(number, 8, 4)::smallint, max(substr(number, 13, 6)::int)
FROM dispute
WHERE number IS NOT NULL
GROUP BY origin, substr(number, 8, 4);

CREATE UNIQUE INDEX dispute_number ON dispute (number);
