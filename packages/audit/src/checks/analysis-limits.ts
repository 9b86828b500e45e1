// What a check reads of a hostile target's answer: bodies are capped when read (256 KiB), and
// pattern scans look at the first 64 KiB only; leaks, debug pages and signatures show up near the
// start of a response, and a bounded input keeps every scan cheap whatever the target sends.
export const MAX_ANALYSED_CHARS = 64 * 1024;

export function analysedPart(text: string): string {
  return text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
}
