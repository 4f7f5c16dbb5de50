/** Strings of the dashboard and the quarterly review pages, Thai first; the English dictionary has exactly the same keys. */

export const th = {
  dashboardNav: 'ภาพรวมสถานการณ์',
  reviewNav: 'ทบทวนรายไตรมาส',
};

export const en: Record<keyof typeof th, string> = {
  dashboardNav: 'Dashboard',
  reviewNav: 'Quarterly review',
};
