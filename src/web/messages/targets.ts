/** Strings of the targets pages, Thai first; the English dictionary has exactly the same keys. */

export const th = {
} as const;

export const en: Record<keyof typeof th, string> = {
};
