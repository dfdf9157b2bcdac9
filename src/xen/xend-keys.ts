/*
 * The top-level keys xend reads from xend-config.sxp: xend-config.sxp(5),
 * the comments of the example files shipped with Xen 2.0-4.4, and the
 * getters of xen/xend/XendOptions.py (Xen 3.x-4.4). Facts only: what each key
 * is for, in a few words.
 */

export interface XendKey {
  readonly name: string;
  readonly summary: string;
  /** Read only by the xend of Xen 2.0 (2004-2005); later xend ignores it. */
  readonly historical?: boolean;
}

export const XEND_KEYS: readonly XendKey[] = [
  { name: 'logfile', summary: 'where xend writes its log' },
  { name: 'loglevel', summary: 'the lowest level logged' },
  { name: 'xsm_module_name', summary: 'the Xen security module (flask, acm, dummy)' },
  { name: 'xen-api-server', summary: 'the Xen-API listeners' },
  { name: 'xend-http-server', summary: 'the legacy HTTP management server' },
  { name: 'xend-unix-server', summary: 'the legacy UNIX-socket management server' },
  { name: 'xend-tcp-xmlrpc-server', summary: 'the legacy TCP XML-RPC server' },
  { name: 'xend-unix-xmlrpc-server', summary: 'the UNIX-socket XML-RPC server used by xm' },
  { name: 'xend-relocation-server', summary: 'the relocation (migration) server' },
  { name: 'xend-relocation-ssl-server', summary: 'the SSL relocation server' },
  { name: 'xend-udev-event-server', summary: 'the udev event listener' },
  { name: 'xend-unix-path', summary: 'the UNIX socket of the management server' },
  { name: 'xend-tcp-xmlrpc-server-address', summary: 'the address of the TCP XML-RPC server' },
  { name: 'xend-tcp-xmlrpc-server-port', summary: 'the port of the TCP XML-RPC server' },
  { name: 'xend-tcp-xmlrpc-server-ssl-key-file', summary: 'the SSL key of the TCP XML-RPC server' },
  { name: 'xend-tcp-xmlrpc-server-ssl-cert-file', summary: 'the SSL certificate of the TCP XML-RPC server' },
  { name: 'xend-port', summary: 'the port of the HTTP management server' },
  { name: 'xend-address', summary: 'the address of the HTTP management server' },
  { name: 'xend-relocation-port', summary: 'the port of the relocation server' },
  { name: 'xend-relocation-ssl-port', summary: 'the port of the SSL relocation server' },
  { name: 'xend-relocation-server-ssl-key-file', summary: 'the SSL key of the relocation server' },
  { name: 'xend-relocation-server-ssl-cert-file', summary: 'the SSL certificate of the relocation server' },
  { name: 'xend-relocation-ssl', summary: 'whether outgoing migrations use SSL by default' },
  { name: 'xend-relocation-address', summary: 'the address the relocation server binds to' },
  { name: 'xend-relocation-hosts-allow', summary: 'the hosts allowed to connect to the relocation server' },
  { name: 'console-limit', summary: 'the console buffer limit per domain (KiB)' },
  { name: 'network-script', summary: 'the network set-up script run when xend starts' },
  { name: 'vif-script', summary: 'the default script for virtual interfaces' },
  { name: 'dom0-min-mem', summary: 'the least memory (MiB) dom0 is ballooned down to' },
  { name: 'enable-dom0-ballooning', summary: 'whether xend shrinks dom0 to make room for guests' },
  { name: 'total_available_memory', summary: 'memory (GiB) reserved for 32-bit PV guests' },
  { name: 'dom0-cpus', summary: 'how many CPUs dom0 uses' },
  { name: 'enable-dump', summary: 'whether crashed guests are dumped' },
  { name: 'external-migration-tool', summary: 'a tool for migrating external devices (vTPM)' },
  { name: 'vnc-listen', summary: 'the default VNC listen address of HVM guests' },
  { name: 'vncpasswd', summary: 'the default VNC password of HVM guests' },
  { name: 'vnc-tls', summary: 'whether QEMU VNC servers use TLS' },
  { name: 'vnc-x509-cert-dir', summary: 'the directory of the VNC x509 certificates' },
  { name: 'vnc-x509-verify', summary: 'whether VNC clients must present a certificate' },
  { name: 'keymap', summary: 'the default keymap of virtual keyboards' },
  { name: 'resource-label-change-script', summary: 'a script run when a resource label changes' },
  { name: 'qemu-dm-logrotate-count', summary: 'how many qemu-dm logs are kept' },
  { name: 'xend-domains-path', summary: 'where persistent domain configurations are stored' },
  { name: 'xend-state-path', summary: "where xend's management state is stored" },
  { name: 'xend-storage-path', summary: 'where the QCoW storage repository is' },
  { name: 'xend-security-path', summary: 'where the security state is stored' },
  { name: 'device-create-timeout', summary: 'how long xend waits for a device to appear (s)' },
  { name: 'device-destroy-timeout', summary: 'how long xend waits for a device to go (s)' },
  { name: 'pci-passthrough-strict-check', summary: 'strict checks when assigning PCI devices to HVM guests' },
  { name: 'pscsi-device-mask', summary: 'which SCSI devices xend scans' },
  { name: 'xend-domain-lock', summary: 'whether xend locks a domain while it runs' },
  { name: 'xend-domain-lock-path', summary: 'where the domain locks are kept' },
  { name: 'xend-domain-lock-utility', summary: 'the script that takes and releases domain locks' },
  { name: 'xend-domain-lock-device', summary: 'the block device of the lock service' },
  { name: 'vif-bridge', summary: 'the default bridge of virtual interfaces', historical: true },
  { name: 'vif-antispoof', summary: 'anti-spoofing rules on virtual interfaces', historical: true },
  { name: 'xend-event-port', summary: 'the port of the event server', historical: true },
];

const BY_NAME = new Map(XEND_KEYS.map((k) => [k.name, k]));

export function xendKey(name: string): XendKey | undefined {
  return BY_NAME.get(name);
}
