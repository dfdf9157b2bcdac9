'use strict';
// Preloaded with `node --require` by test/hardening/no-network.test.ts: every
// way Node offers to reach the network (and to start another program) throws,
// and is recorded, one line each, in the file named by XLINT_DENY_LOG. The
// test asserts that the file stays empty while the xlint bundle runs.
const fs = require('node:fs');

const log = process.env.XLINT_DENY_LOG;
function deny(what) {
  return function denied() {
    if (log) fs.appendFileSync(log, `${what}\n`);
    throw new Error(`network use denied in this test: ${what}`);
  };
}
function patch(object, names, prefix) {
  for (const name of names) {
    if (object && typeof object[name] === 'function') object[name] = deny(`${prefix}.${name}`);
  }
}

const net = require('node:net');
patch(net, ['connect', 'createConnection', 'createServer'], 'net');
patch(net.Socket.prototype, ['connect'], 'net.Socket.prototype');
patch(net.Server.prototype, ['listen'], 'net.Server.prototype');
patch(require('node:tls'), ['connect', 'createServer'], 'tls');
const dns = require('node:dns');
const dnsCalls = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'resolveSoa', 'reverse'];
patch(dns, dnsCalls, 'dns');
patch(dns.promises, dnsCalls, 'dns.promises');
patch(dns.Resolver && dns.Resolver.prototype, dnsCalls, 'dns.Resolver.prototype');
for (const name of ['http', 'https']) patch(require(`node:${name}`), ['request', 'get', 'createServer'], name);
patch(require('node:http2'), ['connect', 'createServer', 'createSecureServer'], 'http2');
patch(require('node:dgram'), ['createSocket'], 'dgram');
patch(require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
for (const name of ['fetch', 'WebSocket', 'EventSource']) {
  if (typeof globalThis[name] === 'function') globalThis[name] = deny(name);
}
