-- Facts from a registry snapshot: `registry_households` (one row per household and year, with
-- the facts columns except `members`) and `registry_members` (one row per member, with
-- household_id). members = the household's member count; households without members are left
-- out (a household has at least one member). household_id keeps the snapshot's type (the
-- rules cast it to text), so that rules joining a household's rows join integers.
WITH member_counts AS (
    SELECT household_id, CAST(count(*) AS INTEGER) AS members
    FROM registry_members
    GROUP BY household_id
)

SELECT
    h.household_id,
    h.village_code,
    h.year,
    m.members,
    h.registered_year,
    h.exit_year,
    h.wage_income,
    h.business_income,
    h.property_income,
    h.transfer_income,
    h.business_expense,
    h.food_clothing_ok,
    h.education_ok,
    h.medical_ok,
    h.housing_ok,
    h.water_ok,
    h.claim_income,
    h.compliant_expense,
    h.disaster,
    h.accident
FROM registry_households AS h
JOIN member_counts AS m ON h.household_id = m.household_id
