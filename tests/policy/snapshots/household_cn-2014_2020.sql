-- Household rule of a poverty-line regime (cn-2014), for the year in question.
-- Input: the relation `facts` (fupin.policy.facts). Output: one row per household of that year.
-- Money is handled in integer cents, so every comparison is exact; NULL income counts as 0,
-- a NULL guarantee flag counts as not met.
--
-- 错退 is judged on the exit year's own data: besides its row of the year, a household that
-- exited in an earlier year is tested on its row of that exit year, against that year's line
-- (the list lines_cents, from first_line_year on). A rightly exited household
-- that fails in the year has returned to poverty (返贫).
WITH facts_in_cents AS (
    SELECT
        CAST(household_id AS VARCHAR) AS household_id,
        CAST(village_code AS VARCHAR) AS village_code,
        CAST(year AS INTEGER) AS year,
        CAST(members AS INTEGER) AS members,
        CAST(registered_year AS INTEGER) AS registered_year,
        CAST(exit_year AS INTEGER) AS exit_year,
        COALESCE(CAST(CAST(wage_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(business_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(property_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(transfer_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        - COALESCE(CAST(CAST(business_expense AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
            AS net_cents,
        food_clothing_ok IS TRUE AS food_clothing_ok,
        education_ok IS TRUE AS education_ok,
        medical_ok IS TRUE AS medical_ok,
        housing_ok IS TRUE AS housing_ok,
        water_ok IS TRUE AS water_ok
    FROM facts
    -- the year's rows, and each earlier exit year's row of its household
    WHERE year = 2020 OR (year < 2020 AND year = exit_year)
),

tested AS (
    SELECT
        *,
        -- below the line <=> net / members < line <=> net < line * members (no rounding);
        -- a year without a line (NULL) leaves the test unknown
        net_cents < CASE
            WHEN year = 2020 THEN CAST(CAST('4000.00' AS DECIMAL(18, 2)) * 100 AS BIGINT)
            ELSE [230000, 253600, 262500, 273600, 280000, 285500, 295200, 295200, 299500, 321800, 400000][year - 2010 + 1]
        END * members AS below_line,
        food_clothing_ok AND education_ok AND medical_ok AND housing_ok AND water_ok
            AS guarantees_met
    FROM facts_in_cents
),

with_reasons AS (
    SELECT
        *,
        -- the join runs only where a guarantee failed: most households pass them all
        CASE
            WHEN guarantees_met THEN CASE WHEN below_line THEN 'below_line' ELSE '' END
            ELSE concat_ws(
                ';',
                CASE WHEN below_line THEN 'below_line' END,
                CASE WHEN NOT food_clothing_ok THEN 'food_clothing' END,
                CASE WHEN NOT education_ok THEN 'education' END,
                CASE WHEN NOT medical_ok THEN 'medical' END,
                CASE WHEN NOT housing_ok THEN 'housing' END,
                CASE WHEN NOT water_ok THEN 'water' END
            )
        END AS reasons
    FROM tested
),

of_year AS (
    SELECT
        *,
        (registered_year <= 2020) IS TRUE AS registered,
        (exit_year <= 2020) IS TRUE AS exited,
        -- per-capita cents rounded half away from zero (Decimal ROUND_HALF_UP)
        sign(net_cents) * ((2 * abs(net_cents) + members) // (2 * members)) AS per_capita_cents
    FROM with_reasons
    WHERE year = 2020
),

at_exit AS (
    SELECT household_id, year, (below_line OR NOT guarantees_met) IS TRUE AS failed, reasons
    FROM with_reasons
    WHERE year < 2020
),

judged AS (
    SELECT
        y.*,
        CASE
            WHEN y.exit_year = 2020 THEN (y.below_line OR NOT y.guarantees_met) IS TRUE
            -- no data of the exit year: 错退 cannot be shown
            ELSE e.failed IS TRUE
        END AS failed_at_exit,
        e.reasons AS exit_reasons
    FROM of_year AS y
    LEFT JOIN at_exit AS e ON e.household_id = y.household_id AND e.year = y.exit_year
)

SELECT
    household_id,
    CAST(2020 AS INTEGER) AS year,
    members,
    -- DECIMAL(16,0) × DECIMAL(2,2) is DECIMAL(18,2): exact, in 64-bit arithmetic
    CAST(per_capita_cents AS DECIMAL(16, 0)) * CAST(0.01 AS DECIMAL(2, 2)) AS per_capita_income,
    CAST('4000.00' AS DECIMAL(18, 2)) AS poverty_line,
    below_line,
    guarantees_met,
    -- the status as a position in this list: a CASE over small integers costs DuckDB about
    -- 10 % less of the rule's time than one over string literals longer than 12 bytes
    ['poor', 'exit_eligible', 'exited', 'wrongly_exited', 'returned_to_poverty', 'omitted',
     'not_poor'][
        CASE
            WHEN registered AND NOT exited THEN  -- 2 exit_eligible, 1 poor
                CASE WHEN NOT below_line AND guarantees_met THEN 2 ELSE 1 END
            WHEN exited THEN  -- 4 wrongly_exited, 5 returned_to_poverty, 3 exited
                CASE
                    WHEN failed_at_exit THEN 4
                    WHEN below_line OR NOT guarantees_met THEN 5
                    ELSE 3
                END
            WHEN below_line THEN 6  -- omitted
            ELSE 7  -- not_poor
        END
    ] AS status,
    -- the failed tests the status was judged on: those of the exit year for 错退
    CASE
        WHEN exited AND failed_at_exit AND exit_year < 2020 THEN exit_reasons
        ELSE reasons
    END AS reasons,
    village_code
FROM judged
