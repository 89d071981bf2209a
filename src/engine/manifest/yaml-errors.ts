/**
 * The `yaml` library finds the same syntax errors go-yaml does, but words them its own way.
 * kubectl prints go-yaml's words (gopkg.in/yaml.v2 scannerc.go / parserc.go through
 * sigs.k8s.io/yaml), so each library error code is mapped to the go-yaml problem of the
 * same class. go-yaml quirk (yaml.go `fail`): scanner errors print the 1-based line of the
 * problem; parser errors print the problem mark's 0-based line, i.e. one less.
 * The mapping covers the common mistakes exactly; rarer ones get the nearest go-yaml class.
 */
import type { YAMLError } from 'yaml';

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineText(text: string, offset: number): string {
  const s = text.lastIndexOf('\n', offset - 1) + 1;
  const e = text.indexOf('\n', offset);
  return text.slice(s, e < 0 ? text.length : e);
}

export function yamlLibErrorMessage(text: string, err: YAMLError): string {
  const offset = err.pos[0];
  const line = lineOf(text, offset);
  const scanner = (problem: string, l = line) => `yaml: line ${l}: ${problem}`;
  const parser = (problem: string) => `yaml: line ${Math.max(1, line - 1)}: ${problem}`;
  const msg = err.message;
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return scanner('found character that cannot start any token');
    case 'BAD_DQ_ESCAPE':
      return scanner('found unknown escape character while parsing a quoted scalar');
    case 'BLOCK_AS_IMPLICIT_KEY':
      return scanner('mapping values are not allowed in this context');
    case 'BAD_SCALAR_START':
      return scanner('found character that cannot start any token');
    case 'MULTILINE_IMPLICIT_KEY':
    case 'MISSING_CHAR': {
      if (/quote/i.test(msg)) return scanner('found unexpected end of stream', lineOf(text, text.length));
      if (/Flow map/i.test(msg)) return parser("did not find expected ',' or '}'");
      if (/Flow sequence/i.test(msg)) return parser("did not find expected ',' or ']'");
      // A line without `:` between mapping entries: go-yaml's simple-key scanner gives up
      // on the line after it.
      return scanner("could not find expected ':'", line + 1);
    }
    case 'BAD_INDENT': {
      if (/Flow map/i.test(msg)) return parser("did not find expected ',' or '}'");
      if (/Flow sequence/i.test(msg)) return parser("did not find expected ',' or ']'");
      // A key that starts left of its siblings, or a mapping key after a sequence.
      const trimmed = lineText(text, offset).trimStart();
      if (trimmed.startsWith('- ')) return parser("did not find expected '-' indicator");
      return parser('did not find expected key');
    }
    case 'UNEXPECTED_TOKEN':
      if (/block-seq-ind/.test(msg)) return parser('did not find expected key');
      return parser('did not find expected key');
    case 'BAD_ALIAS':
      return 'yaml: did not find expected alphabetic or numeric character';
    case 'DUPLICATE_KEY':
    case 'KEY_OVER_1024_CHARS':
      return scanner('could not find expected \':\'');
    default:
      return parser('did not find expected node content');
  }
}
