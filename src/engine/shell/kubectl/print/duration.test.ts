import { describe, expect, it } from 'vitest';
import { formatAge, humanDuration } from './duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration: the AGE column (apimachinery pkg/util/duration HumanDuration)', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-1999, '0s'],
    [0, '0s'],
    [999, '0s'],
    [70 * S, '70s'],
    [2 * M - 1, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [190 * S, '3m10s'],
    [10 * M - 1, '9m59s'],
    [10 * M + S, '10m'],
    [70 * M, '70m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + M, '3h1m'],
    [8 * H - 1, '7h59m'],
    [8 * H + 59 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [49 * H, '2d1h'],
    [8 * D - 1, '7d23h'],
    [8 * D + 23 * H, '8d'],
    [367 * D, '367d'],
    [2 * Y - 1, '729d'],
    [2 * Y + 24 * H - 1, '2y'],
    [2 * Y + 25 * H, '2y1d'],
    [8 * Y - 1, '7y364d'],
    [8 * Y + 364 * D, '8y'],
    [9 * Y, '9y'],
  ])('%d ms is %s', (ms, want) => expect(humanDuration(ms)).toBe(want));

  it('prints <unknown> for a missing creationTimestamp (translateTimestampSince)', () => {
    expect(formatAge(undefined, 0)).toBe('<unknown>');
    expect(formatAge('2025-06-01T12:00:00Z', Date.parse('2025-06-04T15:30:00Z'))).toBe('3d3h');
  });
});
