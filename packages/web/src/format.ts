// Display formatting of API values (plain strings; the DOM helpers insert them as text).

export function money(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
  } catch {
    // An unknown currency code: still show the amount.
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function day(timestamp: string): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : date.toISOString().slice(0, 10);
}
