-- The people's evaluation exists now (issue 5): the built-in indicator "share of projects that met
-- needs" no longer says its module is unavailable. Only the untouched built-in text is replaced; a
-- description a province has edited stays as it is. The same words are in
-- src/shared/indicator-definition.ts for provinces created from now on.
UPDATE indicator
SET description = 'จากผลการประเมินโดยประชาชนรายไตรมาส: นับโครงการในแต่ละตำบลที่มีผู้ให้ความเห็นไม่น้อยกว่าเกณฑ์ขั้นต่ำ โครงการที่ผู้ให้ความเห็นตั้งแต่ครึ่งหนึ่งขึ้นไปเห็นว่าตรงกับความต้องการถือว่าตรงกับความต้องการ ค่าของแต่ละไตรมาสนับสะสมตั้งแต่ไตรมาส 1 ของปีงบประมาณ / From the quarterly people''s evaluation: the projects in each sub-district with at least the minimum number of answers; a project met needs when at least half of its answers say so. Each quarter''s value counts from Q1 of the fiscal year.'
WHERE builtin AND code = 'projects_meeting_needs'
  AND description = 'จากผลการประเมินโดยประชาชน (ใช้ได้เมื่อระบบการประเมินผลโดยประชาชนเปิดใช้งาน) / From the people''s evaluation, once that module is available.';
