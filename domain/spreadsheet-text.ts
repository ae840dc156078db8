// Text for a CSV cell. A cell starting with = + - @ (or tab, CR, LF, or the full-width forms Excel
// also reads) is a formula to a spreadsheet: a hostile agency or document name could run one (CSV
// injection). An apostrophe in front makes spreadsheets show it as text. One rule for every CSV.

const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

export function spreadsheetText(value: string | null | undefined): string {
  if (!value) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}
