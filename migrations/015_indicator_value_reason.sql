-- The reason of a value without data (or without a target) follows from its code, its period and
-- its indicator's baseline, so it is worded when read (src/shared/indicator-compute.ts,
-- reasonForValue) instead of being stored in Thai and English on every one of tens of thousands
-- of rows: the values a computation writes become about half as large.
ALTER TABLE indicator_value DROP COLUMN reason, DROP COLUMN reason_en;
