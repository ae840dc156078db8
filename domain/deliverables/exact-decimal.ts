// Sums of agencies' figures without floating-point drift: every number is read as the decimal it
// was written as (its shortest round-trip form), added exactly as a scaled big integer, and turned
// back into the nearest number only at the end. A sum of integers is exact at any size.

export interface Decimal {
  /** The value times 10^scale. */
  digits: bigint;
  scale: number;
}

export const ZERO: Decimal = { digits: 0n, scale: 0 };

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** A finite number as the decimal it prints as: 0.1 → 1 × 10⁻¹, 1e21 → 10²¹. */
export function toDecimal(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const match = NUMBER_TEXT.exec(String(value))!;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = BigInt(`${sign}${whole}${fraction}`);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return { digits: x + y, scale };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The exact value as plain decimal text: "-12.05", "123456789012345678". */
export function decimalText({ digits, scale }: Decimal): string {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = scale > 0 ? text.slice(text.length - scale).replace(/0+$/, '') : '';
  return `${negative && (whole !== '0' || fraction) ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The nearest number to the exact value. */
export function decimalNumber(value: Decimal): number {
  return Number(decimalText(value));
}

const EXTRA_DIGITS = 20;

/**
 * The nearest number to value ÷ count, through an exact quotient cut toward zero after 20 more
 * digits: an average of equal values is that value, and it never leaves [min, max].
 */
export function divideDecimal(value: Decimal, count: number): number {
  const digits = (value.digits * 10n ** BigInt(EXTRA_DIGITS)) / BigInt(count);
  return decimalNumber({ digits, scale: value.scale + EXTRA_DIGITS });
}
