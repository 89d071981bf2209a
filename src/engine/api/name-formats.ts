/**
 * The name formats both the label selector parser (labels.ts) and object validation
 * (cluster/validation/formats.ts) check, as kubernetes/apimachinery v0.33
 * `pkg/util/validation/validation.go` words them: DNS-1123 labels and subdomains, qualified names
 * (label keys) and label values. Each returns the violated rules, empty when valid. Lengths are
 * Go's len(), UTF-8 bytes.
 */
import { utf8ByteLength } from './go-strings.ts';

/** RegexError: note the quirk, `'a', ` before ` or ` gives two spaces (`'my-name',  or`). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
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

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;

const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const qnameRe = new RegExp(`^${QNAME_FMT}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1123_LABEL_MSG = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT, 'my-name', '123-abc');
const DNS1123_SUBDOMAIN_MSG = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT, 'example.com');
const QNAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QNAME_MSG = regexError(QNAME_ERR, QNAME_FMT, 'MyName', 'my.name', '123-abc');
const LABEL_VALUE_MSG = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345');

const NONE: readonly string[] = Object.freeze([]);

export function isDNS1123Label(v: string): readonly string[] {
  const long = utf8ByteLength(v) > 63;
  const bad = !dns1123LabelRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (bad) errs.push(dns1123SubdomainRe.test(v) ? 'must not contain dots' : DNS1123_LABEL_MSG);
  return errs;
}

export function isDNS1123Subdomain(v: string): readonly string[] {
  const long = utf8ByteLength(v) > 253;
  const bad = !dns1123SubdomainRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(253));
  if (bad) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

/** Names found valid: label and annotation keys recur on every object (`app`, `kubectl.kubernetes.io/...`). */
const validQualifiedNames = new Set<string>();

/** Label keys, selector keys, annotation keys (lower-cased first by the caller), appProtocol, loadBalancerClass. */
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
  else if (utf8ByteLength(name) > 63) errs.push('name part ' + maxLenError(63));
  if (!qnameRe.test(name)) errs.push('name part ' + QNAME_MSG);
  return errs.length === 0 ? NONE : errs;
}

export function isValidLabelValue(v: string): readonly string[] {
  const long = utf8ByteLength(v) > 63;
  const bad = !labelValueRe.test(v);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (bad) errs.push(LABEL_VALUE_MSG);
  return errs;
}
