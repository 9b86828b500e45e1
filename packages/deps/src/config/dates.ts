// Calendar dates as the ignore file writes them (YYYY-MM-DD, UTC), compared as strings.

/** Today's date in UTC, as YYYY-MM-DD. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Is `text` a real calendar date written as YYYY-MM-DD (no 2027-02-30)? */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The same day one year later (29 February -> 1 March). */
export function oneYearAfter(now: Date): string {
  const next = new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate()));
  return isoDay(next);
}

/** Whole days from `then` to `now` (negative when `then` is in the future). */
export function daysBetween(then: Date, now: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / 86_400_000);
}
