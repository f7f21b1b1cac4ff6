// A learner's key on a class on Kubernetes: what names their namespaces
// (nslab-<key>, nslab-box-<key>), their files in the class's state, and the
// prefix `<key>-` of their cluster-wide objects, which the admission policy of
// env/kube/learner-access.ts checks with startsWith. So a key must be
// - unforgeable: its hash is 64 bits of sha256(name); no other name can be
//   found with the same one (24 bits fell to a search in under two seconds),
//   and the class refuses a join whose key another name holds all the same;
// - prefix-free: no key followed by '-' starts another key followed by '-'.
//   A key is a slug of at most KEY_SLUG_MAX characters, '-', then exactly
//   KEY_HASH_HEX hex digits, always last. If `a-` began `b-` for keys a ≠ b, b
//   would be a + '-' + a tail ending in its own hash, so b's slug would hold
//   a's hash and a dash: KEY_HASH_HEX + 2 characters, more than KEY_SLUG_MAX.
// - a DNS label short enough for every name made from it (the box namespace
//   re-slugs it, up to 30 characters; a label value takes 63).
import { createHash } from 'node:crypto';
import { learnerSlug } from '../env/kube-box/pod-spec';

const KEY_HASH_HEX = 16;
const KEY_SLUG_MAX = 13;
const KEY_PATTERN = new RegExp(`^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{${KEY_HASH_HEX}}$`);

/** A learner's name as namespaces and files take it: readable, and distinct for names that differ only in case or accents. */
export function learnerKey(learner: string): string {
  const slug = learnerSlug(learner).slice(0, KEY_SLUG_MAX).replace(/-+$/, '');
  return `${slug}-${createHash('sha256').update(learner).digest('hex').slice(0, KEY_HASH_HEX)}`;
}

/** True for what learnerKey makes: the shape that keeps keys prefix-free. */
export function isLearnerKey(key: string): boolean {
  return KEY_PATTERN.test(key) && key.length - KEY_HASH_HEX - 1 <= KEY_SLUG_MAX;
}
