import { describe, expect, test } from 'vitest';
import { detectFormat } from '../../src/discovery/detect.js';
import { BLOWUP_MS } from '../helpers/blowup.js';

const DOMU = 'name = "web01"\nmemory = 1024\nvcpus = 2\ndisk = [ "phy:/dev/vg0/web01,xvda,w" ]\n';

describe('format detection', () => {
  test.each([
    ['/etc/xen/xend-config.sxp', '(xend-relocation-server yes)\n', 'sxp'],
    ['/etc/xen/xend-config.sxp', '', 'sxp'],
    ['backup/xend.sxp', '# host A\n(xend-relocation-port 8002)\n(logfile /var/log/xen/xend.log)\n', 'sxp'],
    ['/etc/xen/xl.conf', '#autoballoon="auto"\n', 'xl-conf'],
    ['conf/global', 'autoballoon = "off"\nlockfile = "/var/lock/xl"\n', 'xl-conf'],
    ['/etc/xen/auto/web01.cfg', DOMU, 'cfg'],
    ['/etc/xen/web01', DOMU, 'cfg'],
    ['guests/db.xl', 'name = "db"\n', 'cfg'],
    ['xm/legacy.cfg', 'import os\nname = "legacy"\nkernel = "/boot/vmlinuz"\nmemory = 256\n', 'cfg'],
  ])('%s is %s', (path, text, format) => {
    expect(detectFormat(path, text).format).toBe(format);
  });

  test.each([
    ['setup.cfg', '[metadata]\nname = xlint\nversion = 1.0\n\n[options]\npackages = find:\n', /INI/],
    ['tox.cfg', '[tox]\nenvlist = py39\n', /INI/],
    ['domain.sexpr', "(domain (domid 6) (name 'pv') (memory 420))\n", /S-expressions without xend settings/],
    ['roles/xen/templates/vm.cfg.j2', DOMU, /template/],
    ['vm.cfg', 'name = "{{ vm_name }}"\nmemory = {{ mem }}\n', /template/],
    ['vm.cfg', 'name="<%= @name %>"\nmemory=<%= @memory %>\n', /template/],
    ['xen/README.md', `# Guests\n\n${DOMU}`, /documentation/],
    ['docs/xl.cfg.5.pod', `=head1 NAME\n\n${DOMU}`, /documentation/],
    ['xen/notes', '=head1 NAME\n\nname = "x"\nmemory = 1\n', /POD/],
    ['docs/man/xend-config.sxp.pod.5', '=head1 NAME\n\n (xend-relocation-server yes)\n', /documentation/],
    ['docs/man/xend-config-notes', '=head1 NAME\n\n (xend-relocation-server yes)\n (xend-relocation-port 8002)\n', /POD/],
    ['pool.cfg', 'name = "pool1"\nsched = "credit2"\ncpus = ["2", "3"]\n', /cpupool/],
    ['random.cfg', 'level = 3\ncolour = "blue"\n', /no Xen|too few/],
    ['empty.cfg', '', /no Xen settings/],
  ])('%s is skipped', (path, text, reason) => {
    const detection = detectFormat(path, text);
    expect(detection.format).toBeNull();
    expect(detection.reason).toMatch(reason);
  });

  test('a page of prose that quotes two settings is not a config', () => {
    const prose = Array.from({ length: 20 }, (_, i) => `This line number ${i} explains how the guest is configured and why.`).join('\n');
    expect(detectFormat('notes', `${prose}\nname = "x"\nmemory = 512\n`).format).toBeNull();
  });

  test('template markers are found in linear time (a lazy regex was quadratic on a file of openers)', () => {
    const openers = '{{'.repeat(500_000);
    const started = performance.now();
    expect(detectFormat('notes', `# notes\n${openers}`).reason).not.toMatch(/template/);
    expect(detectFormat('vm.cfg', `${openers}}}`).reason).toMatch(/template/);
    expect(detectFormat('vm.cfg', `${'<%'.repeat(500_000)}`).reason).not.toMatch(/template/);
    expect(performance.now() - started).toBeLessThan(BLOWUP_MS);
  });
});
