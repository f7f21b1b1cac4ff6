// Pure: the equals / contains / matches expectation shared by text checks.

export interface TextExpectation {
  equals?: string;
  contains?: string;
  matches?: string;
}

/** Trailing newlines are how files and commands end lines, not content. */
export function normaliseText(text: string): string {
  return text.replace(/\r?\n+$/, '');
}

export function textMatches(text: string, expectation: TextExpectation): boolean {
  const value = normaliseText(text);
  if (expectation.equals !== undefined) return value === normaliseText(expectation.equals);
  if (expectation.contains !== undefined) return value.includes(expectation.contains);
  if (expectation.matches !== undefined) return new RegExp(expectation.matches, 'm').test(value);
  return false;
}

export function describeExpectation(expectation: TextExpectation): string {
  if (expectation.equals !== undefined) return JSON.stringify(normaliseText(expectation.equals));
  if (expectation.contains !== undefined) return `text containing ${JSON.stringify(expectation.contains)}`;
  return `text matching /${expectation.matches}/`;
}

export function quote(text: string, max = 200): string {
  const value = normaliseText(text);
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
