/**
 * String formats and their messages, as kubernetes/apimachinery v0.33
 * `pkg/util/validation/validation.go` words them. Each returns the list of violated rules
 * (empty when valid). Regexes are compiled once at module load. The formats the API layer's
 * label selector parser also checks (DNS-1123 names, qualified names, label values) live in
 * api/name-formats.ts.
 */
import { utf8ByteLength } from '../../api/go-strings.ts';
import { maxLenError, regexError } from '../../api/name-formats.ts';

export { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, maxLenError } from '../../api/name-formats.ts';

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const PERCENT_FMT = '[0-9]+%';

const dns1035LabelRe = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const configMapKeyRe = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);
const percentRe = new RegExp(`^${PERCENT_FMT}$`);
const portNameCharsetRe = /^[-a-z0-9]+$/;
const portNameLetterRe = /[a-z]/;

const DNS1035_LABEL_MSG = regexError(
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  DNS1035_LABEL_FMT, 'my-name', 'abc-123');
const CONFIG_MAP_KEY_MSG = regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
  CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name');
const PERCENT_MSG = regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%');

const NONE: readonly string[] = Object.freeze([]);

export function isDNS1035Label(v: string): readonly string[] {
  const long = utf8ByteLength(v) > 63;
  const bad = !dns1035LabelRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (bad) errs.push(DNS1035_LABEL_MSG);
  return errs;
}

/** IANA_SVC_NAME (named ports, named targetPort): every violated rule is its own message. */
export function isValidPortName(v: string): readonly string[] {
  const errs: string[] = [];
  if (utf8ByteLength(v) > 15) errs.push(maxLenError(15));
  if (!portNameCharsetRe.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!portNameLetterRe.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (v.length > 0 && (v[0] === '-' || v[v.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs.length === 0 ? NONE : errs;
}

export function isValidPortNum(n: number): readonly string[] {
  return n >= 1 && n <= 65535 ? NONE : [inclusiveRangeError(1, 65535)];
}

export function isConfigMapKey(v: string): readonly string[] {
  const errs: string[] = [];
  if (utf8ByteLength(v) > 253) errs.push(maxLenError(253));
  if (!configMapKeyRe.test(v)) errs.push(CONFIG_MAP_KEY_MSG);
  if (v === '.') errs.push("must not be '.'");
  else if (v === '..') errs.push("must not be '..'");
  else if (v.startsWith('..')) errs.push("must not start with '..'");
  return errs.length === 0 ? NONE : errs;
}

export function isValidPercent(v: string): readonly string[] {
  return percentRe.test(v) ? NONE : [PERCENT_MSG];
}

/** generic.go maskTrailingDash: a generateName prefix may end in '-'. */
export function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name;
}
