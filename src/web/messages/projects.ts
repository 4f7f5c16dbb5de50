/** Strings of the Projects pages, Thai first; the English dictionary has exactly the same keys. */

export const th = {
  projectsNav: 'แผนงาน/โครงการ',
};

export const en: Record<keyof typeof th, string> = {
  projectsNav: 'Projects',
};
