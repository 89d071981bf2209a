/**
 * How `nft list` prints a base chain's priority (nftables src/rule.c prio2str): within 10 of a
 * standard priority that is valid for the family and hook, the name plus the offset
 * (`dstnat - 10`); otherwise the number. In the ip family dstnat (-100) is named for
 * prerouting and output, srcnat (100) for input and postrouting, filter (0) everywhere
 * (std_prio_family_hook_compat, nftables 1.1.x). A matching name that is not valid for the
 * hook stops the search: -110 on input prints `-110`.
 */
import type { NftHook } from './types.ts';

const STD: readonly { value: number; name: string }[] = [
  { value: -300, name: 'raw' },
  { value: -150, name: 'mangle' },
  { value: -100, name: 'dstnat' },
  { value: 0, name: 'filter' },
  { value: 50, name: 'security' },
  { value: 100, name: 'srcnat' },
];

function compatible(name: string, hook: NftHook): boolean {
  switch (name) {
    case 'dstnat':
      return hook === 'prerouting' || hook === 'output';
    case 'srcnat':
      return hook === 'input' || hook === 'postrouting';
    default:
      return true;
  }
}

export function priorityText(priority: number, hook: NftHook): string {
  for (const s of STD) {
    const offset = priority - s.value;
    if (Math.abs(offset) <= 10) {
      if (!compatible(s.name, hook)) break;
      return offset > 0 ? `${s.name} + ${offset}` : offset < 0 ? `${s.name} - ${-offset}` : s.name;
    }
  }
  return String(priority);
}
