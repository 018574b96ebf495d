// Loads the TypeScript sources in the process itself: `node --import ./scripts/register.mjs src/main.ts`.
//
// @oxc-node/core/register (what this replaces for the server) installs oxc-node's hooks with
// module.register(), which runs them on a separate loader thread: every import of every
// module, node_modules included, is a synchronous round trip to that thread, which was
// 2.5 s of a 4 s start. module.registerHooks() runs the same hooks (oxc-node's own resolve
// and load, reading the same tsconfig.json, so the decorator metadata type-graphql needs is
// emitted as before) in-thread. Node's compile cache keeps V8's code for unchanged modules
// between starts (in the OS temp dir; NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1
// turns it off).
import { enableCompileCache, registerHooks } from 'node:module';
import { createResolve, load } from '@oxc-node/core';

enableCompileCache();
// Stack traces point into the .ts sources, as with oxc-node's own register.
process.setSourceMapsEnabled(true);

/** The event main.ts emits once every module of the server is loaded. */
const SOURCES_LOADED = 'flexible-backend:sources-loaded';

const options = { getCurrentDirectory: () => process.cwd() };
const TYPESCRIPT = /\.[cm]?tsx?$/;
// Packages are plain JavaScript: what they import, and what they are, goes straight to Node.
const inPackage = (url) => url !== undefined && url.includes('/node_modules/');

const hooks = registerHooks({
  resolve(specifier, context, nextResolve) {
    // CommonJS resolution (require(), no importAttributes) is Node's own; oxc-node's resolver expects ESM contexts.
    if (inPackage(context.parentURL) || context.importAttributes === undefined) return nextResolve(specifier, context);
    return createResolve(options, specifier, context, nextResolve);
  },
  load(url, context, nextLoad) {
    // Only TypeScript needs oxc; JavaScript and Node's builtins load as they are.
    if (!TYPESCRIPT.test(url) || !url.startsWith('file:') || inPackage(url)) return nextLoad(url, context);
    return load(url, { ...context, importAttributes: context.importAttributes ?? {} }, nextLoad);
  },
});

// Once the server has loaded its sources (main.ts emits this after listen), the hooks go: Node runs
// them on every require() too, and Apollo Server calls module.require('crypto') for each request's
// query hash (@apollo/utils.createhash), which cost about 3 % of a GraphQL request's CPU through the
// hooks. Nothing imports TypeScript after start-up (the stores and the app are imported while
// starting); a later import of a .ts file would fail loudly rather than go unnoticed.
process.once(SOURCES_LOADED, () => hooks.deregister());
