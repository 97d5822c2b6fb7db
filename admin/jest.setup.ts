import '@testing-library/jest-dom';
import { TextDecoder, TextEncoder } from 'node:util';
import { configure } from '@testing-library/react';

// react-router 7 encodes URLs with TextEncoder, which jsdom does not provide.
Object.assign(globalThis, { TextEncoder, TextDecoder });

// rc-form (antd Form) schedules macro tasks through MessageChannel, which jsdom lacks. A timer
// keeps the same "after the current task" ordering without Node's ref-counted ports.
class MessageChannelStub {
  readonly port1: { onmessage: ((event: { data: unknown }) => void) | null } = { onmessage: null };
  readonly port2 = {
    postMessage: (data: unknown) => {
      setTimeout(() => this.port1.onmessage?.({ data }), 0);
    },
  };
}
if (typeof globalThis.MessageChannel === 'undefined') {
  Object.assign(globalThis, { MessageChannel: MessageChannelStub });
}

// antd 6 in jsdom: without these, queries walk computed styles and take seconds each.
// A busy CI machine (2 cores running builds) can take over a second to settle antd forms.
configure({ defaultHidden: true, asyncUtilTimeout: 5000 });

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList,
});

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });

// jsdom does not implement pseudo-element styles and warns on every call that passes one.
const originalGetComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => originalGetComputedStyle(element);

// Fail on antd/React warnings (deprecated props, act() misuse, key warnings) instead of scrolling past them.
let consoleErrorSpy: jest.SpyInstance;
beforeEach(() => {
  consoleErrorSpy = jest.spyOn(console, 'error');
});
afterEach(() => {
  const warnings = consoleErrorSpy.mock.calls.map((args) => args.map(String).join(' '));
  consoleErrorSpy.mockRestore();
  expect(warnings).toEqual([]);
});
