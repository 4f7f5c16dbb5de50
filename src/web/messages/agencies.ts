/** Strings of the Agencies pages, Thai first; the English dictionary has exactly the same keys. */

export const th = {
  agenciesNav: 'หน่วยงาน',
};

export const en: Record<keyof typeof th, string> = {
  agenciesNav: 'Agencies',
};
