// What a delivery check says: each problem located (a table's row and column; a form's section,
// field, indicator and column) for the page to show beside the value, and said in Vietnamese with
// its fix for the person who typed it.

export interface DeliveryLocation {
  /** A table's row, numbered from 1 as people count. */
  row?: number;
  /** A table's column key, or an indicator table's column key. */
  column?: string;
  section?: string;
  field?: string;
  /** An indicator's code. */
  indicator?: string;
  /** A file of a file field, numbered from 1. */
  file?: number;
}

export interface DeliveryIssue {
  at: DeliveryLocation;
  /** The value's path in the delivery: `rows[3].so-luong`, `fields.ket-qua.HS01.ky-nay`. */
  path: string;
  /** Where, what is wrong and how to fix it, in plain Vietnamese. */
  message: string;
  /** A rule set's code, e.g. `code_duplicate`, when the problem comes from a named rule set. */
  code?: string;
}

export interface DeliveryCheck<V> {
  ok: boolean;
  /** Problems that refuse the delivery (at most `listedErrors`, then one that counts the rest). */
  errors: DeliveryIssue[];
  /** Notes for the reviewer that do not refuse it (from named rule sets). */
  findings: DeliveryIssue[];
  /** The delivery as accepted: text cleaned of invisible characters, empty values left out. */
  value?: V;
}
