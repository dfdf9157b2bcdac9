// Builds the shipped CLI for Node 20, no runtime dependencies:
//   dist/xlint-main.cjs        the whole program, one minified CommonJS bundle
//   dist/xlint-main.cjs.meta.json  esbuild's metafile of it (not shipped: test/hardening/no-network.test.ts
//                              reads which module imports what from it, the minified bundle has no markers)
//   dist/xlint-main.cjs.cache  a V8 code cache for it (made here, by linting one example guest)
//   dist/xlint.cjs             the bin: compiles the bundle with that cache when V8 accepts it
//                              (same Node version and flags as the build), else as usual
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './esbuild-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const require = createRequire(import.meta.url);

/*
 * node:child_process (commander needs it only to run external subcommands), node:crypto
 * (fingerprints and temporary names, only when reporting SARIF or fixing) and node:os (the host
 * name in the fixer's temporary files) cost ~15 ms of CPU to load on every start; node:worker_threads
 * is only for runs with --jobs above the threshold, node:v8 for large runs (src/runtime/heap.ts).
 * Each import of them gets an object that loads the module on first use instead.
 *
 * That object has no properties of its own: it inherits from a Proxy that reads each name from the
 * loaded module. An ES import of a CommonJS module is compiled to `__toESM(require_x())`, which
 * copies every own property of the exports as a getter with its own closure: with an object of
 * getters (one per name of the module, ~330 over the five) that was ~140 KB of the young
 * generation and ~1.5 ms of every start for the twelve imports; inherited names are not copied.
 */
const LAZY_BUILTINS = ['child_process', 'crypto', 'os', 'v8', 'worker_threads'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^node:(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path.slice('node:'.length), namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      // The bare name is not matched by the filter above: this require is Node's own.
      contents:
        `let m;\nconst load = () => (m ??= require(${JSON.stringify(args.path)}));\n` +
        'module.exports = Object.create(new Proxy({}, { get: (_, name) => load()[name], has: (_, name) => name in load() }));\n',
      loader: 'js',
    }));
  },
};

/*
 * The config validator (ajv's standalone code, 76 KB of the bundle: its schemas are object literals
 * built when the module is evaluated) runs only when a run finds an xlint.json. An import of it gets
 * a stand-in: a function that evaluates the module when it is first called or read (`validate.errors`),
 * then forwards to it. The build fails if the file is no longer imported (the stand-in went unused).
 */
const LAZY_COMMONJS = [/[\\/]src[\\/]config[\\/]validate-config\.generated\.cjs$/];
const lazyCommonJs = {
  name: 'lazy-commonjs',
  setup(b) {
    const seen = new Set();
    for (const filter of LAZY_COMMONJS) {
      b.onLoad({ filter }, (args) => {
        if (args.suffix === '?eager') return undefined;
        seen.add(filter);
        return {
          contents:
            `let m;\nconst load = () => (m ??= require(${JSON.stringify(`${args.path}?eager`)}));\n` +
            'module.exports = new Proxy(function () {}, {\n' +
            '  apply: (_, self, args) => Reflect.apply(load(), self, args),\n' +
            '  get: (_, name) => load()[name],\n' +
            '  set: (_, name, value) => { load()[name] = value; return true; },\n' +
            '  has: (_, name) => name in load(),\n' +
            '});\n',
          loader: 'js',
        };
      });
    }
    b.onResolve({ filter: /\?eager$/ }, (args) => ({ path: args.path.slice(0, -'?eager'.length), suffix: '?eager' }));
    b.onEnd((result) => {
      const missing = LAZY_COMMONJS.filter((f) => !seen.has(f));
      if (result.errors.length === 0 && missing.length > 0) throw new Error(`lazy-commonjs: ${missing.join(', ')} not bundled; update LAZY_COMMONJS in scripts/build.mjs`);
    });
  },
};

/*
 * chevrotain copies the methods of its ten parser mixins onto Parser.prototype when its module is
 * evaluated (`applyMixins(Parser, [...])`): ~3 ms of every start, the largest single cost of loading
 * the bundle, for a parser that a run builds only when a statement needs the grammar (the
 * hand-written scanners and model builders are the fast path). Here the copy is made by the first
 * Parser constructed instead, before its constructor calls any of those methods. The build fails if
 * chevrotain's file no longer has the two places patched.
 */
/*
 * chevrotain's copy of lodash also makes, at load, seven `getNative(root, "Map")`-style lookups (each
 * tests Function.prototype.toString of the built-in against a regular expression built from
 * hasOwnProperty's source) and looks up node:util's `types` through the module's own `require`; here
 * they read the built-ins and node:util directly (the same values on Node): callgrind -0.44 M per start.
 */
const NATIVE_LOOKUP = /getNative_default\((root_default|Object), ("\w+")\)/g;
const NODE_UTIL = 'freeModule2 && freeModule2.require && freeModule2.require("util").types';
const lazyParserMixins = {
  name: 'lazy-parser-mixins',
  setup(b) {
    b.onLoad({ filter: /[\\/]chevrotain[\\/]lib[\\/]chevrotain\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const mixins = /\napplyMixins\(Parser, \[([\w\s,]+)\]\);\n/;
      const constructor = '\n  constructor(tokenVocabulary, config) {\n    this.definitionErrors = [];\n';
      if (!mixins.test(source) || source.split(constructor).length !== 2) {
        throw new Error(`${args.path}: applyMixins(Parser, [...]) or Parser's constructor not found; update lazyParserMixins in scripts/build.mjs`);
      }
      if ((source.match(NATIVE_LOOKUP) ?? []).length !== 7 || !source.includes(NODE_UTIL)) {
        throw new Error(`${args.path}: lodash's getNative(...) or nodeUtil lookup not found as expected; update lazyParserMixins in scripts/build.mjs`);
      }
      const contents = source
        .replace(NATIVE_LOOKUP, '$1[$2]')
        .replace(NODE_UTIL, 'require("node:util").types')
        .replace(mixins, (_, list) => `\nvar applyParserMixins = () => {\n  applyParserMixins = () => {};\n  applyMixins(Parser, [${list}]);\n};\n`)
        .replace(constructor, '\n  constructor(tokenVocabulary, config) {\n    applyParserMixins();\n    this.definitionErrors = [];\n');
      return { contents, loader: 'js' };
    });
  },
};

/*
 * commander's index.js builds a Command for its global `program` when it is loaded, and its ES entry
 * (esm.mjs, what `import` resolves to) reads every export at once. xlint builds its own Command:
 * imports of commander get index.js, and `program` is made on first read (never, here).
 */
const COMMANDER_PROGRAM = 'exports.program = new Command();';
const lazyCommanderProgram = {
  name: 'lazy-commander-program',
  setup(b) {
    b.onResolve({ filter: /^commander$/ }, () => ({ path: require.resolve('commander') }));
    b.onLoad({ filter: /[\\/]commander[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(COMMANDER_PROGRAM).length !== 2) {
        throw new Error(`${args.path}: \`${COMMANDER_PROGRAM}\` not found; update lazyCommanderProgram in scripts/build.mjs`);
      }
      const lazy =
        "let program;\nObject.defineProperty(exports, 'program', { enumerable: true, get: () => (program ??= new Command()) });";
      return { contents: source.replace(COMMANDER_PROGRAM, lazy), loader: 'js' };
    });
  },
};

/*
 * The grammars of xend-config.sxp and of the host files (drbd.conf; interfaces, fstab, exports and
 * the /etc/default files) create their chevrotain tokens when evaluated (~75 KB of the young
 * generation, enough to cost a one-file lint a second scavenge), and a run over guest files never
 * parses one. An import of their index from outside the grammar gets functions that evaluate the
 * grammar on first call (esbuild then wraps its modules to run on that first require). A name not
 * listed here fails the build (no matching export).
 */
const LAZY_GRAMMARS = {
  'grammar/sxp/index.ts': ['parseSxp', 'effectiveSxpSettings', 'sxpValue'],
  'grammar/drbd/index.ts': ['parseDrbd'],
  'grammar/lines/index.ts': ['parseLines'],
};
const lazyGrammars = {
  name: 'lazy-grammars',
  setup(b) {
    b.onResolve({ filter: /\/(sxp|drbd|lines)\/index\.js$/ }, (args) => {
      if (args.kind !== 'import-statement') return undefined;
      const file = relative(root, resolvePath(dirname(args.importer), args.path)).replace(/\\/g, '/').replace(/\.js$/, '.ts');
      const names = LAZY_GRAMMARS[file];
      if (names === undefined || args.importer.startsWith(resolvePath(root, dirname(file)))) return undefined;
      return { path: resolvePath(root, file), namespace: 'lazy-grammar', pluginData: names };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-grammar' }, (args) => ({
      contents:
        `let m;\nconst load = () => (m ??= require(${JSON.stringify(args.path)}));\n` +
        args.pluginData.map((n) => `export function ${n}(...a) { return load().${n}(...a); }\n`).join(''),
      resolveDir: root,
      loader: 'js',
    }));
  },
};

const mainFile = `${root}dist/xlint-main.cjs`;
const cacheFile = `${mainFile}.cache`;
const built = await build({
  entryPoints: [`${root}src/cli/bin.ts`],
  outfile: mainFile,
  ...nodeBundle(root),
  format: 'cjs',
  define: { XLINT_BUNDLED: 'true' },
  plugins: [lazyBuiltins, lazyCommonJs, lazyGrammars, lazyParserMixins, lazyCommanderProgram],
  legalComments: 'linked',
  logLevel: 'warning',
  // Minified, the bundle is 1.2 -> 0.65 MB: less to read, map and hash on every start (-6 % CPU
  // for one file). Names go too; only --debug stack traces showed them.
  minify: true,
  metafile: true,
});
writeFileSync(`${mainFile}.meta.json`, JSON.stringify(built.metafile));

/*
 * esbuild leaves a few non-ASCII characters (regular-expression literals, comments). One is enough
 * to make Node decode the 1.2 MB bundle on its slow UTF-8 path into a two-byte string: ~19 ms of
 * the start-up, then a larger source for V8 to hash when it checks the code cache. Each UTF-16 unit
 * becomes a \uXXXX escape, which means the same in strings, templates, regular expressions (with or
 * without the u flag, surrogate pairs included), identifiers and comments.
 */
const bundled = readFileSync(mainFile, 'utf8');
// eslint-disable-next-line no-control-regex
const ascii = bundled.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/*
 * The bundle wraps itself in the function the loader calls, so that the loader compiles the file's
 * text as read: a wrapper added there ('(function (exports, …) {' + source + '})') made V8 flatten
 * the concatenation into a second 0.65 MB string, young, which set off a scavenge during the
 * compile. Run as a CommonJS module (a --jobs worker, or the file copied alone as the bin), it sees
 * Node's `module` and calls itself; compiled by the loader as a script, `module` is not defined and
 * the script's value is the function.
 */
const WRAP_START =
  "(function (main) { return typeof module === 'object' ? main(exports, require, module, __filename, __dirname) : main; })(function (exports, require, module, __filename, __dirname) {";
writeFileSync(mainFile, `${WRAP_START}${ascii}\n})\n`);

// The bin. Kept tiny and dependency-free: it runs before anything is cached.
writeFileSync(
  `${root}dist/xlint.cjs`,
  `#!/usr/bin/env node
'use strict';
// xlint ${pkg.version}: loads xlint-main.cjs with the V8 code cache built beside it (npm run build).
// A cache V8 rejects (another Node version or other flags) only costs the compile it would have saved.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const file = path.join(__dirname, 'xlint-main.cjs');
// The build leaves xlint-main.cjs pure ASCII, which latin1 decodes as UTF-8 would, only faster.
const source = fs.readFileSync(file, 'latin1');
let cachedData;
try {
  cachedData = fs.readFileSync(file + '.cache');
} catch {}
// The file is one function expression (see WRAP_START in scripts/build.mjs): the script's value.
const script = new vm.Script(source, {
  filename: file,
  cachedData,
});
if (process.env.XLINT_BUILD_CODE_CACHE === '1') {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file + '.cache', script.createCachedData());
    } catch {}
  });
}
script.runInThisContext()(exports, require, module, file, __dirname);
`,
  { mode: 0o755 },
);
chmodSync(`${root}dist/xlint.cjs`, 0o755);
rmSync(`${root}dist/xlint.cjs.LEGAL.txt`, { force: true }); // from builds before the split

/*
 * The cache holds what one ordinary run compiled. The common case is a pre-commit hook linting one
 * guest file, so that is the training run: a lint of the whole example fleet (sxp, xl.conf, fleet
 * rules, every formatter path it took) made a larger cache that every start had to read and
 * deserialize, for code a one-guest run never calls. Code left out is compiled lazily, as usual.
 * The guest has findings (db01.cfg: seven, of five rules, one fixable), so that reporting them
 * (messages, sorting, the stylish report, the write) is in the cache too: trained on a clean guest
 * (web01.cfg), a file with findings compiled ~45 functions at every start.
 */
const TRAINING_FILE = 'examples/hosts/xen01/etc/xen/auto/db01.cfg';
rmSync(cacheFile, { force: true });
const env = { ...process.env, XLINT_BUILD_CODE_CACHE: '1' };
delete env.NODE_OPTIONS;
try {
  execFileSync(process.execPath, [`${root}dist/xlint.cjs`, '--exit-zero', TRAINING_FILE], { cwd: root, env, stdio: 'ignore' });
} catch (error) {
  rmSync(cacheFile, { force: true });
  console.error(`no code cache: the training run failed (${error.message})`);
}

// The config schema ships beside the CLI, for editors: "$schema": "./node_modules/xlint/dist/xlint.schema.json".
copyFileSync(`${root}src/config/xlint.schema.json`, `${root}dist/xlint.schema.json`);
console.error(`built dist/xlint.cjs (+ xlint-main.cjs and its code cache) and dist/xlint.schema.json (xlint ${pkg.version})`);
