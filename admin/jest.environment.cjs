/**
 * jsdom without fetch's classes: the typed client (openapi-fetch) builds `Request` objects, so the
 * test environment lends jsdom Node's own Request/Response/Headers (tests still mock `fetch`).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TestEnvironment } = require('jest-environment-jsdom');

class JsdomWithFetchClasses extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      'Request',
      'Response',
      'Headers',
      'ReadableStream',
      'TextEncoder',
      'TextDecoder',
      'structuredClone',
    ]) {
      if (!this.global[name]) this.global[name] = globalThis[name];
    }
  }
}

module.exports = JsdomWithFetchClasses;
