/**
 * String formats and their messages, as kubernetes/apimachinery v0.33
 * `pkg/util/validation/validation.go` words them. Each returns the list of violated rules
 * (empty when valid). Regexes are compiled once at module load.
 */

/** RegexError: note the quirk, `'a', ` before ` or ` gives two spaces (`'my-name',  or`). */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = msg + ' (e.g. ';
  for (let i = 0; i < examples.length; i++) {
    if (i > 0) s += ' or ';
    s += `'${examples[i]}', `;
  }
  return s + `regex used for validation is '${fmt}')`;
}

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const PERCENT_FMT = '[0-9]+%';

const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const dns1035LabelRe = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const qnameRe = new RegExp(`^${QNAME_FMT}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE_FMT}$`);
const configMapKeyRe = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);
const percentRe = new RegExp(`^${PERCENT_FMT}$`);
const portNameCharsetRe = /^[-a-z0-9]+$/;
const portNameLetterRe = /[a-z]/;

const DNS1123_LABEL_MSG = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT, 'my-name', '123-abc');
const DNS1123_SUBDOMAIN_MSG = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT, 'example.com');
const DNS1035_LABEL_MSG = regexError(
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  DNS1035_LABEL_FMT, 'my-name', 'abc-123');
const QNAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QNAME_MSG = regexError(QNAME_ERR, QNAME_FMT, 'MyName', 'my.name', '123-abc');
const LABEL_VALUE_MSG = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345');
const CONFIG_MAP_KEY_MSG = regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
  CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name');
const PERCENT_MSG = regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%');

const NONE: readonly string[] = Object.freeze([]);

export function isDNS1123Label(v: string): readonly string[] {
  const long = v.length > 63;
  const bad = !dns1123LabelRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (bad) errs.push(dns1123SubdomainRe.test(v) ? 'must not contain dots' : DNS1123_LABEL_MSG);
  return errs;
}

export function isDNS1123Subdomain(v: string): readonly string[] {
  const long = v.length > 253;
  const bad = !dns1123SubdomainRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(253));
  if (bad) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

export function isDNS1035Label(v: string): readonly string[] {
  const long = v.length > 63;
  const bad = !dns1035LabelRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (bad) errs.push(DNS1035_LABEL_MSG);
  return errs;
}

/** Label keys, annotation keys (lower-cased first by the caller), appProtocol, loadBalancerClass. */
/** Names found valid: label and annotation keys recur on every object (`app`, `kubectl.kubernetes.io/...`). */
const validQualifiedNames = new Set<string>();

export function isQualifiedName(v: string): readonly string[] {
  if (validQualifiedNames.has(v)) return NONE;
  const errs = qualifiedNameErrors(v);
  if (errs === NONE && validQualifiedNames.size < 10_000) validQualifiedNames.add(v);
  return errs;
}

function qualifiedNameErrors(v: string): readonly string[] {
  const parts = v.split('/');
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push('prefix part ' + m);
  } else {
    return ['a qualified name ' + QNAME_MSG + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part ' + maxLenError(63));
  if (!qnameRe.test(name)) errs.push('name part ' + QNAME_MSG);
  return errs.length === 0 ? NONE : errs;
}

export function isValidLabelValue(v: string): readonly string[] {
  const long = v.length > 63;
  const bad = !labelValueRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (bad) errs.push(LABEL_VALUE_MSG);
  return errs;
}

/** IANA_SVC_NAME (named ports, named targetPort): every violated rule is its own message. */
export function isValidPortName(v: string): readonly string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push(maxLenError(15));
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
  if (v.length > 253) errs.push(maxLenError(253));
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
