// Writes a synthetic config repository for measuring fleet mode:
//   node scripts/make-fleet-tree.mjs DIR [HOSTS=1000] [GUESTS=20] [POOL_SIZE=HOSTS]
// Each host gets xend-config.sxp, xl.conf, interfaces, fstab, grub, xendomains and GUESTS
// guests (iSCSI and NFS disks, two vifs); hosts are grouped into pools of POOL_SIZE.
// A few planted problems (a missing bridge, an unpinned dom0) keep the rules busy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, hostsArg = '1000', guestsArg = '20', poolArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/make-fleet-tree.mjs DIR [HOSTS] [GUESTS] [POOL_SIZE]');
  process.exit(2);
}
const hosts = Number(hostsArg);
const guests = Number(guestsArg);
const poolSize = Number(poolArg ?? hostsArg);
const write = (path, text) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const name = (h) => `xen${String(h).padStart(4, '0')}`;
const ip = (h) => `10.${20 + (h >> 16)}.${(h >> 8) & 255}.${h & 255}`;
const inventory = [];
for (let h = 0; h < hosts; h++) {
  const host = name(h);
  const root = `hosts/${host}`;
  inventory.push({ name: host, root, address: ip(h), fqdn: `${host}.example.org`, pool: `pool${Math.floor(h / poolSize)}` });
  write(`${root}/etc/xen/xend-config.sxp`, `(xend-relocation-server yes)\n(xend-relocation-port 8002)\n(xend-relocation-address '${ip(h)}')\n(xend-relocation-hosts-allow '^xen[0-9]+\\\\.example\\\\.org$ ^10\\\\.[0-9.]+$')\n(enable-dom0-ballooning no)\n`);
  write(`${root}/etc/xen/xl.conf`, 'autoballoon = "off"\nvif.default.bridge = "xenbr0"\n');
  const bridges = h % 97 === 0 ? ['xenbr0'] : ['xenbr0', 'xenbr1'];
  write(`${root}/etc/network/interfaces`, bridges.map((b, i) => `auto ${b}\niface ${b} inet manual\n    bridge_ports eth${i}\n`).join('\n'));
  write(`${root}/etc/fstab`, 'UUID=1 / ext4 defaults 0 1\nnfs01:/srv/xen /srv/xen nfs4 defaults,_netdev 0 0\n');
  write(`${root}/etc/default/grub`, `GRUB_CMDLINE_XEN="dom0_mem=${h % 101 === 0 ? '4096M' : '4096M,max:4096M'}"\n`);
  write(`${root}/etc/default/xendomains`, 'XENDOMAINS_SAVE=""\n');
  for (let g = 0; g < guests; g++) {
    const n = h * guests + g;
    const guest = `vm${String(n).padStart(6, '0')}`;
    const mac = `00:16:3e:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
    const disk = g % 2 === 0 ? `iscsi:iqn.2013-04.org.example:${guest},xvda,w` : `file:/srv/xen/images/${guest}.img,xvda,w`;
    write(
      `${root}/etc/xen/auto/${guest}.cfg`,
      `name = "${guest}"\nvcpus = 2\nmemory = 2048\nbootloader = "pygrub"\ndisk = [ '${disk}' ]\nvif = [ 'mac=${mac},bridge=xenbr${g % 2}' ]\n`,
    );
  }
}
write('xlint.json', `${JSON.stringify({ settings: { sharedStorage: { paths: ['/srv/xen/'] } }, hosts: inventory }, null, 1)}\n`);
console.error(`wrote ${hosts} hosts x ${guests} guests to ${dir}`);
