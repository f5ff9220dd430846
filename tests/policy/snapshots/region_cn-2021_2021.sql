-- Region rule of a poverty-line regime (cn-2014), for the year 2021.
-- Inputs: `household_groups` (village_code, status, households, members) and `region_stats`
-- (code, year, rural_population). Every level is derived from the 12-digit village code:
-- township = 9 digits + '000', county = 6 + '000000', prefecture = 4 + '00000000',
-- province = 2 + '0000000000'. Exit eligibility is an exact integer test. A region's rural
-- population is its own figure, or else the sum of its children's.
WITH villages AS (
    SELECT
        village_code AS code,
        CAST(sum(households) AS BIGINT) AS households,
        CAST(sum(members) AS BIGINT) AS members,
        -- poor members under a poverty line; members at risk under monitoring
        CAST(COALESCE(sum(members) FILTER (WHERE status IN ('unstable_exited', 'marginal', 'sudden_hardship')), 0)
            AS BIGINT) AS poor_members
    FROM household_groups
    GROUP BY village_code
),

levels AS (
    SELECT code, 'village' AS level, households, members, poor_members FROM villages
    UNION ALL
    SELECT
        substr(code, 1, 9) || '000', 'township',
        sum(households), sum(members), sum(poor_members)
    FROM villages GROUP BY 1
    UNION ALL
    SELECT
        substr(code, 1, 6) || '000000', 'county',
        sum(households), sum(members), sum(poor_members)
    FROM villages GROUP BY 1
    UNION ALL
    SELECT
        substr(code, 1, 4) || '00000000', 'prefecture',
        sum(households), sum(members), sum(poor_members)
    FROM villages GROUP BY 1
    UNION ALL
    SELECT
        substr(code, 1, 2) || '0000000000', 'province',
        sum(households), sum(members), sum(poor_members)
    FROM villages GROUP BY 1
),

stats AS (
    SELECT
        CAST(code AS VARCHAR) AS code,
        CAST(rural_population AS BIGINT) AS rural_population,
        CASE
            WHEN substr(code, 3) = '0000000000' THEN 1
            WHEN substr(code, 5) = '00000000' THEN 2
            WHEN substr(code, 7) = '000000' THEN 3
            WHEN substr(code, 10) = '000' THEN 4
            ELSE 5
        END AS depth
    FROM region_stats
    -- 0 is treated as unknown: no incidence can be computed from it
    WHERE year = 2021 AND rural_population > 0
),

-- A region without a rural population of its own has the sum of its children's (their own,
-- or theirs summed in turn): villages → township → county → prefecture → province.
township_population AS (
    SELECT
        COALESCE(own.code, children.code) AS code,
        COALESCE(own.rural_population, children.rural_population) AS rural_population
    FROM (SELECT code, rural_population FROM stats WHERE depth = 4) AS own
    FULL OUTER JOIN (
        SELECT substr(code, 1, 9) || '000' AS code, sum(rural_population) AS rural_population
        FROM stats WHERE depth = 5 GROUP BY 1
    ) AS children ON own.code = children.code
),

county_population AS (
    SELECT
        COALESCE(own.code, children.code) AS code,
        COALESCE(own.rural_population, children.rural_population) AS rural_population
    FROM (SELECT code, rural_population FROM stats WHERE depth = 3) AS own
    FULL OUTER JOIN (
        SELECT substr(code, 1, 6) || '000000' AS code, sum(rural_population) AS rural_population
        FROM township_population GROUP BY 1
    ) AS children ON own.code = children.code
),

prefecture_population AS (
    SELECT
        COALESCE(own.code, children.code) AS code,
        COALESCE(own.rural_population, children.rural_population) AS rural_population
    FROM (SELECT code, rural_population FROM stats WHERE depth = 2) AS own
    FULL OUTER JOIN (
        SELECT substr(code, 1, 4) || '00000000' AS code, sum(rural_population) AS rural_population
        FROM county_population GROUP BY 1
    ) AS children ON own.code = children.code
),

province_population AS (
    SELECT
        COALESCE(own.code, children.code) AS code,
        COALESCE(own.rural_population, children.rural_population) AS rural_population
    FROM (SELECT code, rural_population FROM stats WHERE depth = 1) AS own
    FULL OUTER JOIN (
        SELECT substr(code, 1, 2) || '0000000000' AS code, sum(rural_population) AS rural_population
        FROM prefecture_population GROUP BY 1
    ) AS children ON own.code = children.code
),

populations AS (
    SELECT code, rural_population FROM stats WHERE depth = 5
    UNION ALL SELECT code, rural_population FROM township_population
    UNION ALL SELECT code, rural_population FROM county_population
    UNION ALL SELECT code, rural_population FROM prefecture_population
    UNION ALL SELECT code, rural_population FROM province_population
),

joined AS (
    SELECT
        COALESCE(levels.code, stats.code) AS code,
        COALESCE(
            levels.level,
            CASE
                WHEN substr(stats.code, 3) = '0000000000' THEN 'province'
                WHEN substr(stats.code, 5) = '00000000' THEN 'prefecture'
                WHEN substr(stats.code, 7) = '000000' THEN 'county'
                WHEN substr(stats.code, 10) = '000' THEN 'township'
                ELSE 'village'
            END
        ) AS level,
        CAST(COALESCE(levels.households, 0) AS BIGINT) AS households,
        CAST(COALESCE(levels.members, 0) AS BIGINT) AS members,
        CAST(COALESCE(levels.poor_members, 0) AS BIGINT) AS poor_members,
        CAST(stats.rural_population AS BIGINT) AS rural_population
    FROM levels
    FULL OUTER JOIN populations AS stats ON levels.code = stats.code
)

SELECT
    code,
    level,
    households,
    members,
    poor_members,
    rural_population,
    -- for display: rounded half up to 6 places, computed in integers
    CAST(
        ((poor_members * 2000000 + rural_population) // (2 * rural_population)) * 0.000001
        AS DECIMAL(12, 6)
    ) AS incidence,
    CASE
        -- only villages and counties exit, and only under a poverty-line regime
        WHEN level NOT IN ('village', 'county') OR 0 = 0 THEN NULL
        WHEN substr(code, 1, 2) IN ('15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65')
            THEN poor_members * 100 < 3 * rural_population
        ELSE poor_members * 100 < 2 * rural_population
    END AS exit_eligible
FROM joined
ORDER BY code, level
