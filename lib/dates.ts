/**
 * Partial ISO 8601 dates ("2025", "2025-01", "2025-01-22", or a full
 * timestamp) written for a reader, at the precision they have.
 */
const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$/;

export function formatPartialDate(
  iso: string,
  locale: string,
  month: 'long' | 'short' = 'long',
): string {
  const match = PARTIAL.exec(iso.trim());
  if (!match) return iso;
  const [, year, monthPart, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(monthPart ?? 1) - 1, Number(day ?? 1)));
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (monthPart !== undefined) options.month = month;
  if (day !== undefined) options.day = 'numeric';
  try {
    return new Intl.DateTimeFormat(locale, options).format(date);
  } catch {
    return iso; // an unknown locale tag
  }
}
