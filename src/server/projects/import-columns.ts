/**
 * The spreadsheet columns of projects, shared by the importer, the export and the template so
 * that an exported file re-imports unchanged: the Thai header COMAP writes, the names it accepts
 * (Thai and English), the Thai words of every coded value, and the help text of the template.
 * Pure: no I/O.
 */
import type { BudgetSource, ProjectOrigin, ProjectStatus, ProjectVisibility, PublicField } from '../../shared/project-types.ts';

/** The columns the importer reads, in the order COMAP writes them. */
export const IMPORT_FIELDS = [
  'external_id', 'agency', 'fiscal_year', 'title', 'objectives', 'budget', 'budget_source', 'categories', 'areas',
  'start_date', 'end_date', 'status', 'responsible', 'phone', 'visibility', 'public_fields', 'outputs', 'origin',
  'seeking_support', 'support_needs',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * Columns the export adds for reading (progress, names): the importer accepts and ignores them,
 * so an exported file goes back in as it is.
 */
export const EXPORT_ONLY_FIELDS = ['comap_id', 'agency_name', 'area_names', 'percent_done', 'spent', 'late_reports'] as const;
export type ExportOnlyField = (typeof EXPORT_ONLY_FIELDS)[number];

export type ColumnKey = ImportField | ExportOnlyField;

/** Columns a file must have (a cell of them may still be checked row by row). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['agency', 'fiscal_year', 'title', 'budget', 'areas'];

interface ColumnDef {
  /** The header COMAP writes (Thai). */
  th: string;
  /** Other names accepted, besides the key itself (normalised: lower case, spaces as _). */
  aliases: string[];
  /** What the column holds and which values it takes, for the template's second sheet. */
  helpTh: string;
  helpEn: string;
  example: string;
}

export const COLUMNS: Record<ColumnKey, ColumnDef> = {
  external_id: {
    th: 'รหัสโครงการ', aliases: ['externalid', 'project_code', 'project_id', 'รหัสอ้างอิง', 'reference'],
    helpTh: 'รหัสโครงการของหน่วยงานเอง ไม่ซ้ำกัน ถ้านำเข้าแถวที่มีรหัสเดิมอีกครั้ง ระบบจะปรับปรุงโครงการเดิมแทนการเพิ่มใหม่ ถ้าเว้นว่าง จะเพิ่มเป็นโครงการใหม่ทุกครั้งที่นำเข้า',
    helpEn: "The agency's own unique reference. A row with a known reference updates that project; an empty one adds a new project on every import.",
    example: 'PRJ-2568-001',
  },
  agency: {
    th: 'หน่วยงาน', aliases: ['agency_code', 'รหัสหน่วยงาน', 'หน่วยงานที่รับผิดชอบ', 'หน่วยงานรับผิดชอบ'],
    helpTh: 'รหัสหน่วยงานในระบบ (เช่น police-32) หรือชื่อหน่วยงานภาษาไทยตรงตามทะเบียนหน่วยงาน เจ้าหน้าที่หน่วยงานนำเข้าได้เฉพาะโครงการของหน่วยงานตนเอง',
    helpEn: 'The agency code (e.g. police-32) or its exact Thai name in the agency registry. An agency officer may import only their own agency\'s projects.',
    example: 'police-32',
  },
  fiscal_year: {
    th: 'ปีงบประมาณ', aliases: ['fy', 'ปีงบ', 'ปีงบประมาณ_พ.ศ.'],
    helpTh: 'ปีงบประมาณ พ.ศ. เช่น 2568 (1 ต.ค. 2567 ถึง 30 ก.ย. 2568)',
    helpEn: 'Buddhist Era fiscal year, e.g. 2568 (1 Oct 2024 to 30 Sep 2025).',
    example: '2568',
  },
  title: {
    th: 'ชื่อโครงการ', aliases: ['project_name', 'project_title', 'name', 'โครงการ'],
    helpTh: 'ชื่อโครงการ (ต้องระบุ)', helpEn: 'Project title (required).',
    example: 'โครงการสร้างฝายชะลอน้ำเพื่อการเกษตร (ตัวอย่าง)',
  },
  objectives: {
    th: 'วัตถุประสงค์', aliases: ['objective'],
    helpTh: 'วัตถุประสงค์ของโครงการ', helpEn: 'What the project is for.',
    example: 'เพื่อกักเก็บน้ำไว้ใช้ในฤดูแล้ง',
  },
  budget: {
    th: 'งบประมาณ', aliases: ['budget_baht', 'งบประมาณ_(บาท)', 'วงเงิน'],
    helpTh: 'งบประมาณเป็นบาท เป็นตัวเลข เช่น 1250000 หรือ 1,250,000 หรือ 1,250,000.50 บาท ถ้าไม่มีงบประมาณให้ใส่ 0',
    helpEn: 'Budget in baht, a number: 1250000, 1,250,000 or "1,250,000.50 บาท". Write 0 when there is none.',
    example: '1250000',
  },
  budget_source: {
    th: 'แหล่งงบประมาณ', aliases: ['แหล่งงบ', 'ประเภทงบประมาณ', 'ที่มาของงบประมาณ'],
    helpTh: 'งบหน่วยงาน, งบจังหวัด, งบท้องถิ่น, ภาคเอกชน หรือ ชุมชน (ถ้าเว้นว่าง ถือเป็นงบหน่วยงาน)',
    helpEn: 'agency, provincial, local_admin, private or community (or the Thai words); empty = agency.',
    example: 'งบจังหวัด',
  },
  categories: {
    th: 'ประเด็นปัญหา', aliases: ['category', 'category_codes', 'ประเด็น', 'ปัญหา'],
    helpTh: 'ประเด็นปัญหาที่โครงการแก้ไข เป็นชื่อภาษาไทยหรือรหัส คั่นด้วย , หรือ ;',
    helpEn: 'Problem categories the project addresses: Thai labels or codes, separated by , or ;.',
    example: 'ภัยแล้งและการขาดแคลนน้ำ; อุทกภัย',
  },
  areas: {
    th: 'พื้นที่เป้าหมาย', aliases: ['area', 'area_codes', 'พื้นที่', 'รหัสพื้นที่', 'รหัสพื้นที่เป้าหมาย'],
    helpTh: 'รหัสตำบล (6 หลัก) หรือรหัสหมู่บ้าน (8 หลัก) ของกรมการปกครอง อย่างน้อย 1 แห่ง และอยู่ในจังหวัดเดียวกัน คั่นด้วย , หรือ ;',
    helpEn: 'DOPA sub-district (6 digits) or village (8 digits) codes, at least one, all in one province, separated by , or ;.',
    example: '320101; 320102',
  },
  start_date: {
    th: 'วันเริ่ม', aliases: ['start', 'วันเริ่มต้น', 'วันที่เริ่ม', 'วันเริ่มโครงการ'],
    helpTh: 'วันเริ่มโครงการ เช่น 1/10/2567 (วัน/เดือน/ปี พ.ศ.) หรือ 2024-10-01 (ค.ศ.) หรือเซลล์วันที่ของ Excel',
    helpEn: 'Start date: 1/10/2567 (day/month/Buddhist year), 2024-10-01 (Common Era) or an Excel date.',
    example: '1/10/2567',
  },
  end_date: {
    th: 'วันสิ้นสุด', aliases: ['end', 'วันที่สิ้นสุด', 'วันสิ้นสุดโครงการ'],
    helpTh: 'วันสิ้นสุดโครงการ รูปแบบเดียวกับวันเริ่ม และต้องไม่ก่อนวันเริ่ม',
    helpEn: 'End date, written like the start date, not before it.',
    example: '30/9/2568',
  },
  status: {
    th: 'สถานะ', aliases: ['project_status', 'สถานะโครงการ'],
    helpTh: 'วางแผน, กำลังดำเนินการ, เสร็จสิ้น หรือ ยกเลิก (ถ้าเว้นว่าง ถือเป็นวางแผน)',
    helpEn: 'planned, in_progress, done or cancelled (or the Thai words); empty = planned.',
    example: 'กำลังดำเนินการ',
  },
  responsible: {
    th: 'ผู้รับผิดชอบ', aliases: ['responsible_name', 'ผู้รับผิดชอบโครงการ'],
    helpTh: 'ชื่อผู้รับผิดชอบโครงการ', helpEn: 'Name of the person responsible.',
    example: 'นายสมชาย ใจดี',
  },
  phone: {
    th: 'โทรศัพท์', aliases: ['responsible_phone', 'tel', 'telephone', 'เบอร์โทร', 'เบอร์โทรศัพท์', 'หมายเลขโทรศัพท์'],
    helpTh: 'หมายเลขโทรศัพท์ของผู้รับผิดชอบ (ไม่แสดงต่อสาธารณะ)', helpEn: "The responsible person's phone (never shown to the public).",
    example: '044-511-000',
  },
  visibility: {
    th: 'การเผยแพร่', aliases: ['การเปิดเผย', 'เผยแพร่'],
    helpTh: 'สาธารณะ (แสดงบนหน้าสาธารณะ) หรือ ภายใน (เฉพาะเจ้าหน้าที่) ถ้าเว้นว่าง ถือเป็นภายใน',
    helpEn: 'public or internal (สาธารณะ / ภายใน); empty = internal.',
    example: 'สาธารณะ',
  },
  public_fields: {
    th: 'ข้อมูลที่เปิดเผย', aliases: ['ข้อมูลที่เผยแพร่'],
    helpTh: 'ข้อมูลของโครงการสาธารณะที่แสดงต่อประชาชน คั่นด้วย , : วัตถุประสงค์, งบประมาณ, ระยะเวลา, สถานะ, ความก้าวหน้า, ผู้รับผิดชอบ, ผลผลิต, ภาพถ่าย หรือ ไม่มี ถ้าเว้นว่าง ใช้ค่าเริ่มต้น (วัตถุประสงค์, งบประมาณ, ระยะเวลา, สถานะ, ความก้าวหน้า)',
    helpEn: 'What the public page shows of a public project: objectives, budget, schedule, status, progress, responsible, outputs, photos (or the Thai words), or "none"; empty = the default five.',
    example: 'วัตถุประสงค์, งบประมาณ, ระยะเวลา, สถานะ, ความก้าวหน้า',
  },
  outputs: {
    th: 'ผลผลิต', aliases: ['planned_outputs', 'ผลผลิตที่คาดหวัง', 'เป้าหมายผลผลิต'],
    helpTh: 'ผลผลิตตามแผน ในรูปแบบ ชื่อ:หน่วยนับ:จำนวน คั่นแต่ละรายการด้วย ; เช่น ฝายชะลอน้ำ:แห่ง:10; ผู้เข้าอบรม:คน:200',
    helpEn: 'Planned outputs as name:unit:target, separated by ;, e.g. "ฝายชะลอน้ำ:แห่ง:10; ผู้เข้าอบรม:คน:200".',
    example: 'ฝายชะลอน้ำ:แห่ง:10; ผู้เข้าอบรม:คน:200',
  },
  origin: {
    th: 'ที่มาของโครงการ', aliases: ['ที่มา'],
    helpTh: 'หน่วยงาน หรือ ชุมชน (โครงการที่ชุมชนเสนอ) ถ้าเว้นว่าง ถือเป็นหน่วยงาน',
    helpEn: 'agency or community (หน่วยงาน / ชุมชน); empty = agency.',
    example: 'หน่วยงาน',
  },
  seeking_support: {
    th: 'ต้องการการสนับสนุน', aliases: ['seeking', 'ขอรับการสนับสนุน'],
    helpTh: 'ใช่ หรือ ไม่ใช่ (โครงการที่เกินกำลังและต้องการผู้สนับสนุน) ถ้าเว้นว่าง ถือเป็นไม่ใช่',
    helpEn: 'Yes or no (ใช่ / ไม่ใช่): the project needs a sponsor; empty = no.',
    example: 'ไม่ใช่',
  },
  support_needs: {
    th: 'สิ่งที่ต้องการ', aliases: ['needs', 'สิ่งที่ต้องการสนับสนุน', 'ความต้องการ'],
    helpTh: 'สิ่งที่ต้องการการสนับสนุน (เมื่อต้องการการสนับสนุน)', helpEn: 'What support is needed (when seeking support).',
    example: '',
  },
  comap_id: {
    th: 'รหัสในระบบ COMAP', aliases: ['id', 'comap_id', 'รหัส_comap'],
    helpTh: 'เลขที่โครงการในระบบ (ส่งออกเพื่ออ้างอิง ระบบไม่อ่านคอลัมน์นี้ตอนนำเข้า)',
    helpEn: "COMAP's own project number (exported for reference; ignored on import).",
    example: '',
  },
  agency_name: {
    th: 'ชื่อหน่วยงาน', aliases: ['agency_name_th'],
    helpTh: 'ชื่อหน่วยงาน (ส่งออกเพื่ออ่าน ระบบไม่อ่านคอลัมน์นี้ตอนนำเข้า)', helpEn: "The agency's Thai name (exported for reading; ignored on import).",
    example: '',
  },
  area_names: {
    th: 'ชื่อพื้นที่เป้าหมาย', aliases: ['ชื่อพื้นที่'],
    helpTh: 'ชื่อพื้นที่เป้าหมาย (ส่งออกเพื่ออ่าน ระบบไม่อ่านคอลัมน์นี้ตอนนำเข้า)', helpEn: 'Names of the target areas (exported for reading; ignored on import).',
    example: '',
  },
  percent_done: {
    th: 'ความก้าวหน้าล่าสุด (%)', aliases: ['ความก้าวหน้าล่าสุด', 'ความก้าวหน้า', 'progress', 'progress_percent', 'latest_percent'],
    helpTh: 'ร้อยละความก้าวหน้าจากรายงานล่าสุด (ส่งออกเพื่ออ่าน ระบบไม่อ่านคอลัมน์นี้ตอนนำเข้า ให้รายงานความก้าวหน้าในหน้าโครงการ)',
    helpEn: 'Percent done in the latest progress report (exported for reading; ignored on import: report progress on the project page).',
    example: '',
  },
  spent: {
    th: 'ใช้จ่ายแล้ว (บาท)', aliases: ['ใช้จ่ายแล้ว', 'spent_baht', 'เบิกจ่ายแล้ว'],
    helpTh: 'งบประมาณที่ใช้จ่ายแล้วจากรายงานล่าสุด (ส่งออกเพื่ออ่าน ระบบไม่อ่านคอลัมน์นี้ตอนนำเข้า)',
    helpEn: 'Money spent in the latest progress report (exported for reading; ignored on import).',
    example: '',
  },
  late_reports: {
    th: 'รายงานที่ค้างส่ง', aliases: ['รายงานค้างส่ง', 'late'],
    helpTh: 'ไตรมาสที่ถึงกำหนดแล้วแต่ยังไม่ได้รายงานความก้าวหน้า (ส่งออกเพื่ออ่าน ระบบไม่อ่านคอลัมน์นี้ตอนนำเข้า)',
    helpEn: 'Quarters whose progress report is due and missing (exported for reading; ignored on import).',
    example: '',
  },
};

/** Normalises a header: BOM, surrounding spaces, case, inner spaces and dashes to "_". */
export function normalizeHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s\-_]+/g, '_');
}

const HEADER_TO_KEY = new Map<string, ColumnKey>();
for (const key of [...IMPORT_FIELDS, ...EXPORT_ONLY_FIELDS]) {
  const c = COLUMNS[key];
  for (const n of [key, c.th, ...c.aliases]) HEADER_TO_KEY.set(normalizeHeader(n), key);
}

/**
 * The column a header stands for, or undefined. Accepts the Thai header, the English key, their
 * aliases, and either half of "Thai (English)" such as "งบประมาณ (บาท)" or "ชื่อโครงการ (title)".
 * A trailing "*" (a required-column mark some templates use) does not matter.
 */
export function columnForHeader(header: string): ColumnKey | undefined {
  const h = header.replace(/^\uFEFF/, '').trim().replace(/\s*\*$/, '');
  const whole = HEADER_TO_KEY.get(normalizeHeader(h));
  if (whole) return whole;
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(h);
  if (!m) return undefined;
  return HEADER_TO_KEY.get(normalizeHeader(m[1])) ?? HEADER_TO_KEY.get(normalizeHeader(m[2]));
}

/* ------------------------------------------------------------ coded values */

export const BUDGET_SOURCE_TH: Record<BudgetSource, string> = {
  agency: 'งบหน่วยงาน', provincial: 'งบจังหวัด', local_admin: 'งบท้องถิ่น', private: 'ภาคเอกชน', community: 'ชุมชน',
};
export const STATUS_TH: Record<ProjectStatus, string> = {
  planned: 'วางแผน', in_progress: 'กำลังดำเนินการ', done: 'เสร็จสิ้น', cancelled: 'ยกเลิก',
};
export const VISIBILITY_TH: Record<ProjectVisibility, string> = { public: 'สาธารณะ', internal: 'ภายใน' };
export const ORIGIN_TH: Record<ProjectOrigin, string> = { agency: 'หน่วยงาน', community: 'ชุมชน' };
export const PUBLIC_FIELD_TH: Record<PublicField, string> = {
  objectives: 'วัตถุประสงค์', budget: 'งบประมาณ', schedule: 'ระยะเวลา', status: 'สถานะ', progress: 'ความก้าวหน้า',
  responsible: 'ผู้รับผิดชอบ', outputs: 'ผลผลิต', photos: 'ภาพถ่าย',
};
/** Written in the public-fields cell of a public project that shows none of them. */
export const NO_PUBLIC_FIELDS_TH = 'ไม่มี';
export const YES_TH = 'ใช่';
export const NO_TH = 'ไม่ใช่';

/** Other words people write for the coded values (normalised like headers). */
export const BUDGET_SOURCE_WORDS: Record<string, BudgetSource> = {
  'งบประมาณหน่วยงาน': 'agency', 'งบของหน่วยงาน': 'agency', 'หน่วยงาน': 'agency', 'งบปกติ': 'agency',
  'งบประมาณจังหวัด': 'provincial', 'จังหวัด': 'provincial', 'งบพัฒนาจังหวัด': 'provincial',
  'งบ_อปท.': 'local_admin', 'งบอปท.': 'local_admin', 'อปท.': 'local_admin', 'ท้องถิ่น': 'local_admin', 'งบประมาณท้องถิ่น': 'local_admin', 'local': 'local_admin',
  'เอกชน': 'private', 'งบเอกชน': 'private', 'งบชุมชน': 'community',
};
export const STATUS_WORDS: Record<string, ProjectStatus> = {
  'วางแผน': 'planned', 'อยู่ระหว่างวางแผน': 'planned', 'ยังไม่เริ่ม': 'planned', 'ยังไม่ดำเนินการ': 'planned',
  'ดำเนินการ': 'in_progress', 'อยู่ระหว่างดำเนินการ': 'in_progress', 'in_progress': 'in_progress', 'in progress': 'in_progress',
  'เสร็จ': 'done', 'เสร็จแล้ว': 'done', 'แล้วเสร็จ': 'done', 'ดำเนินการแล้วเสร็จ': 'done', 'completed': 'done',
  'ยกเลิกแล้ว': 'cancelled', 'canceled': 'cancelled',
};
export const VISIBILITY_WORDS: Record<string, ProjectVisibility> = {
  'เปิดเผย': 'public', 'เผยแพร่': 'public', 'ไม่เปิดเผย': 'internal', 'ไม่เผยแพร่': 'internal', 'เฉพาะเจ้าหน้าที่': 'internal',
};
export const ORIGIN_WORDS: Record<string, ProjectOrigin> = { 'ชุมชนเสนอ': 'community', 'โครงการชุมชน': 'community' };
export const YES_WORDS = ['ใช่', 'ต้องการ', 'yes', 'y', 'true', '1', 'x', '✓', 'มี'];
export const NO_WORDS = ['ไม่ใช่', 'ไม่', 'ไม่ต้องการ', 'no', 'n', 'false', '0', 'ไม่มี', '-'];
export const NO_PUBLIC_FIELDS_WORDS = ['ไม่มี', 'none', '-'];
