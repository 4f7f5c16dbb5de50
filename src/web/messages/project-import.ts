/** Strings of the Import projects pages, Thai first; the English dictionary has exactly the same keys. */

export const th = {
  projectImportTitle: 'นำเข้าแผนงาน/โครงการ',
};

export const en: Record<keyof typeof th, string> = {
  projectImportTitle: 'Import projects',
};
