// findmnt's raw output (-r): one home for how it escapes, for every probe that reads it.

/** findmnt -r escapes blanks and odd bytes as \xNN. */
export function unescapeFindmnt(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
