-- Households of a year grouped by village and status: the input of the region rule.
-- Input: `household_results` (the household rule's output, which carries village_code).
SELECT
    village_code,
    status,
    count(*) AS households,
    CAST(sum(members) AS BIGINT) AS members
FROM household_results
GROUP BY village_code, status
