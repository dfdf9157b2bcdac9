/*
 * The keys xl reads from a domU config (xl.cfg(5)) and from xl.conf(5), with
 * how xl reads each value. Written from the man pages in
 * ../shared/corpus/xen-docs (xl.cfg.5.pod.in and xl.conf.5.pod.in at master,
 * the 4.4-era disk/network pages) and from what Xen 4.17's xl actually looks
 * up (the oracle's `xlcfg-dump --list-known`, and its behaviour measured with
 * `xl -N create`); the summaries are ours. The xm-era keys are those of the
 * old Python toolstack (`xm create`) that xl never reads.
 *
 * How xl reads a value decides what a wrong one does:
 * - a single value (string, number) is read with `xlu_cfg_get_string` /
 *   `xlu_cfg_get_long`: a list there is "a list but should be a single
 *   value", warned about and ignored (the default applies);
 * - a number is C's `strtol(…, 0)` over the whole text (`010` is 8, `0x10`
 *   is 16, `512M` is "not a valid number": warned about and ignored);
 * - a boolean is such a number, 0 false and anything else true;
 * - a list is read with `xlu_cfg_get_list`: a single value there is "a single
 *   value but should be a list", warned about and ignored (a `disk = "…"`
 *   string gives a guest with no disk), and the walk over the items stops at
 *   the first item that is itself a list.
 */

/** How xl reads a key's value. */
export type XlValueKind =
  /** One string (a number token is the same text to xl). */
  | 'string'
  /** One number, `strtol(…, 0)` over the whole text. */
  | 'integer'
  /** One number, 0 false and anything else true. */
  | 'boolean'
  /** A list of strings (`[ "…", "…" ]`). */
  | 'list'
  /** A list of strings, or one string that xl splits or applies to every item itself. */
  | 'list-or-string'
  /** A list of names, or a boolean (`viridian`). */
  | 'list-or-boolean'
  /** A boolean, or one of the enum's names (`gfx_passthru`). */
  | 'boolean-or-enum'
  /** One of the enum's names or, deprecated, its number (`tsc_mode`, `timer_mode`, `altp2m`). */
  | 'enum-or-integer'
  /** A list whose items are lists of strings (`vnuma`, `vsnd`). */
  | 'list-of-lists';

export type GuestType = 'pv' | 'pvh' | 'hvm';

/**
 * - `current`: documented and read.
 * - `deprecated`: still read, but the man page or xl itself says to use something else.
 * - `ignored`: xl looks it up only to warn that it ignores it.
 * - `undocumented`: read by xl but no longer (or never) in xl.cfg(5).
 * - `xm-only`: a key of the old xm toolstack that xl never reads.
 */
export type KeyStatus = 'current' | 'deprecated' | 'ignored' | 'undocumented' | 'xm-only';

export interface XlEnum {
  readonly values: readonly string[];
  /**
   * How xl compares: `exact` (strcmp), `case-insensitive` (libxl's generated
   * enum parsers use strcasecmp), `prefix` (xl compares only as many
   * characters as the value has, so `"h"` and even `""` select `hvm`).
   */
  readonly match: 'exact' | 'case-insensitive' | 'prefix';
  /**
   * What a value that is not listed does: xl refuses the guest (`fatal`),
   * warns and keeps its default (`warning`), or passes it on unchecked and
   * the device model fails at start (`device-model`).
   */
  readonly onMismatch: 'fatal' | 'warning' | 'device-model';
  /** For `enum-or-integer`: the numbers xl still accepts, with a deprecation warning. */
  readonly numbers?: { readonly min: number; readonly max: number };
  /** List items may be prefixed with `!` to disable the item (`viridian`). */
  readonly negatable?: readonly string[];
}

export interface XlKey {
  readonly name: string;
  readonly value: XlValueKind;
  /** What the key does, one line, our words. */
  readonly summary: string;
  /** Guest types the man page lists it for (absent: every type). */
  readonly guests?: readonly GuestType[];
  /**
   * Guest types for which xl's parser (Xen 4.17 xl_parse.c) reads the key at
   * all; for the others it is never looked up (absent: read for every type).
   */
  readonly xlReadsFor?: readonly GuestType[];
  readonly arch?: 'x86' | 'arm';
  /** The unit of a number (memory keys are in MiB). */
  readonly unit?: 'MiB' | 'KiB' | 'seconds' | 'count' | 'percent' | 'weight';
  /** Allowed names (for `list-or-boolean` and `list`: the allowed items). */
  readonly enum?: XlEnum;
  /** Numbers outside this range: xl refuses the guest. */
  readonly range?: { readonly min: number; readonly max: number };
  /** The value must be a UUID (xl refuses the guest otherwise: "Failed to parse UUID"). */
  readonly format?: 'uuid';
  /** The wrong shape (a list for a single value or the reverse) makes xl refuse the guest instead of ignoring the key. */
  readonly wrongShapeIsFatal?: boolean;
  readonly status: KeyStatus;
  /** The key to use instead, for deprecated, ignored and xm-only keys. */
  readonly replacement?: string;
  /** Renaming to `replacement` keeps the value's meaning (a plain rename is a correct fix). */
  readonly renameKeepsMeaning?: boolean;
  /** Why it is deprecated, ignored or gone, and what to do; our words. */
  readonly note?: string;
  /** Xen 4.17's xl looks it up (the oracle's list); false for keys added later or xm-only. */
  readonly readByXl417: boolean;
  /** Xen version that added it, where the docs say. */
  readonly since?: string;
}

type Options = Omit<XlKey, 'name' | 'value' | 'summary' | 'status' | 'readByXl417'> & {
  readonly status?: KeyStatus;
  readonly readByXl417?: boolean;
};

function key(name: string, value: XlValueKind, summary: string, options: Options = {}): XlKey {
  return { name, value, summary, status: options.status ?? 'current', readByXl417: options.readByXl417 ?? true, ...options };
}

const SHUTDOWN_ACTIONS: XlEnum = {
  values: ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart', 'soft-reset'],
  match: 'exact',
  onMismatch: 'fatal',
};

const VIRIDIAN_GROUPS: XlEnum = {
  values: [
    'base', 'freq', 'time_ref_count', 'reference_tsc', 'hcall_remote_tlb_flush', 'apic_assist', 'crash_ctl',
    'stimer', 'hcall_ipi', 'ex_processor_masks', 'no_vp_limit', 'cpu_hotplug', 'defaults', 'all',
  ],
  match: 'case-insensitive',
  onMismatch: 'fatal',
  negatable: [
    'base', 'freq', 'time_ref_count', 'reference_tsc', 'hcall_remote_tlb_flush', 'apic_assist', 'crash_ctl',
    'stimer', 'hcall_ipi', 'ex_processor_masks', 'no_vp_limit', 'cpu_hotplug',
  ],
};

const HVM: readonly GuestType[] = ['hvm'];
const PV: readonly GuestType[] = ['pv'];
const PVH: readonly GuestType[] = ['pvh'];
const PV_PVH: readonly GuestType[] = ['pv', 'pvh'];
const HVM_PVH: readonly GuestType[] = ['hvm', 'pvh'];

/**
 * Keys xl_parse.c reads only inside its HVM branch (`case LIBXL_DOMAIN_TYPE_HVM`
 * or `if (c_info->type == LIBXL_DOMAIN_TYPE_HVM)`), only for PV, or only for
 * PVH guests.
 */
const READ_FOR_HVM_ONLY = [
  'firmware_override', 'bios_path_override', 'bios', 'pae', 'acpi_s3', 'acpi_s4', 'acpi_laptop_slate', 'nx', 'hpet',
  'vpt_align', 'apic', 'viridian', 'mmio_hole', 'altp2mhvm', 'smbios_firmware', 'acpi_firmware', 'ms_vm_genid',
  'rdm_mem_boundary', 'mca_caps', 'vga', 'stdvga', 'hdtype', 'spice', 'spiceport', 'spicetls_port', 'spicehost',
  'spicedisable_ticketing', 'spicepasswd', 'spiceagent_mouse', 'spicevdagent', 'spice_clipboard_sharing',
  'spiceusbredirection', 'spice_image_compression', 'spice_streaming_video', 'nographic', 'gfx_passthru', 'serial',
  'boot', 'usb', 'usbversion', 'usbdevice', 'vkb_device', 'soundhw', 'xen_platform_pci', 'vendor_device',
];
const READ_FOR: ReadonlyMap<string, readonly GuestType[]> = new Map<string, readonly GuestType[]>([
  ...READ_FOR_HVM_ONLY.map((k) => [k, HVM] as const),
  ['e820_host', PV],
  ['pvshim', PVH],
  ['pvshim_path', PVH],
  ['pvshim_cmdline', PVH],
  ['pvshim_extra', PVH],
  ['timer_mode', HVM_PVH],
]);

function withXlReadsFor(keys: readonly XlKey[]): XlKey[] {
  return keys.map((k) => {
    const types = READ_FOR.get(k.name);
    return types ? { ...k, xlReadsFor: types } : k;
  });
}

/** Every key of a domU config that xl reads, that xl.cfg(5) documents, or that xm read. */
export const DOMU_KEYS: readonly XlKey[] = withXlReadsFor([
  // Mandatory and guest type
  key('name', 'string', 'the domain name, unique on the host (mandatory)'),
  key('type', 'string', 'guest type: pv, pvh or hvm', {
    enum: { values: ['hvm', 'pv', 'pvh'], match: 'prefix', onMismatch: 'fatal' },
  }),
  key('builder', 'string', 'old way to select the guest type (generic = PV, hvm)', {
    enum: { values: ['hvm', 'generic'], match: 'prefix', onMismatch: 'fatal' },
    status: 'deprecated',
    replacement: 'type',
    note: 'xl.cfg(5): builder is being deprecated in favour of type; "generic" is type = "pv", "hvm" is type = "hvm"',
  }),

  // CPU allocation and scheduling
  key('pool', 'string', 'the CPU pool to put the guest in'),
  key('vcpus', 'integer', 'vCPUs online at start', { unit: 'count' }),
  key('maxvcpus', 'integer', 'the most vCPUs the guest can bring up', { unit: 'count' }),
  key('cpus', 'list-or-string', 'host CPUs the vCPUs may run on (hard affinity): one CPU list for all, or one per vCPU'),
  key('cpus_soft', 'list-or-string', 'host CPUs the vCPUs prefer (soft affinity)'),
  key('cpu_weight', 'integer', 'credit scheduler weight (1 to 65535, default 256)', { unit: 'weight' }),
  key('cap', 'integer', 'CPU cap in percent of one physical CPU (0 = no cap)', { unit: 'percent' }),
  key('period', 'integer', 'scheduler period (sedf/RTDS parameters)', { status: 'undocumented' }),
  key('slice', 'integer', 'scheduler slice (sedf/RTDS parameters)', { status: 'undocumented' }),
  key('latency', 'integer', 'scheduler latency (sedf parameters)', { status: 'undocumented' }),
  key('extratime', 'integer', 'scheduler extra time flag (sedf/RTDS parameters)', { status: 'undocumented' }),

  // Memory
  key('memory', 'integer', 'RAM at start, in MiB', { unit: 'MiB' }),
  key('maxmem', 'integer', 'the most RAM the guest can ever have, in MiB (at least memory)', { unit: 'MiB' }),
  key('vnuma', 'list-of-lists', 'virtual NUMA nodes: one list of pnode=, size=, vcpus=, vdistances= per node'),

  // Event actions
  key('on_poweroff', 'string', 'what to do when the guest powers off (default destroy)', { enum: SHUTDOWN_ACTIONS }),
  key('on_reboot', 'string', 'what to do when the guest reboots (default restart)', { enum: SHUTDOWN_ACTIONS }),
  key('on_watchdog', 'string', 'what to do on a Xen watchdog timeout (default destroy)', { enum: SHUTDOWN_ACTIONS }),
  key('on_crash', 'string', 'what to do when the guest crashes (default destroy)', { enum: SHUTDOWN_ACTIONS }),
  key('on_soft_reset', 'string', 'what to do on a soft reset such as kexec (default soft-reset)', { enum: SHUTDOWN_ACTIONS }),

  // Direct kernel boot
  key('kernel', 'string', 'kernel image to boot, a path on the host'),
  key('ramdisk', 'string', 'initial ramdisk, a path on the host'),
  key('cmdline', 'string', 'the whole kernel command line (root= and extra= are then ignored)'),
  key('root', 'string', 'appended to the kernel command line as root=…'),
  key('extra', 'string', 'appended to the kernel command line'),

  // Firmware, bootloaders
  key('firmware', 'string', 'PV: pvgrub32 or pvgrub64; HVM: bios, uefi, seabios, rombios, ovmf or a path'),
  key('pvshim', 'boolean', 'run a PV guest inside a PVH container (PV shim)', { guests: PVH }),
  key('pvshim_path', 'string', 'a non-default PV shim binary', { guests: PVH }),
  key('pvshim_cmdline', 'string', 'the PV shim command line', { guests: PVH }),
  key('pvshim_extra', 'string', 'extra arguments appended to the PV shim command line', { guests: PVH }),
  key('bootloader', 'string', 'program run in dom0 to find the kernel (usually pygrub)', { guests: PV_PVH }),
  key('bootloader_args', 'list-or-string', 'arguments for the bootloader (a plain string is split at white space, deprecated)', {
    guests: PV_PVH,
  }),
  key('bootloader_restrict', 'boolean', 'run the bootloader restricted, as an unprivileged user', {
    guests: PV_PVH,
    readByXl417: false,
  }),
  key('bootloader_user', 'string', 'the user a restricted bootloader runs as', { guests: PV_PVH, readByXl417: false }),

  // Other options
  key('uuid', 'string', 'the domain UUID (a new one at each create when absent)', { format: 'uuid' }),
  key('seclabel', 'string', 'XSM security label of the domain'),
  key('init_seclabel', 'string', 'XSM security label used while the domain is built'),
  key('max_grant_frames', 'integer', 'most grant table frames the guest may use', {
    unit: 'count',
    range: { min: 0, max: 2147483647 },
  }),
  key('max_maptrack_frames', 'integer', 'most grant maptrack frames the guest may use', {
    unit: 'count',
    range: { min: 0, max: 2147483647 },
  }),
  key('max_grant_version', 'integer', 'highest grant table version the guest may use'),
  key('nomigrate', 'boolean', 'forbid migrating the guest (enables invariant TSC when TSC is not emulated)'),
  key('driver_domain', 'boolean', 'the guest is a driver domain'),
  key('device_tree', 'string', 'partial device tree copied into the guest', { arch: 'arm' }),
  key('passthrough', 'string', 'IOMMU mappings for passed-through devices', {
    enum: { values: ['default', 'disabled', 'enabled', 'sync_pt', 'share_pt'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),
  key('xend_suspend_evtchn_compat', 'boolean', 'old xend behaviour for the suspend event channel (for old PV drivers)'),
  key('vmtrace_buf_kb', 'integer', 'per-vCPU processor trace buffer in KiB (0 = off)', { unit: 'KiB' }),
  key('vpmu', 'boolean', 'give the guest direct access to the PMU registers', { arch: 'arm' }),
  key('xenstore_feature_mask', 'integer', 'which Xenstore features the guest sees (bit mask)', { readByXl417: false }),
  key('xenstore_quota', 'list', 'Xenstore quota overrides, quota-name=value each', { readByXl417: false }),

  // Devices
  key('disk', 'list', 'virtual disks, one spec string each (xl-disk-configuration(5))'),
  key('vif', 'list', 'network interfaces, one spec string each (xl-network-configuration(5))'),
  key('vtpm', 'list', 'virtual TPMs, backend= and uuid= each'),
  key('p9', 'list', '9pfs shares from the backend, tag=, path=, security_model= each'),
  key('pvcalls', 'list', 'PV calls connections, backend= each'),
  key('vfb', 'list', 'PV framebuffers, vnc=/sdl=/… each'),
  key('channel', 'list', 'PV channels, name=, connection=, path= each'),
  key('rdm', 'string', 'reserved device memory policy, strategy= and policy=', { guests: HVM, arch: 'x86' }),
  key('usbctrl', 'list', 'USB controllers, type=, version=, ports= each'),
  key('usbdev', 'list', 'host USB devices to attach, hostbus=, hostaddr= each'),
  key('pci', 'list', 'host PCI devices to pass through (xl-pci-configuration(5))'),
  key('pci_permissive', 'boolean', 'default permissive= for passed-through PCI devices'),
  key('pci_msitranslate', 'boolean', 'default msitranslate= for passed-through PCI devices'),
  key('pci_seize', 'boolean', 'default seize= for passed-through PCI devices'),
  key('pci_power_mgmt', 'boolean', 'default power_mgmt= for passed-through PCI devices', { guests: HVM }),
  key('gfx_passthru', 'boolean-or-enum', 'make a passed-through graphics card the primary one', {
    guests: HVM,
    enum: { values: ['default', 'igd'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),
  key('rdm_mem_boundary', 'integer', 'boundary for reserved device memory conflicts, in MiB', { unit: 'MiB', guests: HVM }),
  key('dtdev', 'list', 'host device tree nodes to pass through', { arch: 'arm' }),
  key('ioports', 'list', 'host I/O port ranges the guest may access (hexadecimal)'),
  key('iomem', 'list', 'host I/O memory pages the guest may access (hexadecimal)'),
  key('irqs', 'list', 'host IRQs the guest may access'),
  key('max_event_channels', 'integer', 'most event channels the guest may use (default 1023)', { unit: 'count' }),
  key('vdispl', 'list', 'virtual displays, backend=, connectors= each'),
  key('dm_restrict', 'boolean', 'restrict the device model after start (technology preview)'),
  key('device_model_user', 'string', 'the user a restricted device model runs as'),
  key('vsnd', 'list-of-lists', 'virtual sound cards, one list of CARD/PCM/STREAM items each'),
  key('vkb', 'list', 'virtual keyboards, backend-type= and features each'),
  key('virtio', 'list', 'virtio devices, backend=, type=, transport= each', { readByXl417: false }),
  key('tee', 'string', 'trusted execution environment the guest may use', {
    arch: 'arm',
    enum: { values: ['none', 'optee', 'ffa'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),

  // PV specific
  key('e820_host', 'boolean', 'give the guest the host memory map (needed for PCI passthrough)', { guests: PV }),

  // HVM specific
  key('boot', 'string', 'boot device order: c (disk), d (CD-ROM), n (network)', { guests: HVM }),
  key('hdtype', 'string', 'emulated disk controller', {
    guests: HVM,
    enum: { values: ['ide', 'ahci'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),
  key('hap', 'boolean', 'hardware assisted paging (EPT/NPT)', { guests: HVM_PVH }),
  key('oos', 'boolean', 'out-of-sync shadow page tables', { guests: HVM_PVH }),
  key('shadow_memory', 'integer', 'memory for shadow or HAP page tables, in MiB', { unit: 'MiB', guests: HVM_PVH }),
  key('bios', 'string', 'the virtual firmware', {
    guests: HVM,
    enum: { values: ['rombios', 'seabios', 'ovmf'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),
  key('bios_path_override', 'string', 'a non-default firmware blob for bios=', { guests: HVM }),
  key('firmware_override', 'string', 'a non-default hvmloader', { guests: HVM, status: 'undocumented' }),
  key('pae', 'boolean', 'expose PAE', { guests: HVM, arch: 'x86' }),
  key('acpi', 'boolean', 'expose ACPI tables'),
  key('acpi_s3', 'boolean', 'include the S3 (suspend to RAM) state', { guests: HVM }),
  key('acpi_s4', 'boolean', 'include the S4 (suspend to disk) state', { guests: HVM }),
  key('acpi_laptop_slate', 'boolean', 'include the Windows laptop/slate switch device', { guests: HVM }),
  key('apic', 'boolean', 'include APIC information in the firmware tables', { guests: HVM, arch: 'x86' }),
  key('nx', 'boolean', 'expose the no-execute capability', { guests: HVM, arch: 'x86' }),
  key('hpet', 'boolean', 'emulate the HPET timer', { guests: HVM, arch: 'x86' }),
  key('altp2m', 'enum-or-integer', 'alternate-p2m mode', {
    arch: 'x86',
    enum: {
      values: ['disabled', 'mixed', 'external', 'limited'],
      match: 'case-insensitive',
      onMismatch: 'fatal',
      numbers: { min: 0, max: 3 },
    },
  }),
  key('altp2mhvm', 'boolean', 'old switch for alternate-p2m', {
    guests: HVM,
    status: 'deprecated',
    replacement: 'altp2m',
    note: 'xl.cfg(5): use altp2m (with a mode such as "mixed") instead',
  }),
  key('altp2m_count', 'integer', 'most alternate-p2m views (default 10)', { unit: 'count', readByXl417: false }),
  key('nestedhvm', 'boolean', 'let the guest run its own hypervisor', { guests: HVM_PVH }),
  key('cpuid', 'list-or-string', 'CPUID policy: "host,flag=value,…" (libxl) or a list of xend leaf strings'),
  key('acpi_firmware', 'string', 'file of extra ACPI tables', { guests: HVM }),
  key('smbios_firmware', 'string', 'file of extra SMBIOS structures', { guests: HVM }),
  key('smbios', 'list', 'SMBIOS values, key=value each', { guests: HVM, readByXl417: false }),
  key('ms_vm_genid', 'string', 'Microsoft VM generation ID', {
    guests: HVM,
    enum: { values: ['generate', 'none'], match: 'exact', onMismatch: 'fatal' },
  }),
  key('tsc_mode', 'enum-or-integer', 'how the guest sees the TSC', {
    arch: 'x86',
    enum: {
      values: ['default', 'always_emulate', 'native', 'native_paravirt'],
      match: 'case-insensitive',
      onMismatch: 'fatal',
      numbers: { min: 0, max: 3 },
    },
    note: 'xl.cfg(5): giving tsc_mode as a number is deprecated, and native_paravirt has been removed',
  }),
  key('localtime', 'boolean', 'real-time clock in local time instead of UTC'),
  key('rtc_timeoffset', 'integer', 'real-time clock offset in seconds', { unit: 'seconds' }),
  key('vpt_align', 'boolean', 'align periodic virtual timers', { guests: HVM }),
  key('timer_mode', 'enum-or-integer', 'virtual timer mode (not for PV guests: xl refuses it there)', {
    guests: HVM_PVH,
    enum: {
      values: ['delay_for_missed_ticks', 'no_delay_for_missed_ticks', 'no_missed_ticks_pending', 'one_missed_tick_pending'],
      match: 'case-insensitive',
      onMismatch: 'fatal',
      numbers: { min: 0, max: 3 },
    },
  }),
  key('mmio_hole', 'integer', 'size of the MMIO hole below 4 GiB, in MiB (256 to 3840)', {
    guests: HVM,
    unit: 'MiB',
    range: { min: 256, max: 3840 },
  }),
  key('xen_platform_pci', 'boolean', 'the Xen platform PCI device (needed by PV drivers)', { guests: HVM }),
  key('xen_platform_pci_bar_uc', 'boolean', 'uncacheable memory BAR for the platform device', {
    guests: HVM,
    arch: 'x86',
    readByXl417: false,
  }),
  key('viridian', 'list-or-boolean', 'Hyper-V enlightenments: a list of groups, or a boolean', { guests: HVM, enum: VIRIDIAN_GROUPS }),
  key('hvm_pirq', 'boolean', 'let the guest route interrupts over event channels', { guests: HVM, readByXl417: false }),
  key('videoram', 'integer', 'emulated video memory, in MiB', { unit: 'MiB', guests: HVM }),
  key('stdvga', 'boolean', 'old switch for the standard VGA card', {
    guests: HVM,
    status: 'deprecated',
    replacement: 'vga',
    note: 'xl.cfg(5): use vga = "stdvga" instead (stdvga = 0 is vga = "cirrus")',
  }),
  key('vga', 'string', 'the emulated video card', {
    guests: HVM,
    enum: { values: ['none', 'stdvga', 'cirrus', 'qxl'], match: 'exact', onMismatch: 'fatal' },
  }),
  key('vnc', 'boolean', 'VNC access to the console (HVM, or a PV framebuffer)'),
  key('vnclisten', 'string', 'address (and display) the VNC server listens on'),
  key('vncdisplay', 'integer', 'VNC display number (port 5900 + N)'),
  key('vncunused', 'boolean', 'pick a free VNC port'),
  key('vncpasswd', 'string', 'VNC password (empty: no authentication)'),
  key('keymap', 'string', 'keyboard layout of the console (default en-us)'),
  key('sdl', 'boolean', 'show the console in an SDL window'),
  key('opengl', 'boolean', 'OpenGL for the SDL window', { status: 'undocumented' }),
  key('display', 'string', 'X display for SDL'),
  key('xauthority', 'string', 'X authority file for SDL'),
  key('nographic', 'boolean', 'no emulated graphics device', { guests: HVM }),
  key('spice', 'boolean', 'SPICE access to the console', { guests: HVM }),
  key('spicehost', 'string', 'address the SPICE server listens on', { guests: HVM }),
  key('spiceport', 'integer', 'SPICE port', { guests: HVM }),
  key('spicetls_port', 'integer', 'SPICE TLS port', { guests: HVM }),
  key('spicedisable_ticketing', 'boolean', 'SPICE without a password', { guests: HVM }),
  key('spicepasswd', 'string', 'SPICE password', { guests: HVM }),
  key('spiceagent_mouse', 'boolean', 'SPICE agent mouse mode', { guests: HVM }),
  key('spicevdagent', 'boolean', 'SPICE vdagent', { guests: HVM }),
  key('spice_clipboard_sharing', 'boolean', 'SPICE clipboard sharing', { guests: HVM }),
  key('spiceusbredirection', 'integer', 'number of SPICE USB redirection channels', { guests: HVM, unit: 'count' }),
  key('spice_image_compression', 'string', 'SPICE image compression', {
    guests: HVM,
    enum: { values: ['auto_glz', 'auto_lz', 'quic', 'glz', 'lz', 'off'], match: 'exact', onMismatch: 'device-model' },
  }),
  key('spice_streaming_video', 'string', 'SPICE video streaming', {
    guests: HVM,
    enum: { values: ['filter', 'all', 'off'], match: 'exact', onMismatch: 'device-model' },
  }),
  key('serial', 'list-or-string', 'where the emulated serial ports go (QEMU -serial syntax)', { guests: HVM }),
  key('soundhw', 'string', 'emulated sound card', { guests: HVM }),
  key('vkb_device', 'boolean', 'give the guest a PV keyboard (default on)', { guests: HVM }),
  key('usb', 'boolean', 'emulated USB bus', { guests: HVM }),
  key('usbversion', 'integer', 'emulated USB bus version (1, 2 or 3)', { guests: HVM }),
  key('usbdevice', 'list-or-string', 'devices on the emulated USB bus (tablet, host:…)', { guests: HVM }),
  key('vendor_device', 'string', 'the QEMU xen-pvdevice variant', {
    guests: HVM,
    enum: { values: ['none', 'xenserver'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),
  key('mca_caps', 'list', 'extra machine-check capabilities', {
    guests: HVM,
    arch: 'x86',
    enum: { values: ['lmce'], match: 'exact', onMismatch: 'fatal' },
  }),
  key('msr_relaxed', 'boolean', 'the pre-4.15 handling of unknown MSRs (interim option)', { arch: 'x86', since: '4.15' }),

  // Device model
  key('device_model_version', 'string', 'which QEMU to use', {
    enum: { values: ['qemu-xen', 'qemu-xen-traditional'], match: 'exact', onMismatch: 'fatal' },
    note: 'the current xl.cfg(5) lists only qemu-xen; Xen 4.17 still accepts qemu-xen-traditional',
  }),
  key('device_model_override', 'string', 'a non-default device model binary'),
  key('device_model', 'string', 'the xm-era device model path', {
    status: 'ignored',
    replacement: 'device_model_override',
    note: 'remove it; set device_model_override only if you really need a non-default QEMU (device_model_stubdomain_override for a stub domain)',
  }),
  key('stubdomain_kernel', 'string', 'kernel of the device model stub domain'),
  key('stubdomain_cmdline', 'string', 'command line of the device model stub domain'),
  key('stubdomain_ramdisk', 'string', 'ramdisk of the device model stub domain'),
  key('stubdomain_memory', 'integer', 'memory of the device model stub domain, in MiB (default 128)', { unit: 'MiB' }),
  key('device_model_stubdomain_override', 'boolean', 'run the device model in a stub domain'),
  key('device_model_stubdomain_seclabel', 'string', 'XSM label of the device model stub domain'),
  key('device_model_args', 'list', 'extra device model arguments', { wrongShapeIsFatal: true }),
  key('device_model_args_pv', 'list', 'extra device model arguments for PV guests', { wrongShapeIsFatal: true }),
  key('device_model_args_hvm', 'list', 'extra device model arguments for HVM guests', { wrongShapeIsFatal: true }),

  // ARM
  key('gic_version', 'string', 'emulated GIC version', {
    arch: 'arm',
    enum: { values: ['default', 'v2', 'v3'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),
  key('vuart', 'string', 'emulated UART for the console', {
    arch: 'arm',
    enum: { values: ['sbsa_uart'], match: 'case-insensitive', onMismatch: 'fatal' },
  }),
  key('sve', 'string', 'SVE vector length (disabled, 128 … 2048, hw)', { arch: 'arm', readByXl417: false }),
  key('llc_colors', 'list', 'last level cache colours', { arch: 'arm', readByXl417: false }),
  key('nr_spis', 'integer', 'number of SPIs for the guest', { arch: 'arm', unit: 'count', readByXl417: false }),
  key('trap_unmapped_accesses', 'boolean', 'trap guest accesses to unmapped addresses', { arch: 'arm', readByXl417: false }),
  key('arm_sci', 'string', 'ARM SCI settings (type=none|scmi_smc)', { arch: 'arm', readByXl417: false }),

  // Read by xl only to warn
  key('vncviewer', 'integer', 'xm-era switch to start a VNC viewer', {
    status: 'ignored',
    note: 'remove it; `xl create -V` starts a viewer',
  }),
  key('vif2', 'list', 'netchannel2 interfaces', {
    status: 'ignored',
    replacement: 'vif',
    note: 'netchannel2 is unsupported: use vif',
  }),

  // xm-era keys: the old toolstack read them, xl never does
  ...xmOnly([
    ['bootargs', 'arguments for the bootloader', 'bootloader_args', 'rename it to bootloader_args (same meaning)', true],
    ['bootentry', 'bootloader entry to boot', 'bootloader_args', 'pass the entry to the bootloader in bootloader_args'],
    ['cpu_cap', 'CPU cap in percent', 'cap', 'rename it to cap (same meaning)', true],
    ['cpuid_check', 'CPUID leaves to check', undefined, 'xl has no equivalent; remove it'],
    ['cpu', 'the CPU vCPU 0 runs on', 'cpus', 'pin with cpus = "N" instead'],
    ['vcpu_avail', 'bit mask of vCPUs online at start', 'vcpus', 'set vcpus (online at start) and maxvcpus instead'],
    ['dhcp', 'kernel IP autoconfiguration (off|dhcp)', 'extra', 'put ip=dhcp on the kernel command line with extra= instead'],
    ['gateway', 'kernel IP gateway', 'extra', 'put the ip= kernel argument in extra= instead'],
    ['hostname', 'kernel IP host name', 'extra', 'put the ip= kernel argument in extra= instead'],
    ['interface', 'kernel IP interface name', 'extra', 'put the ip= kernel argument in extra= instead'],
    ['ip', 'kernel IP address', 'extra', 'put the ip= kernel argument in extra= instead'],
    ['netmask', 'kernel IP netmask', 'extra', 'put the ip= kernel argument in extra= instead'],
    ['nfs_root', 'NFS root directory for the kernel', 'extra', 'put nfsroot= on the kernel command line with extra= instead'],
    ['nfs_server', 'NFS server for the kernel', 'extra', 'put nfsroot= on the kernel command line with extra= instead'],
    ['on_xend_start', 'what xend did with the guest when it started', undefined, 'xl has no daemon; start guests at boot with the xendomains script (/etc/xen/auto)'],
    ['on_xend_stop', 'what xend did with the guest when it stopped', undefined, 'xl has no daemon; the xendomains script saves or shuts guests down at host shutdown'],
    ['restart', 'old restart policy (onreboot|always|never)', 'on_reboot', 'use on_poweroff, on_reboot and on_crash instead'],
    ['s3_suspend', 'xm S3 suspend switch', undefined, 'xl has no equivalent; remove it'],
    ['s3_integrity', 'memory integrity check across S3 under tboot', undefined, 'xl has no equivalent; remove it'],
    ['vhpt', 'IA64 VHPT size', undefined, 'IA64 is gone from Xen; remove it'],
    ['vscsi', 'PV SCSI devices', undefined, 'xl 4.17 has no PV SCSI; pass the disk with disk= instead'],
    ['vusb', 'virtual USB host controllers', 'usbctrl', 'use usbctrl and usbdev instead'],
    ['vncconsole', 'start a VNC viewer for the console', undefined, 'use `xl create -V` or `xl vncviewer`; remove it'],
    ['loader', 'path of the HVM firmware', 'firmware', 'use firmware (or firmware_override) instead'],
    ['features', 'guest kernel features', undefined, 'xl has no equivalent; remove it'],
    ['blkif', 'make the guest a block backend', 'driver_domain', 'use driver_domain = 1 instead'],
    ['netif', 'make the guest a network backend', 'driver_domain', 'use driver_domain = 1 instead'],
    ['tpmif', 'make the guest a TPM backend', undefined, 'xl has no equivalent; remove it'],
    ['irq', 'host IRQs the guest may access', 'irqs', 'use irqs = [ … ] instead'],
    ['access_control', 'ACM security label', 'seclabel', 'use seclabel (XSM) instead'],
    ['ssidref', 'ACM security identifier', 'seclabel', 'use seclabel (XSM) instead'],
    ['nics', 'number of network interfaces', 'vif', "list the interfaces in vif instead (vif = [ '' ] for one with defaults)"],
    ['ipaddr', 'IP addresses of the guest', 'vif', 'give ip= in the vif spec instead'],
    ['macaddr', 'MAC address of the first interface', 'vif', 'give mac= in the vif spec instead'],
    ['cdrom', 'CD-ROM image of an HVM guest', 'disk', "add it to disk, e.g. '/path/image.iso,,hdc,cdrom'"],
    ['fda', 'floppy image A', undefined, 'xl has no floppy key; remove it'],
    ['fdb', 'floppy image B', undefined, 'xl has no floppy key; remove it'],
    ['monitor', 'QEMU monitor', undefined, 'pass QEMU options with device_model_args if you need it'],
    ['description', 'free-text description', undefined, 'keep it as a # comment instead'],
    ['guest_os_type', 'guest OS hint for HVM', undefined, 'xl has no equivalent; remove it'],
    ['isa', 'ISA-only HVM machine', undefined, 'xl has no equivalent; remove it'],
    ['target', 'target domain of a stub domain', undefined, 'xl builds stub domains itself; remove it'],
    ['memmap', 'memory map file', undefined, 'xl has no equivalent; remove it'],
    ['machine_address_size', 'maximum machine address width', undefined, 'xl has no equivalent; remove it'],
    ['suppress_spurious_page_faults', 'hide spurious page faults from the guest', undefined, 'xl has no equivalent; remove it'],
    ['superpages', 'build the guest with superpages', undefined, 'xl has no equivalent; remove it'],
    ['xen_extended_power_mgmt', 'extended power management for HVM', undefined, 'xl has no equivalent; remove it'],
  ]),
]);

function xmOnly(rows: ReadonlyArray<readonly [string, string, string | undefined, string, boolean?]>): XlKey[] {
  return rows.map(([name, summary, replacement, advice, keepsMeaning]) =>
    key(name, 'string', summary, {
      status: 'xm-only',
      readByXl417: false,
      note: advice,
      ...(replacement !== undefined ? { replacement } : {}),
      ...(keepsMeaning ? { renameKeepsMeaning: true } : {}),
    }),
  );
}

/** The keys of xl.conf(5), the host-wide settings of the xl toolstack. */
export const XL_CONF_KEYS: readonly XlKey[] = [
  key('autoballoon', 'string', 'shrink dom0 to make room for new guests', {
    enum: { values: ['on', 'off', 'auto', '1', '0'], match: 'exact', onMismatch: 'warning' },
  }),
  key('run_hotplug_scripts', 'boolean', 'xl runs the hotplug scripts itself (default 1; 0 leaves them to udev)'),
  key('lockfile', 'string', 'lock file that serialises domain creation'),
  key('max_grant_frames', 'integer', 'default max_grant_frames for guests', { range: { min: 0, max: 2147483647 } }),
  key('max_maptrack_frames', 'integer', 'default max_maptrack_frames for guests', { range: { min: 0, max: 2147483647 } }),
  key('max_grant_version', 'integer', 'default max_grant_version for guests'),
  key('vif.default.script', 'string', 'default hotplug script of network interfaces'),
  key('vif.default.bridge', 'string', 'default bridge of network interfaces (xenbr0)'),
  key('vif.default.backend', 'string', 'default backend domain of network interfaces'),
  key('vif.default.gatewaydev', 'string', 'default gateway device of network interfaces'),
  key('vifscript', 'string', 'old name of vif.default.script', {
    status: 'deprecated',
    replacement: 'vif.default.script',
    renameKeepsMeaning: true,
    note: 'xl.conf(5): use vif.default.script',
  }),
  key('defaultbridge', 'string', 'old name of vif.default.bridge', {
    status: 'deprecated',
    replacement: 'vif.default.bridge',
    renameKeepsMeaning: true,
    note: 'xl.conf(5): use vif.default.bridge',
  }),
  key('remus.default.netbufscript', 'string', 'Remus network buffering script'),
  key('colo.default.proxyscript', 'string', 'COLO proxy script'),
  key('output_format', 'string', 'machine-readable output of xl', {
    enum: { values: ['json', 'sxp'], match: 'exact', onMismatch: 'warning' },
  }),
  key('blkdev_start', 'string', 'first block device name for temporary attachments (xvda)'),
  key('claim_mode', 'boolean', 'claim the guest memory before building it (default 1)'),
  key('vm.cpumask', 'string', 'global hard-affinity mask for all guests'),
  key('vm.hvm.cpumask', 'string', 'global hard-affinity mask for HVM and PVH guests'),
  key('vm.pv.cpumask', 'string', 'global hard-affinity mask for PV guests'),
  key('domid_policy', 'string', 'how new domain ids are chosen', {
    enum: { values: ['xen', 'random'], match: 'exact', onMismatch: 'warning' },
  }),
  key('bootloader_restrict', 'boolean', 'default for the guests\' bootloader_restrict', { readByXl417: false }),
];

const DOMU_BY_NAME: ReadonlyMap<string, XlKey> = new Map(DOMU_KEYS.map((k) => [k.name, k]));
const XL_CONF_BY_NAME: ReadonlyMap<string, XlKey> = new Map(XL_CONF_KEYS.map((k) => [k.name, k]));

/** The catalogue entry of a domU key, or undefined when xl and xm never knew it. */
export function domUKey(name: string): XlKey | undefined {
  return DOMU_BY_NAME.get(name);
}

/** The catalogue entry of an xl.conf key. */
export function xlConfKey(name: string): XlKey | undefined {
  return XL_CONF_BY_NAME.get(name);
}

/** The catalogue of a file format: domU configs or xl.conf. */
export function keyCatalogue(format: 'cfg' | 'xl-conf'): KeyCatalogue {
  return format === 'cfg' ? DOMU_CATALOGUE : XL_CONF_CATALOGUE;
}

interface KeyCatalogue {
  readonly keys: readonly XlKey[];
  readonly get: (name: string) => XlKey | undefined;
}

// Two objects made once: rules ask for a catalogue on every file.
const DOMU_CATALOGUE: KeyCatalogue = { keys: DOMU_KEYS, get: domUKey };
const XL_CONF_CATALOGUE: KeyCatalogue = { keys: XL_CONF_KEYS, get: xlConfKey };

/** The names xl accepts for `value` under `e` (`undefined` when none matches). */
export function matchEnum(e: XlEnum, value: string): string | undefined {
  if (e.match === 'exact') return e.values.includes(value) ? value : undefined;
  if (e.match === 'case-insensitive') {
    const lower = value.toLowerCase();
    return e.values.find((v) => v.toLowerCase() === lower);
  }
  // xl: strncmp(value, name, strlen(value)) in the order it tests the names.
  return e.values.find((v) => v.startsWith(value));
}
