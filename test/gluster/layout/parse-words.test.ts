import { describe, expect, it } from 'vitest';
import { parseAddBrickWords, parseCreateWords, rulesFor, parseGlusterVersion } from '../../../src/gluster/layout/index.js';
import { unambiguous } from '../../../src/gluster/layout/parse-words.js';
import { cStrtol, gfString2Int, strtolInt32 } from '../../../src/gluster/layout/c-number.js';
import { hostileWords, readCreateCommand } from '../../../src/gluster/layout/command.js';

const v10 = rulesFor(parseGlusterVersion('10.3')!);
const v34 = rulesFor(parseGlusterVersion('3.4')!);
const parse = (text: string, rules = v10) => parseCreateWords(text.split(' ').filter(Boolean), rules);

describe('parseCreateWords reads the words as the 10.x CLI does', () => {
  it('takes options, bricks and a trailing force', () => {
    const p = parse('replica 3 arbiter 1 transport tcp h1:/b/1 h2:/b/1 h3:/b/1 force');
    expect(p.errors).toEqual([]);
    expect(p.layout).toEqual({ replica: 3, arbiter: 1, transport: 'tcp' });
    expect(p.bricks.map((b) => `${b.host}:${b.path}`)).toEqual(['h1:/b/1', 'h2:/b/1', 'h3:/b/1']);
    expect(p.force).toBe(true);
  });

  it('matches option words by unambiguous prefix, case-sensitively', () => {
    expect(parse('rep 3 h1:/b h2:/b h3:/b').layout).toEqual({ replica: 3 });
    expect(parse('red 1 h1:/b h2:/b h3:/b').layout).toEqual({ redundancy: 1 });
    expect(parse('disperse-d 2 h1:/b h2:/b h3:/b').layout).toEqual({ disperseData: 2 });
    expect(unambiguous('r', v10.opwords)).toBeNull(); // replica or redundancy
    expect(unambiguous('t', v10.opwords)).toBeNull(); // transport or thin-arbiter
    expect(unambiguous('disperse', v10.opwords)).toBe('disperse'); // exact beats prefix of disperse-data
    expect(unambiguous('r', v34.opwords)).toBe('replica'); // 3.4 has no redundancy
    // "Replica" is no option word: it becomes a brick, and rules.ts calls it a bad brick.
    expect(parse('Replica 3 h1:/b').bricks.map((b) => b.path)).toEqual(['Replica', '3', '/b']);
  });

  it('reads replica counts with strtol and the rest with gf_string2int', () => {
    expect(parse('replica 3x h1:/b h2:/b h3:/b').layout.replica).toBe(3);
    expect(parse('replica 0x3 h1:/b h2:/b h3:/b').layout.replica).toBe(3);
    expect(parse('replica 010 h1:/b').layout.replica).toBe(8);
    expect(parse('replica abc h1:/b').layout.replica).toBe(0);
    expect(parse('replica 3 arbiter 1x h1:/b h2:/b h3:/b').errors[0]?.code).toBe('arbiter-invalid');
    expect(parse('replica 3 arbiter 01 h1:/b h2:/b h3:/b').layout.arbiter).toBe(1);
    expect(parse('redundancy two h1:/b').errors[0]?.code).toBe('redundancy-too-small');
  });

  it('takes "disperse" without a count as a set of all bricks, but "disperse 0" as a count', () => {
    const p = parse('disperse h1:/b h2:/b h3:/b h4:/b');
    expect(p.layout).toEqual({ disperse: 0 });
    expect(p.bricks).toHaveLength(4);
    expect(parse('disperse 0 h1:/b h2:/b h3:/b').errors[0]).toMatchObject({ code: 'disperse-too-small', gluster: 'disperse count must be greater than 2' });
    expect(parse('disperse -3 h1:/b h2:/b h3:/b').errors[0]?.code).toBe('disperse-too-small');
    // "3abc" is no number: disperse takes all bricks and "3abc" is read as a brick.
    expect(parse('disperse 3abc h1:/b h2:/b h3:/b').bricks.map((b) => b.path)).toEqual(['3abc', '/b', '/b', '/b']);
  });

  it('takes arbiter and thin-arbiter only right after replica N', () => {
    expect(parse('arbiter 1 replica 3 h1:/b').errors[0]).toMatchObject({ code: 'arbiter-without-replica', gluster: 'arbiter option must be preceded by replica option.' });
    expect(parse('replica 3 transport tcp arbiter 1 h1:/b').errors[0]?.code).toBe('arbiter-without-replica');
    expect(parse('thin-arbiter 1 h1:/b').errors[0]?.code).toBe('thin-arbiter-without-replica');
  });

  it('splits off the thin-arbiter brick as the last brick', () => {
    const p = parse('replica 2 thin-arbiter 1 h1:/b h2:/b h3:/ta force');
    expect(p.bricks.map((b) => b.host)).toEqual(['h1', 'h2']);
    expect(p.thinArbiterBrick).toEqual({ host: 'h3', path: '/ta' });
  });

  it('stops where the CLI stops', () => {
    expect(parse('replica 3 replica 3 h1:/b').errors[0]).toMatchObject({ code: 'option-twice', gluster: 'replica option given twice' });
    expect(parse('disperse 3 replica 3 h1:/b').errors[0]?.code).toBe('replicate-disperse');
    expect(parse('replica 3 disperse 3 h1:/b').errors[0]?.code).toBe('replicate-disperse');
    expect(parse('transport udp h1:/b').errors[0]?.code).toBe('transport-invalid');
    expect(parse('transport tcp transport tcp h1:/b').errors[0]?.gluster).toBe("'transport' option given more than one time");
    expect(parse('replica').errors[0]?.code).toBe('missing-value');
    expect(parse('replica 3 force').errors[0]).toMatchObject({ code: 'no-bricks', gluster: 'No bricks specified' });
    expect(parse('').errors[0]?.code).toBe('no-bricks');
  });

  it('reads at most three options, as the CLI does', () => {
    const p = parse('disperse 6 redundancy 2 disperse-data 4 transport tcp h1:/b');
    expect(p.errors[0]).toMatchObject({ code: 'bad-option', gluster: 'Wrong brick type: transport, use <HOSTNAME>:<export-dir-abs-path>' });
  });

  it('keeps stripe in 10.x only to say what replaced it', () => {
    expect(parse('stripe 2 replica 2 h1:/b h2:/b h3:/b h4:/b').layout).toEqual({ stripe: 2, replica: 2 });
    expect(parse('stripe 2 replica 2 h1:/b h2:/b h3:/b h4:/b', v34).layout).toEqual({ stripe: 2, replica: 2 });
    expect(parse('stripe 2 stripe 2 h1:/b', v34).errors[0]?.code).toBe('option-twice');
  });

  it('keeps a word that is not HOST:/PATH whole, for the refusal to name it', () => {
    expect(parse('node1:bricks/b').bricks).toEqual([{ host: '', path: 'node1:bricks/b' }]);
    expect(parse('h:/a:b').bricks).toEqual([{ host: '', path: 'h:/a:b' }]);
    // The CLI splits at the last colon.
    expect(parse('h:x:/b').bricks).toEqual([{ host: 'h:x', path: '/b' }]);
  });
});

describe('parseAddBrickWords', () => {
  it('reads replica and arbiter only with enough words, like the CLI', () => {
    expect(parseAddBrickWords(['replica', '3', 'h4:/b'])).toMatchObject({ replica: 3, bricks: [{ host: 'h4', path: '/b' }] });
    expect(parseAddBrickWords(['replica', '3', 'arbiter', '1', 'h4:/b', 'force'])).toMatchObject({ replica: 3, arbiter: 1, force: true });
    expect(parseAddBrickWords(['h4:/b', 'h5:/b'])).toMatchObject({ bricks: [{ host: 'h4' }, { host: 'h5' }] });
    expect(parseAddBrickWords(['force']).errors[0]?.code).toBe('no-bricks');
  });
});

describe('C number reading', () => {
  it('follows strtol base 0', () => {
    expect(cStrtol(' +12abc')).toMatchObject({ value: 12n, end: 4 });
    expect(cStrtol('0x')).toMatchObject({ value: 0n, end: 1 });
    expect(cStrtol('x')).toMatchObject({ value: 0n, end: 0 });
    expect(strtolInt32('4294967299')).toBe(3); // the long wraps into replica_count's 32 bits
    expect(strtolInt32('99999999999999999999999')).toBe(-1);
  });

  it('follows gf_string2int: the whole word or nothing', () => {
    expect(gfString2Int('3')).toBe(3);
    expect(gfString2Int('0x10')).toBe(16);
    expect(gfString2Int('3 ')).toBeNull();
    expect(gfString2Int('')).toBeNull();
    expect(gfString2Int('99999999999999999999999')).toBeNull();
  });
});

describe('pasted commands and hostile words', () => {
  it('reads a pasted command with sudo and gluster options', () => {
    const r = readCreateCommand('sudo gluster --mode=script volume create gv0 replica 3 h1:/b h2:/b h3:/b'.split(' '));
    expect(r).toEqual({ command: { volumeName: 'gv0', words: ['replica', '3', 'h1:/b', 'h2:/b', 'h3:/b'], wignore: false, scriptMode: true } });
    const wignore = readCreateCommand('/usr/sbin/gluster volume create gv0 h1:/b --wignore'.split(' '));
    expect(wignore).toMatchObject({ command: { volumeName: 'gv0', words: ['h1:/b'], wignore: true } });
  });

  it('refuses other gluster commands and unknown options', () => {
    expect(readCreateCommand('gluster volume add-brick gv0 h4:/b'.split(' '))).toMatchObject({ problem: { code: 'unusable-input', fix: expect.stringMatching(/current layout/) } });
    expect(readCreateCommand('gluster peer probe h2'.split(' '))).toMatchObject({ problem: { code: 'unusable-input' } });
    expect(readCreateCommand('gluster volume create'.split(' '))).toMatchObject({ problem: { message: 'the command has no volume name' } });
    expect(readCreateCommand(['--frobnicate', 'h1:/b'])).toMatchObject({ problem: { gluster: 'unrecognized option --frobnicate' } });
  });

  it.each([
    ['replica 3', 'a space'],
    ['h1:/b\nrm', 'a line break'],
    ['h1:/b;reboot', '";", a shell character'],
    ['$(id)', '"$", a shell character'],
    ['h1:/b`id`', '"`", a shell character'],
    ["'gv0'", `"'", a shell character`],
    ['"h1:/b"', '""", a shell character'],
    ['h1:/brïck', '"ï" (U+00EF), which is not plain ASCII'],
    ['gv\u0000', 'a control character (0x00)'],
    ['h1:/b\u001b[31m', 'a control character (0x1b)'],
  ])('refuses the word %j with a clear message', (word, what) => {
    const [problem] = hostileWords(['replica', word]);
    expect(problem?.code).toBe('unusable-input');
    expect(problem?.message).toContain('word 2');
    expect(problem?.message).toContain(`contains ${what}`);
    // The message itself never carries the raw control characters to the terminal.
    expect(problem?.message).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('lets plain gluster words through', () => {
    expect(hostileWords('--mode=script volume create gv-0_a replica 3 node1.example.com:/bricks/gv0/b+1 tcp,rdma 10.0.0.1:/x force'.split(' '))).toEqual([]);
  });
});
