-- Household rule of a monitoring regime (cn-2021, cn-2026), for the year in question.
-- Input: the relation `facts` (fupin.policy.facts): the households' rows of the year and, for
-- the income drop, their rows of the year before. Output: one row per household of the year,
-- with the columns of the poverty-line rule; `poverty_line` holds the monitoring range the
-- household was tested against: that of the most specific region above its village in
-- `monitoring_ranges` (village, township, county, prefecture, province), else the regime's
-- reference value of the year.
-- Money is handled in integer cents and every share is an exact fraction, so every comparison
-- is exact; NULL money counts as 0, a NULL guarantee flag as not met, a NULL disaster or
-- accident flag as no.
--
-- Discovery (风险预警): each rule that fires is a reason, in this order:
--   below_range       per-capita net income below the monitoring range (equal is not below);
--   food_clothing … water   a guarantee failing;
--   income_drop       per-capita net income below that of the year before by more than the
--                     regime's share: (previous − this) / previous > n/d (exactly the share
--                     does not fire); only when the year before has a row with a per-capita
--                     income above 0;
--   rigid_expense     compliant out-of-pocket expenses less claims (合规自付支出 − 理赔收入)
--                     above the regime's share of the household's net income:
--                     (expense − claims) > n/d × net; with a net income of 0 or less, any
--                     positive net expense fires;
--   disaster, accident   the survey's flags.
-- Status: below the range or a guarantee failing is a risk to be verified (预警): a
-- registered (建档立卡) household is 脱贫不稳定 `unstable_exited`, any other 边缘易致贫
-- `marginal`. Otherwise any of the other rules makes it 突发严重困难 `sudden_hardship`.
-- Otherwise it is `exited` (registered) or `not_poor`. The internal column `flagged` says
-- whether any rule fired (the status is one at risk), for a scan to filter on.
--
-- household_id is joined as the facts give it (a registry snapshot's integer ids join
-- faster than their text) and cast to text on output.
WITH ranges AS (
    SELECT CAST(code AS VARCHAR) AS code, CAST(amount AS DECIMAL(18, 2)) AS amount
    FROM monitoring_ranges
    WHERE year = $year
),

facts_of_year AS (
    SELECT
        household_id,
        CAST(village_code AS VARCHAR) AS village_code,
        CAST(members AS INTEGER) AS members,
        (CAST(registered_year AS INTEGER) <= $year) IS TRUE AS registered,
        COALESCE(CAST(CAST(wage_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(business_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(property_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(transfer_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        - COALESCE(CAST(CAST(business_expense AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
            AS net_cents,
        COALESCE(CAST(CAST(compliant_expense AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        - COALESCE(CAST(CAST(claim_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
            AS rigid_cents,
        food_clothing_ok IS TRUE AS food_clothing_ok,
        education_ok IS TRUE AS education_ok,
        medical_ok IS TRUE AS medical_ok,
        housing_ok IS TRUE AS housing_ok,
        water_ok IS TRUE AS water_ok,
        disaster IS TRUE AS disaster,
        accident IS TRUE AS accident
    FROM facts
    WHERE year = $year
),

-- the year before: only what the income drop needs
previous AS (
    SELECT
        household_id,
        CAST(members AS INTEGER) AS members,
        COALESCE(CAST(CAST(wage_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(business_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(property_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        + COALESCE(CAST(CAST(transfer_income AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
        - COALESCE(CAST(CAST(business_expense AS DECIMAL(18, 2)) * 100 AS BIGINT), 0)
            AS net_cents
    FROM facts
    WHERE year = $year - 1
),

-- each village's range, resolved once per village rather than once per household
village_ranges AS (
    SELECT
        f.village_code,
        COALESCE(v.amount, t.amount, c.amount, p.amount, r.amount) AS amount
    FROM (SELECT DISTINCT village_code FROM facts_of_year) AS f
    LEFT JOIN ranges AS v ON v.code = f.village_code
    LEFT JOIN ranges AS t ON t.code = left(f.village_code, 9)
    LEFT JOIN ranges AS c ON c.code = left(f.village_code, 6)
    LEFT JOIN ranges AS p ON p.code = left(f.village_code, 4)
    LEFT JOIN ranges AS r ON r.code = left(f.village_code, 2)
),

with_range AS (
    SELECT
        f.*,
        COALESCE(g.amount, $poverty_line) AS range_amount,
        b.members AS previous_members,
        b.net_cents AS previous_cents
    FROM facts_of_year AS f
    LEFT JOIN village_ranges AS g ON g.village_code = f.village_code
    LEFT JOIN previous AS b ON b.household_id = f.household_id
),

tested AS (
    SELECT
        *,
        net_cents < CAST(range_amount * 100 AS BIGINT) * members AS below_range,
        food_clothing_ok AND education_ok AND medical_ok AND housing_ok AND water_ok
            AS guarantees_met,
        -- previous/pm − this/m > n/d × previous/pm  <=>  (d − n) × previous × m > d × this × pm
        -- (pm, m > 0); in 128-bit integers, so no amount can overflow
        (
            previous_cents > 0
            AND CAST($income_drop_denominator - $income_drop_numerator AS HUGEINT)
            * previous_cents * members
            > CAST($income_drop_denominator AS HUGEINT) * net_cents * previous_members
        ) IS TRUE AS income_drop,
        -- (expense − claims) > n/d × net  <=>  (expense − claims) × d > n × net
        rigid_cents > 0
        AND CAST(rigid_cents AS HUGEINT) * $rigid_expense_denominator
        > CAST(net_cents AS HUGEINT) * $rigid_expense_numerator AS rigid_expense,
        sign(net_cents) * ((2 * abs(net_cents) + members) // (2 * members)) AS per_capita_cents
    FROM with_range
)

SELECT
    CAST(household_id AS VARCHAR) AS household_id,
    CAST($year AS INTEGER) AS year,
    members,
    CAST(per_capita_cents AS DECIMAL(16, 0)) * CAST(0.01 AS DECIMAL(2, 2)) AS per_capita_income,
    range_amount AS poverty_line,
    below_range AS below_line,
    guarantees_met,
    ['unstable_exited', 'exited', 'marginal', 'not_poor', 'sudden_hardship'][
        CASE
            WHEN below_range OR NOT guarantees_met THEN CASE WHEN registered THEN 1 ELSE 3 END
            WHEN income_drop OR rigid_expense OR disaster OR accident THEN 5
            WHEN registered THEN 2
            ELSE 4
        END
    ] AS status,
    -- most households fire no rule: their reasons are '' without building a list
    CASE
        WHEN
            NOT below_range AND guarantees_met
            AND NOT (income_drop OR rigid_expense OR disaster OR accident)
            THEN ''
        ELSE concat_ws(
            ';',
            CASE WHEN below_range THEN 'below_range' END,
            CASE WHEN NOT food_clothing_ok THEN 'food_clothing' END,
            CASE WHEN NOT education_ok THEN 'education' END,
            CASE WHEN NOT medical_ok THEN 'medical' END,
            CASE WHEN NOT housing_ok THEN 'housing' END,
            CASE WHEN NOT water_ok THEN 'water' END,
            CASE WHEN income_drop THEN 'income_drop' END,
            CASE WHEN rigid_expense THEN 'rigid_expense' END,
            CASE WHEN disaster THEN 'disaster' END,
            CASE WHEN accident THEN 'accident' END
        )
    END AS reasons,
    village_code,
    -- the flags first: cheaper to test than the income drop's products
    below_range OR NOT guarantees_met OR disaster OR accident OR rigid_expense OR income_drop
        AS flagged
FROM tested
