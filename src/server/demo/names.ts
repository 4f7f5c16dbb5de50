/**
 * Thai-sounding place names for the synthetic province, with RTGS-style English transliterations.
 * Names are built from common Isan place-name parts (หนอง "pond", โนน "mound", โคก "upland"...)
 * and a few Khmer-flavoured names used near the Cambodian border, as in the real border provinces.
 */
import type { Random } from '../../shared/random.ts';

export interface PlaceName {
  th: string;
  en: string;
}

const PREFIXES: Array<[string, string]> = [
  ['หนอง', 'Nong'], ['โนน', 'Non'], ['ห้วย', 'Huai'], ['โคก', 'Khok'], ['ดอน', 'Don'], ['นา', 'Na'],
  ['ทุ่ง', 'Thung'], ['สระ', 'Sa'], ['กุด', 'Kut'], ['บึง', 'Bueng'], ['หัว', 'Hua'], ['ศรี', 'Si'],
  ['โพน', 'Phon'], ['ท่า', 'Tha'], ['หนองหญ้า', 'Nong Ya'], ['เขวา', 'Khwao'],
];

const SUFFIXES: Array<[string, string]> = [
  ['บัว', 'Bua'], ['สูง', 'Sung'], ['ใหญ่', 'Yai'], ['น้อย', 'Noi'], ['แดง', 'Daeng'], ['ทอง', 'Thong'],
  ['ไผ่', 'Phai'], ['เหล็ก', 'Lek'], ['คำ', 'Kham'], ['จาน', 'Chan'], ['ยาง', 'Yang'], ['โพธิ์', 'Pho'],
  ['ตะเคียน', 'Takhian'], ['สำราญ', 'Samran'], ['แก้ว', 'Kaeo'], ['เขียว', 'Khiao'], ['หิน', 'Hin'],
  ['ทราย', 'Sai'], ['กระทุ่ม', 'Krathum'], ['สะแก', 'Sakae'], ['ตาล', 'Tan'], ['แวง', 'Waeng'],
  ['เรือ', 'Ruea'], ['หว้า', 'Wa'], ['ขวาง', 'Khwang'], ['ศาลา', 'Sala'], ['ชัย', 'Chai'],
  ['เจริญ', 'Charoen'], ['กลาง', 'Klang'], ['สวรรค์', 'Sawan'], ['อุดม', 'Udom'], ['บุญ', 'Bun'],
];

/** Khmer-flavoured names, common along the Dangrek range on the Cambodian border. */
const BORDER_NAMES: Array<[string, string]> = [
  ['ตาเมียง', 'Ta Miang'], ['ตาโมน', 'Ta Mon'], ['จรัส', 'Charat'], ['ปรือ', 'Prue'], ['ตรึม', 'Truem'],
  ['กะหาด', 'Kahat'], ['บักได', 'Bakdai'], ['ไพล', 'Phlai'], ['ตาพราม', 'Ta Phram'], ['ปราสาท', 'Prasat'],
  ['อำปึล', 'Ampuel'], ['ตะเบาะ', 'Tabo'], ['กันตวจ', 'Kantuat'], ['ระแงง', 'Ra-ngaeng'], ['จีกแดก', 'Chik Daek'],
  ['ตาคง', 'Ta Khong'], ['ไปรเวง', 'Praiweng'], ['สะเดา', 'Sadao'],
];

/** Draws names without repeats from a fixed pool (prefix x suffix, then border names). */
export class NamePool {
  private readonly used = new Set<string>();
  private readonly border: Array<[string, string]>;

  constructor(private readonly rng: Random, reserved: string[] = []) {
    for (const r of reserved) this.used.add(r);
    this.border = [...BORDER_NAMES];
  }

  /** A common Isan-style name such as หนองบัว / Nong Bua. */
  common(): PlaceName {
    for (let tries = 0; tries < 500; tries++) {
      const [pt, pe] = this.rng.pick(PREFIXES);
      const [st, se] = this.rng.pick(SUFFIXES);
      const th = pt + st;
      if (this.used.has(th)) continue;
      this.used.add(th);
      return { th, en: `${pe} ${se}` };
    }
    throw new Error('name pool exhausted');
  }

  /** A Khmer-flavoured border name when any is left, otherwise a common one. */
  borderName(): PlaceName {
    while (this.border.length) {
      const i = Math.floor(this.rng.next() * this.border.length);
      const [th, en] = this.border.splice(i, 1)[0];
      if (this.used.has(th)) continue;
      this.used.add(th);
      return { th, en };
    }
    return this.common();
  }

  /** Marks a name as taken. */
  reserve(th: string): void {
    this.used.add(th);
  }
}
