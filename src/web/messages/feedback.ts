/** Strings of the signed-in pages of the people's voice (evaluation, comments, needs, village meetings), Thai first; the English dictionary has exactly the same keys. */

export const th = {
  evaluationNav: 'เสียงประชาชน',
};

export const en: Record<keyof typeof th, string> = {
  evaluationNav: "People's voice",
};
