-- Household rule of a monitoring regime (cn-2021, cn-2026), for the year in question.
-- Input: the relation `facts` (fupin.policy.facts). Output: one row per household of that year,
-- with the columns of the poverty-line rule; `poverty_line` holds the monitoring range the
-- household was tested against: that of the most specific region above its village in
-- `monitoring_ranges` (village, township, county, prefecture, province), else the regime's
-- reference value of the year.
-- Money is handled in integer cents, so every comparison is exact; NULL income counts as 0,
-- a NULL guarantee flag counts as not met.
--
-- A household whose per-capita net income is below the monitoring range, or which fails a
-- guarantee, is at risk (预警, to be verified by the monitoring procedure): a registered
-- (建档立卡) household as 脱贫不稳定 `unstable_exited`, any other as 边缘易致贫 `marginal`.
WITH ranges AS (
    SELECT CAST(code AS VARCHAR) AS code, CAST(amount AS DECIMAL(18, 2)) AS amount
    FROM monitoring_ranges
    WHERE year = $year
),

facts_of_year AS (
    SELECT
        CAST(household_id AS VARCHAR) AS household_id,
        CAST(village_code AS VARCHAR) AS village_code,
        CAST(members AS INTEGER) AS members,
        (CAST(registered_year AS INTEGER) <= $year) IS TRUE AS registered,
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
    WHERE year = $year
),

with_range AS (
    SELECT
        f.*,
        COALESCE(v.amount, t.amount, c.amount, p.amount, r.amount, $poverty_line) AS range_amount
    FROM facts_of_year AS f
    LEFT JOIN ranges AS v ON v.code = f.village_code
    LEFT JOIN ranges AS t ON t.code = left(f.village_code, 9)
    LEFT JOIN ranges AS c ON c.code = left(f.village_code, 6)
    LEFT JOIN ranges AS p ON p.code = left(f.village_code, 4)
    LEFT JOIN ranges AS r ON r.code = left(f.village_code, 2)
),

tested AS (
    SELECT
        *,
        net_cents < CAST(range_amount * 100 AS BIGINT) * members AS below_range,
        food_clothing_ok AND education_ok AND medical_ok AND housing_ok AND water_ok
            AS guarantees_met,
        sign(net_cents) * ((2 * abs(net_cents) + members) // (2 * members)) AS per_capita_cents
    FROM with_range
)

SELECT
    household_id,
    CAST($year AS INTEGER) AS year,
    members,
    CAST(per_capita_cents AS DECIMAL(16, 0)) * CAST(0.01 AS DECIMAL(2, 2)) AS per_capita_income,
    range_amount AS poverty_line,
    below_range AS below_line,
    guarantees_met,
    ['unstable_exited', 'exited', 'marginal', 'not_poor'][
        CASE
            WHEN registered THEN CASE WHEN below_range OR NOT guarantees_met THEN 1 ELSE 2 END
            WHEN below_range OR NOT guarantees_met THEN 3
            ELSE 4
        END
    ] AS status,
    CASE
        WHEN guarantees_met THEN CASE WHEN below_range THEN 'below_range' ELSE '' END
        ELSE concat_ws(
            ';',
            CASE WHEN below_range THEN 'below_range' END,
            CASE WHEN NOT food_clothing_ok THEN 'food_clothing' END,
            CASE WHEN NOT education_ok THEN 'education' END,
            CASE WHEN NOT medical_ok THEN 'medical' END,
            CASE WHEN NOT housing_ok THEN 'housing' END,
            CASE WHEN NOT water_ok THEN 'water' END
        )
    END AS reasons,
    village_code
FROM tested
