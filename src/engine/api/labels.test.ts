import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector, selectorFromLabelSelector } from './labels.ts';

function sel(text: string) {
  const r = parseSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}

describe('label selectors', () => {
  const pod = { app: 'a', env: 'dev' };
  it('matches equality, inequality, sets and existence as kubectl -l does', () => {
    expect(matchesSelector(sel('app=a,env=dev'), pod)).toBe(true);
    expect(matchesSelector(sel('app==a'), pod)).toBe(true);
    expect(matchesSelector(sel('app!=a'), pod)).toBe(false);
    expect(matchesSelector(sel('env in (prod, dev)'), pod)).toBe(true);
    expect(matchesSelector(sel('env notin (dev)'), pod)).toBe(false);
    expect(matchesSelector(sel('app'), pod)).toBe(true);
    expect(matchesSelector(sel('!app'), pod)).toBe(false);
    expect(matchesSelector(sel('tier!=web'), pod)).toBe(true);
  });

  it('turns a LabelSelector into the same requirements', () => {
    const s = selectorFromLabelSelector({ matchLabels: { app: 'a' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] });
    expect(matchesSelector(s, pod)).toBe(true);
    expect(matchesSelector(s, { app: 'a', env: 'prod' })).toBe(false);
  });

  it('matches gt and lt as integers, never a label that is not one', () => {
    expect(matchesSelector(sel('n>5'), { n: '6' })).toBe(true);
    expect(matchesSelector(sel('n>5'), { n: '5' })).toBe(false);
    expect(matchesSelector(sel('n<5'), { n: '10' })).toBe(false);
    expect(matchesSelector(sel('n<5'), { n: 'x' })).toBe(false);
    expect(matchesSelector(sel('n<5'), {})).toBe(false);
  });

  it('reads empty set members and empty exact values as ""', () => {
    expect(sel('app in (a,,b)')).toEqual([{ key: 'app', operator: 'in', values: ['', 'a', 'b'] }]);
    expect(sel('app in ()')).toEqual([{ key: 'app', operator: 'in', values: [''] }]);
    expect(sel('app=')).toEqual([{ key: 'app', operator: 'in', values: [''] }]);
    expect(matchesSelector(sel('app='), { app: '' })).toBe(true);
    expect(sel('in in (notin,in)')).toEqual([{ key: 'in', operator: 'in', values: ['in', 'notin'] }]);
    expect(sel('b, a=1').map((r) => r.key)).toEqual(['a', 'b']);
  });
});

// The messages of apimachinery v0.33.9 pkg/util/validation/validation.go, as the parser quotes them.
const VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QNAME = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/**
 * Every message below is what labels.Parse of apimachinery v0.33.9 returned for the input (its
 * lexer, parser and NewRequirement built with Go and run on these strings).
 */
describe('labels.Parse errors', () => {
  const cases: [string, string][] = [
    ["app in (web", `unable to parse requirement: found '', expected: ',' or ')'`],
    ["app in web", `unable to parse requirement: found 'web' expected: '('`],
    ["=web", `found '=', expected: !, identifier, or 'end of string'`],
    ["app==web,,", `found ',', expected: identifier after ','`],
    ["app in (", `unable to parse requirement: found '', expected: ',', ')' or identifier`],
    ["app in (=", `unable to parse requirement: found '=', expected: ',', ')' or identifier`],
    ["app in (a b)", `unable to parse requirement: found 'b', expected: ',' or ')'`],
    ["app in (a,=)", `unable to parse requirement: found '=', expected: ',', or identifier`],
    ["app in (a))", `found ')', expected: ',' or 'end of string'`],
    ["app in (a)(b)", `found '(', expected: ',' or 'end of string'`],
    ["app notin", `unable to parse requirement: found '' expected: '('`],
    ["app=(", `unable to parse requirement: found '(', expected: identifier`],
    ["app=b=c", `found '=', expected: ',' or 'end of string'`],
    ["app=a;b", `unable to parse requirement: values[0][app]: Invalid value: "a;b": ${VALUE}`],
    ["app=-bad", `unable to parse requirement: values[0][app]: Invalid value: "-bad": ${VALUE}`],
    ["app b", `unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`],
    ["a b c", `unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`],
    ["!", `unable to parse requirement: found '', expected: identifier`],
    ["!!a", `unable to parse requirement: found '!', expected: identifier`],
    ["!a=b", `found '=', expected: ',' or 'end of string'`],
    ["!a b", `found 'b', expected: ',' or 'end of string'`],
    [",", `found ',', expected: !, identifier, or 'end of string'`],
    [",app", `found ',', expected: !, identifier, or 'end of string'`],
    ["app,", `found '', expected: identifier after ','`],
    ["app,,", `found ',', expected: identifier after ','`],
    ["app,=x", `found '=', expected: identifier after ','`],
    ["app,)", `found ')', expected: identifier after ','`],
    ["app>b", `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["app>", `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["app>-1", `unable to parse requirement: values[0][app]: Invalid value: "-1": ${VALUE}`],
    ["app>+1", `unable to parse requirement: values[0][app]: Invalid value: "+1": ${VALUE}`],
    ["app>9223372036854775808", `unable to parse requirement: values[0]: Invalid value: "9223372036854775808": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["app>=5", `unable to parse requirement: found '=', expected: identifier`],
    ["app>>5", `unable to parse requirement: found '>', expected: identifier`],
    ["app<<5", `unable to parse requirement: found '<', expected: identifier`],
    ["app=!x", `unable to parse requirement: found '!', expected: identifier`],
    ["app!x", `unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt`],
    ["app!", `unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt`],
    ["(app)", `found '(', expected: !, identifier, or 'end of string'`],
    ["app)", `unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt`],
    ["app in (a)x", `found 'x', expected: ',' or 'end of string'`],
    ["Foo_/bar", `unable to parse requirement: <nil>: Invalid value: "Foo_/bar": prefix part ${SUBDOMAIN}`],
    ["a/b/c", `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${QNAME} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ["/a", `unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty`],
    ["a/", `unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; name part ${QNAME}`],
    ["Example.com/app=x", `unable to parse requirement: <nil>: Invalid value: "Example.com/app": prefix part ${SUBDOMAIN}`],
    ["-app", `unable to parse requirement: <nil>: Invalid value: "-app": name part ${QNAME}`],
    ["app-=x", `unable to parse requirement: <nil>: Invalid value: "app-": name part ${QNAME}`],
    ["app=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", `unable to parse requirement: values[0][app]: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 63 characters`],
    ["app in (zz-,-a)", `unable to parse requirement: [values[0][app]: Invalid value: "-a": ${VALUE}, values[1][app]: Invalid value: "zz-": ${VALUE}]`],
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", `unable to parse requirement: <nil>: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": name part must be no more than 63 characters`],
    ["app notin (a,b)x", `found 'x', expected: ',' or 'end of string'`],
    ["app in (a,b", `unable to parse requirement: found '', expected: ',' or ')'`],
    ["app==,", `found '', expected: identifier after ','`],
    ["app==a==b", `found '==', expected: ',' or 'end of string'`],
    ["app>-", `unable to parse requirement: [values[0]: Invalid value: "-": for 'Gt', 'Lt' operators, the value must be an integer, values[0][app]: Invalid value: "-": ${VALUE}]`],
    ["app<abc,tier", `unable to parse requirement: values[0]: Invalid value: "abc": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["app==\"x\"", `unable to parse requirement: values[0][app]: Invalid value: "\\"x\\"": ${VALUE}`],
    ["app in (\"x\")", `unable to parse requirement: values[0][app]: Invalid value: "\\"x\\"": ${VALUE}`],
    ["app=a b", `found 'b', expected: ',' or 'end of string'`],
    ["app in (a-)", `unable to parse requirement: values[0][app]: Invalid value: "a-": ${VALUE}`],
    ["app>1x", `unable to parse requirement: values[0]: Invalid value: "1x": for 'Gt', 'Lt' operators, the value must be an integer`],
    ["app=\u00e9", `unable to parse requirement: values[0][app]: Invalid value: "é": ${VALUE}`],
    ["app in (-)", `unable to parse requirement: values[0][app]: Invalid value: "-": ${VALUE}`],
    // Lengths are Go's, in UTF-8 bytes: 32 'é' are 64.
    [`app=${'é'.repeat(32)}`, `unable to parse requirement: values[0][app]: Invalid value: "${'é'.repeat(32)}": must be no more than 63 characters; ${VALUE}`],
    ['app="x\\\\y"', `unable to parse requirement: values[0][app]: Invalid value: "\\"x\\\\\\\\y\\"": ${VALUE}`],
  ];
  it.each(cases)('%j', (input, message) => {
    expect(parseSelector(input)).toEqual({ ok: false, error: message });
  });

  const accepted = [
    "app=web",
    "app==web",
    "app!=web",
    "app",
    "!app",
    "app,!tier",
    "app in (web,db)",
    "app notin (web)",
    "app in ()",
    "app in (,)",
    "app in (a,,b)",
    "app in (,a)",
    "app in (a,)",
    "app=",
    "app=,tier",
    "app=in",
    "in=notin",
    "in in (in,notin)",
    "app>5",
    "app<5",
    "app in (b,b)",
    "  app = web  ,  tier  ",
    "app\t=\tweb",
    "app=a,app",
    "app ==",
    "a=b,c=d,e in (f,g),!h,i",
    "x in (foo,,baz),y,z notin ()",
    "a!=",
  ];
  it.each(accepted)('accepts %j', (input) => {
    expect(parseSelector(input).ok).toBe(true);
  });
});
