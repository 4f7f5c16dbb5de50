/**
 * Demo agencies and working groups of a border province: the agencies a provincial security
 * command coordinates (security, provincial administration, line agencies, the local
 * administrations, a state enterprise, civil society and business), one provincial coordination
 * working group and the peace councils (สภาสันติสุขตำบล) of three sub-districts with their
 * members. Everything is marked is_demo; people's names are invented and telephone numbers are of
 * the form 0xx-000-xxxx, e-mails on the reserved .example domain.
 */
import type { Queryable } from '../db/database.ts';
import type { AgencyType, MemberRole } from '../../shared/agency-types.ts';
import { conflict } from '../errors.ts';
import * as repo from '../agencies/repository.ts';

interface DemoAgency {
  key: string;
  /** Thai and English names with `{p}` for the province's short name. */
  th: string;
  en: string;
  type: AgencyType;
  ministry: string | null;
  contact: string;
  position: string;
}

const AGENCIES: DemoAgency[] = [
  { key: 'isoc', th: 'กองอำนวยการรักษาความมั่นคงภายในจังหวัด{p}', en: 'Internal Security Operations Command, {p} Province', type: 'security', ministry: 'สำนักนายกรัฐมนตรี', contact: 'พ.อ. สมศักดิ์ ใจมั่น', position: 'ผู้ว่าราชการจังหวัด (ผู้อำนวยการ กอ.รมน.จังหวัด)' },
  { key: 'police', th: 'ตำรวจภูธรจังหวัด{p}', en: '{p} Provincial Police', type: 'security', ministry: 'สำนักงานตำรวจแห่งชาติ', contact: 'พ.ต.อ. วิชัย รักษาดี', position: 'ผู้บังคับการตำรวจภูธรจังหวัด' },
  { key: 'immigration', th: 'ด่านตรวจคนเข้าเมืองจังหวัด{p}', en: '{p} Immigration Checkpoint', type: 'security', ministry: 'สำนักงานตำรวจแห่งชาติ', contact: 'พ.ต.ท. ประเสริฐ แดนไทย', position: 'สารวัตรด่านตรวจคนเข้าเมือง' },
  { key: 'rangers', th: 'กองกำลังทหารพรานที่ 98', en: 'Ranger Regiment 98', type: 'security', ministry: 'กระทรวงกลาโหม', contact: 'พ.อ. ชาตรี กล้าหาญ', position: 'ผู้บังคับการกรมทหารพราน' },
  { key: 'oncb', th: 'ศูนย์อำนวยการป้องกันและปราบปรามยาเสพติดจังหวัด{p}', en: '{p} Provincial Narcotics Control Centre', type: 'security', ministry: 'กระทรวงยุติธรรม', contact: 'นายสุรชัย พ้นภัย', position: 'ผู้อำนวยการศูนย์' },
  { key: 'dopa', th: 'ที่ทำการปกครองจังหวัด{p}', en: '{p} Provincial Administration Office', type: 'provincial_admin', ministry: 'กระทรวงมหาดไทย', contact: 'นายบุญเลิศ ปกครอง', position: 'ปลัดจังหวัด' },
  { key: 'pao', th: 'องค์การบริหารส่วนจังหวัด{p}', en: '{p} Provincial Administrative Organization', type: 'local_admin', ministry: 'กระทรวงมหาดไทย', contact: 'นายสมพงษ์ พัฒนาถิ่น', position: 'นายกองค์การบริหารส่วนจังหวัด' },
  { key: 'irrigation', th: 'โครงการชลประทาน{p}', en: '{p} Irrigation Project', type: 'line_agency', ministry: 'กระทรวงเกษตรและสหกรณ์', contact: 'นายธนา ชลธาร', position: 'ผู้อำนวยการโครงการชลประทาน' },
  { key: 'health', th: 'สำนักงานสาธารณสุขจังหวัด{p}', en: '{p} Provincial Public Health Office', type: 'line_agency', ministry: 'กระทรวงสาธารณสุข', contact: 'นพ. กิตติ สุขภาพดี', position: 'นายแพทย์สาธารณสุขจังหวัด' },
  { key: 'labour', th: 'สำนักงานแรงงานจังหวัด{p}', en: '{p} Provincial Labour Office', type: 'line_agency', ministry: 'กระทรวงแรงงาน', contact: 'นางสาวอรุณี ขยันงาน', position: 'แรงงานจังหวัด' },
  { key: 'cdd', th: 'สำนักงานพัฒนาชุมชนจังหวัด{p}', en: '{p} Provincial Community Development Office', type: 'line_agency', ministry: 'กระทรวงมหาดไทย', contact: 'นางมาลี ชุมชนเด่น', position: 'พัฒนาการจังหวัด' },
  { key: 'nre', th: 'สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด{p}', en: '{p} Provincial Office of Natural Resources and Environment', type: 'line_agency', ministry: 'กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม', contact: 'นายไพโรจน์ ป่าเขียว', position: 'ทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด' },
  { key: 'customs', th: 'ด่านศุลกากร{p}', en: '{p} Customs House', type: 'line_agency', ministry: 'กระทรวงการคลัง', contact: 'นายวีระ ตรวจตรา', position: 'นายด่านศุลกากร' },
  { key: 'pea', th: 'การไฟฟ้าส่วนภูมิภาคจังหวัด{p}', en: 'Provincial Electricity Authority, {p}', type: 'state_enterprise', ministry: 'กระทรวงมหาดไทย', contact: 'นายสว่าง ไฟสว่าง', position: 'ผู้จัดการการไฟฟ้าส่วนภูมิภาคจังหวัด' },
  { key: 'peace-network', th: 'เครือข่ายประชาสังคมเพื่อสันติสุขจังหวัด{p}', en: '{p} Civil Society Network for Peace', type: 'civil_society', ministry: null, contact: 'นางวันเพ็ญ สันติสุข', position: 'ผู้ประสานงานเครือข่าย' },
  { key: 'chamber', th: 'หอการค้าจังหวัด{p}', en: '{p} Chamber of Commerce', type: 'private', ministry: null, contact: 'นายเจริญ ค้าขาย', position: 'ประธานหอการค้าจังหวัด' },
];

/** Seats of the provincial working group: agency, role, the position of its representative. */
const PROVINCIAL_SEATS: Array<[string, MemberRole, string]> = [
  ['isoc', 'chair', 'ผู้ว่าราชการจังหวัด'],
  ['police', 'vice_chair', 'ผู้บังคับการตำรวจภูธรจังหวัด'],
  ['rangers', 'vice_chair', 'ผู้บังคับการกรมทหารพราน'],
  ['immigration', 'member', 'สารวัตรด่านตรวจคนเข้าเมือง'],
  ['customs', 'member', 'นายด่านศุลกากร'],
  ['oncb', 'member', 'ผู้อำนวยการศูนย์อำนวยการป้องกันและปราบปรามยาเสพติดจังหวัด'],
  ['pao', 'member', 'นายกองค์การบริหารส่วนจังหวัด'],
  ['health', 'member', 'นายแพทย์สาธารณสุขจังหวัด'],
  ['labour', 'member', 'แรงงานจังหวัด'],
  ['cdd', 'member', 'พัฒนาการจังหวัด'],
  ['irrigation', 'member', 'ผู้อำนวยการโครงการชลประทาน'],
  ['nre', 'member', 'ทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด'],
  ['pea', 'member', 'ผู้จัดการการไฟฟ้าส่วนภูมิภาคจังหวัด'],
  ['chamber', 'member', 'ประธานหอการค้าจังหวัด'],
  ['peace-network', 'advisor', 'ผู้ประสานงานเครือข่าย'],
  ['dopa', 'secretary', 'ปลัดจังหวัด'],
];

const MEN = ['สมชาย', 'บุญมี', 'ประยูร', 'สุนทร', 'อำนาจ', 'ทองใบ', 'มานพ', 'วิรัตน์', 'สมบัติ', 'ชัยวัฒน์', 'ณรงค์', 'สุเทพ'];
const WOMEN = ['สมหญิง', 'บุษบา', 'จันทร์เพ็ญ', 'ละเอียด', 'สุดารัตน์', 'ประภา', 'นงลักษณ์', 'รัตนา'];
const SURNAMES = ['ใจดี', 'ศรีสุข', 'บุญมา', 'ทองดี', 'มีสุข', 'แก้วประเสริฐ', 'สุขเจริญ', 'พรหมมา', 'ชัยมงคล', 'ศรีสวัสดิ์', 'คำแสน', 'บุญเรือง'];

/** An invented name: the n-th man or woman of the list, with a title. */
function person(n: number, woman: boolean): string {
  const given = woman ? WOMEN[n % WOMEN.length] : MEN[n % MEN.length];
  return `${woman ? (n % 2 ? 'นางสาว' : 'นาง') : 'นาย'}${given} ${SURNAMES[(n * 5 + (woman ? 3 : 0)) % SURNAMES.length]}`;
}

const phone = (area: string, n: number) => `${area}-000-${String(n).padStart(4, '0')}`;

/** The short name of a province from its area name: "จังหวัดสาธิต (ข้อมูลสังเคราะห์)" -> "สาธิต". */
function shortName(nameTh: string): string {
  return nameTh.replace(/\s*\(.*\)\s*$/, '').replace(/^จังหวัด/, '').trim() || nameTh;
}

/**
 * Inserts about fifteen demo agencies of province `provinceCode` (codes `demo-<key>-<province>`),
 * one local administration (อบต.) per peace council, the provincial coordination working group
 * and a peace council in each of the first three of `subdistrictCodes`, with their members.
 * The province and the sub-districts must already be in the area table; run inside the demo
 * load's transaction, after {@link deleteDemoAgencies}. Returns how many agencies and groups it made.
 */
export async function seedDemoAgencies(tx: Queryable, provinceCode: string, subdistrictCodes: string[]): Promise<{ agencies: number; groups: number }> {
  const provinceTh = await repo.areaName(tx, provinceCode);
  if (provinceTh == null) throw new Error(`demo agencies: province ${provinceCode} is not in the area table`);
  const p = shortName(provinceTh);
  const pEn = provinceCode === '98' ? 'Demo' : `Province ${provinceCode}`;
  const councils = (await repo.subdistrictNames(tx, subdistrictCodes.filter((c) => c.startsWith(provinceCode)))).slice(0, 3);

  const ids = new Map<string, number>();
  let agencies = 0;
  for (const [k, a] of AGENCIES.entries()) {
    ids.set(a.key, await repo.insertAgency(tx, {
      code: `demo-${a.key}-${provinceCode}`,
      nameTh: a.th.replace('{p}', p),
      nameEn: a.en.replace('{p}', pEn),
      type: a.type,
      parentMinistry: a.ministry,
      provinceCode,
      contactName: a.contact,
      contactPhone: phone('044', 100 + k),
      contactEmail: `saraban.${a.key}@comap-demo.example`,
      address: `ศูนย์ราชการจังหวัด${p} อำเภอเมือง${p}`,
      active: true,
    }, true));
    agencies++;
  }
  const sao = new Map<string, number>();
  for (const [k, s] of councils.entries()) {
    sao.set(s.code, await repo.insertAgency(tx, {
      code: `demo-sao-${s.code}`,
      nameTh: `องค์การบริหารส่วนตำบล${s.name_th}`,
      nameEn: s.name_en ? `${s.name_en} Subdistrict Administrative Organization` : null,
      type: 'local_admin',
      parentMinistry: 'กระทรวงมหาดไทย',
      provinceCode,
      contactName: person(k + 7, false),
      contactPhone: phone('044', 300 + k),
      contactEmail: null,
      address: `ตำบล${s.name_th}${s.district_th ? ` ${s.district_th}` : ''}`,
      active: true,
    }, true));
    agencies++;
  }

  const add = (groupId: number, m: Partial<repo.MemberWrite> & { role: MemberRole }) =>
    repo.insertMember(tx, groupId, { agencyId: null, userId: null, personName: null, positionTitle: null, phone: null, since: null, ...m });

  let groups = 0;
  const provincial = await repo.insertGroup(tx, {
    provinceCode,
    areaCode: provinceCode,
    kind: 'provincial',
    nameTh: `คณะทำงานประสานการแก้ไขปัญหาความมั่นคงและการพัฒนาจังหวัด${p}`,
    nameEn: `${pEn} Province Security and Development Coordination Working Group`,
    description: 'ประชุมทุกไตรมาส ทบทวนบัญชีพื้นที่เป้าหมาย ติดตามแผนงานโครงการของหน่วยงาน และรับฟังข้อเสนอจากสภาสันติสุขตำบล',
    active: true,
  }, true);
  groups++;
  for (const [key, role, position] of PROVINCIAL_SEATS) {
    await add(provincial, { agencyId: ids.get(key)!, role, positionTitle: position, phone: phone('044', 100 + AGENCIES.findIndex((a) => a.key === key)), since: '2024-10-01' });
  }

  for (const [k, s] of councils.entries()) {
    const g = await repo.insertGroup(tx, {
      provinceCode,
      areaCode: s.code,
      kind: 'peace_council',
      nameTh: `สภาสันติสุขตำบล${s.name_th}`,
      nameEn: s.name_en ? `${s.name_en} Sub-district Peace Council` : null,
      description: `รวบรวมความต้องการและความเห็นของประชาชนในตำบล${s.name_th} จากการประชุมประชาคมหมู่บ้าน เสนอต่อคณะทำงานระดับจังหวัด`,
      active: true,
    }, true);
    groups++;
    const n = k * 4;
    await add(g, { personName: person(n, false), positionTitle: `กำนันตำบล${s.name_th}`, role: 'chair', phone: phone('081', 1000 + n), since: '2023-10-01' });
    await add(g, { personName: person(n + 1, false), positionTitle: 'ผู้ใหญ่บ้าน', role: 'vice_chair', phone: phone('081', 1001 + n) });
    await add(g, { agencyId: sao.get(s.code)!, positionTitle: 'นายกองค์การบริหารส่วนตำบล', role: 'member' });
    await add(g, { agencyId: ids.get('police')!, positionTitle: 'สารวัตรป้องกันปราบปราม สถานีตำรวจภูธร', role: 'member' });
    await add(g, { agencyId: ids.get('rangers')!, positionTitle: 'ผู้บังคับหน่วยเฉพาะกิจในพื้นที่', role: 'member' });
    await add(g, { personName: person(n, true), positionTitle: 'ผู้อำนวยการโรงเรียนประจำตำบล', role: 'member', phone: phone('089', 2000 + n) });
    await add(g, { personName: person(n + 1, true), positionTitle: 'ประธานกลุ่มสตรีตำบล', role: 'member' });
    await add(g, { personName: person(n + 2, false), positionTitle: 'ผู้นำศาสนาในชุมชน', role: 'advisor' });
    await add(g, { personName: person(n + 3, false), positionTitle: `ปลัดอำเภอผู้รับผิดชอบตำบล${s.name_th}`, role: 'secretary', phone: phone('086', 3000 + n) });
  }
  return { agencies, groups };
}

/**
 * Deletes the demo working groups (with their members) and the demo agencies; users who belonged
 * to a demo agency keep their account without an agency (the foreign key sets it to null), and
 * seats of demo agencies in real groups go. Projects must not point at a demo agency any more:
 * delete the demo projects first. Run before the demo areas are deleted (a group needs its area).
 */
export async function deleteDemoAgencies(tx: Queryable): Promise<{ agencies: number; groups: number }> {
  const projects = await repo.projectsOnDemoAgencies(tx);
  if (projects.real) {
    throw conflict(`${projects.real} real (non-demo) project(s) belong to demo agencies: move them to a real agency before the demo is replaced`);
  }
  if (projects.demo) throw conflict(`${projects.demo} demo project(s) still belong to demo agencies: delete the demo projects before the demo agencies`);
  return repo.deleteDemoRows(tx);
}

/** Working groups that are not demo data but cover a demo area (a demo reload would delete their area). */
export async function realGroupsOnDemoAreas(tx: Queryable): Promise<Array<{ id: number; name_th: string }>> {
  return repo.realGroupsOnDemoAreas(tx);
}
