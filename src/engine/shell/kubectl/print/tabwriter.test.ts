import { describe, it, expect } from 'vitest';
import { formatTabbedText, tabwriter, DESCRIBE_TABWRITER } from './tabwriter.ts';
import { formatAge, humanDuration, formatRfc1123z } from './duration.ts';

describe('tabwriter (Go text/tabwriter with kubectl get settings 6,4,3)', () => {
  it('pads each column to the widest cell plus 3 and leaves the last column unpadded', () => {
    expect(tabwriter([['NAME', 'TYPE'], ['kubernetes', 'ClusterIP']])).toBe('NAME         TYPE\nkubernetes   ClusterIP\n');
  });
  it('applies the minimum width of 6 to short columns', () => {
    expect(tabwriter([['A', 'B'], ['x', 'y']])).toBe('A     B\nx     y\n');
  });
  it('gives a padded empty cell when a tab-terminated cell is empty', () => {
    expect(formatTabbedText('Endpoints:\t\nSession Affinity:\tNone\n', DESCRIBE_TABWRITER)).toBe('Endpoints:         \nSession Affinity:  None\n');
  });
  it('restarts alignment after a line without the column (describe blocks)', () => {
    const text = 'Name:\tweb\nAnnotations:\t<none>\nSubsets:\n  Addresses:\t1.2.3.4\n  NotReadyAddresses:\t<none>\n\nEvents:\t<none>\n';
    expect(formatTabbedText(text, DESCRIBE_TABWRITER)).toBe(
      'Name:         web\nAnnotations:  <none>\nSubsets:\n  Addresses:          1.2.3.4\n  NotReadyAddresses:  <none>\n\nEvents:  <none>\n',
    );
  });
  it('aligns inner columns only over the lines that have them', () => {
    expect(formatTabbedText('a\tb\tc\naaaa\tb\nx\ty\tz\n', { minwidth: 0, padding: 1 })).toBe('a    b c\naaaa b\nx    y z\n');
  });
});

describe('HumanDuration', () => {
  const cases: [number, string][] = [
    [-2000, '<invalid>'], [-1500, '0s'], [0, '0s'], [45_000, '45s'], [119_000, '119s'], [120_000, '2m'],
    [130_000, '2m10s'], [599_000, '9m59s'], [600_000, '10m'], [179 * 60_000, '179m'], [3 * 3600_000, '3h'],
    [(3 * 60 + 5) * 60_000, '3h5m'], [8 * 3600_000, '8h'], [47 * 3600_000, '47h'], [48 * 3600_000, '2d'],
    [(3 * 24 + 15) * 3600_000, '3d15h'], [8 * 86400_000, '8d'], [729 * 86400_000, '729d'],
    [730 * 86400_000, '2y'], [(3 * 365 + 10) * 86400_000, '3y10d'], [8 * 365 * 86400_000, '8y'],
  ];
  it.each(cases)('%d ms prints %s', (ms, want) => expect(humanDuration(ms)).toBe(want));
  it('prints <unknown> without a timestamp', () => expect(formatAge(undefined, 0)).toBe('<unknown>'));
  it('formats RFC1123Z as describe prints times', () => expect(formatRfc1123z('2020-02-08T01:26:51Z')).toBe('Sat, 08 Feb 2020 01:26:51 +0000'));
});
