/** Strings of the Indicators pages, Thai first; the English dictionary has exactly the same keys. */

export const th = {
  indicatorsNav: 'ตัวชี้วัด',
};

export const en: Record<keyof typeof th, string> = {
  indicatorsNav: 'Indicators',
};
