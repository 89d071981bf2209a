import { describe, it, expect } from 'vitest';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-formats.ts';

const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('isQualifiedName', () => {
  it('accepts label keys with and without a prefix', () => {
    expect(isQualifiedName('app')).toEqual([]);
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
  });

  it('words each broken rule as apimachinery does', () => {
    expect(isQualifiedName('-app')).toEqual([`name part ${QNAME_MSG}`]);
    expect(isQualifiedName('/app')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('Example.com/')).toEqual([
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'name part must be non-empty',
      `name part ${QNAME_MSG}`,
    ]);
    expect(isQualifiedName('a/b/c')).toEqual([`a qualified name ${QNAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]);
  });

  it("counts Go's len(), UTF-8 bytes: 32 two-byte letters are over 63", () => {
    expect(isQualifiedName('é'.repeat(32))).toEqual(['name part must be no more than 63 characters', `name part ${QNAME_MSG}`]);
    expect(isQualifiedName('é'.repeat(31))).toEqual([`name part ${QNAME_MSG}`]);
  });
});

describe('isValidLabelValue', () => {
  it('accepts empty and well-formed values', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('my_value-1.0')).toEqual([]);
  });

  it('rejects too long and badly formed values, in bytes', () => {
    expect(isValidLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isValidLabelValue('日'.repeat(22))).toEqual(['must be no more than 63 characters', LABEL_VALUE_MSG]);
    expect(isValidLabelValue('web-')).toEqual([LABEL_VALUE_MSG]);
  });
});

describe('DNS-1123 names', () => {
  it('tells a dotted name from a badly formed label', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('Web')).toEqual(["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]);
  });

  it('limits a subdomain to 253 bytes', () => {
    expect(isDNS1123Subdomain('a'.repeat(253))).toEqual([]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});
