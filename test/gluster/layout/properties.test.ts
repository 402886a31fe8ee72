// Properties where hand-picked examples miss the cases that matter: any layout,
// any bricks, any words.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCreateWords, layoutWords, parseCreateWords, parseGlusterVersion, rulesFor, validateCreate, type BrickInput, type LayoutSpec } from '../../../src/gluster/layout/index.js';
import { canonicalPath } from '../../../src/gluster/layout/bricks.js';

const hostArb = fc.constantFrom('h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'node1.example.com', '10.0.0.7');
const brickArb: fc.Arbitrary<BrickInput> = fc.record({
  host: hostArb,
  path: fc.constantFrom('/bricks/a', '/bricks/b', '/bricks/a/b', '/data/x', '/mnt/t', '/bricks//a/'),
  zone: fc.constantFrom('a', 'b', 'c'),
  storage: fc.constantFrom('volume', 'transient', 'root', 'unknown', undefined),
  sizeBytes: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }),
}, { requiredKeys: ['host', 'path'] });
const count = fc.option(fc.integer({ min: -2, max: 12 }), { nil: undefined });
const layoutArb: fc.Arbitrary<LayoutSpec> = fc.record({
  replica: count,
  arbiter: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  disperse: count,
  redundancy: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
  disperseData: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
  stripe: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
}, { requiredKeys: [] }).map((spec) => Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as LayoutSpec);
const versionArb = fc.constantFrom('10.3', '11.1', '9.6', '7.0', '3.12', '3.7', '3.4');

describe('layout properties', () => {
  it('accepted ⇒ the bricks split into whole sets of distinct hosts (without force)', () => {
    fc.assert(fc.property(layoutArb, fc.array(brickArb, { maxLength: 12 }), versionArb, (layout, bricks, glusterVersion) => {
      const v = validateCreate({ glusterVersion, layout, bricks });
      if (!v.accepted) return;
      const s = v.summary!;
      expect(bricks.length % s.setSize).toBe(0);
      expect(s.setCount * s.setSize).toBe(bricks.length);
      if (s.type !== 'Distribute' && !s.type.includes('Stripe') && glusterVersion.startsWith('1')) {
        for (const set of s.sets) expect(new Set(set.bricks.map((b) => b.host)).size).toBe(set.bricks.length);
      }
    }), { numRuns: 500 });
  });

  it('accepted ⇒ no problem force would have to hide, unless force was given', () => {
    fc.assert(fc.property(layoutArb, fc.array(brickArb, { maxLength: 9 }), fc.boolean(), (layout, bricks, force) => {
      const v = validateCreate({ layout, bricks, force });
      const hidden = v.warnings.some((w) => w.code === 'force-hides');
      if (!force) expect(hidden).toBe(false);
      if (v.errors.some((e) => e.forceable)) expect(force).toBe(false);
    }), { numRuns: 300 });
  });

  it('is a function of its input: same verdict twice, never a throw', () => {
    fc.assert(fc.property(layoutArb, fc.array(brickArb, { maxLength: 8 }), versionArb, fc.boolean(), (layout, bricks, glusterVersion, force) => {
      const input = { glusterVersion, layout, bricks, force };
      expect(validateCreate(input)).toEqual(validateCreate(structuredClone(input)));
    }), { numRuns: 200 });
  });

  it('any words at all: a verdict, never a throw; odd characters make the input unusable', () => {
    const word = fc.oneof(
      fc.constantFrom('replica', '3', 'arbiter', '1', 'disperse', 'redundancy', 'force', 'transport', 'tcp', 'stripe', 'h1:/b', 'h2:/b', 'h3:/b', 'gluster', 'volume', 'create'),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    );
    fc.assert(fc.property(fc.array(word, { maxLength: 12 }), (words) => {
      const v = checkCreateWords(words);
      const odd = words.some((w) => /[^\x21-\x7e]|[;|&$`<>(){}[\]\\'"!*?~#]/.test(w));
      if (odd || words.length === 0) expect(v.usable).toBe(false);
      if (!v.usable) expect(v.accepted).toBe(false);
      for (const e of v.errors) {
        expect(e.message.length).toBeGreaterThan(0);
        expect(e.fix.length).toBeGreaterThan(0);
        expect(e.message).not.toMatch(/[\u0000-\u001f\u007f]/);
      }
    }), { numRuns: 500 });
  });

  it('the words a layout is written as read back as that layout', () => {
    const rules = rulesFor(parseGlusterVersion('10.3')!);
    const spec = fc.oneof(
      fc.record({ replica: fc.integer({ min: 2, max: 6 }) }),
      fc.constant({ replica: 3, arbiter: 1 }),
      fc.record({ disperse: fc.integer({ min: 3, max: 12 }), redundancy: fc.integer({ min: 1, max: 4 }) }),
      fc.constant({}),
    );
    fc.assert(fc.property(spec, fc.array(brickArb, { minLength: 1, maxLength: 6 }), (layout, bricks) => {
      const parsed = parseCreateWords([...layoutWords(layout), ...bricks.map((b) => `${b.host}:${b.path}`)], rules);
      expect(parsed.errors).toEqual([]);
      expect(parsed.layout).toEqual(layout);
      expect(parsed.bricks.map((b) => `${b.host}:${b.path}`)).toEqual(bricks.map((b) => `${b.host}:${b.path}`));
    }));
  });

  it('canonical paths are what gluster compares: idempotent, no doubled or trailing slashes', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', '', '.', '..'), { maxLength: 6 }), (parts) => {
      const path = `/${parts.join('/')}/`;
      const c = canonicalPath(path);
      expect(canonicalPath(c)).toBe(c);
      expect(c).not.toMatch(/\/\/|.\/$/);
    }));
  });
});
