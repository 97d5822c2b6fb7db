// Unit tests run the React pages in jsdom against Taro's h5 implementation:
// `@tarojs/components` → its React wrappers over the h5 web components, `@tarojs/taro` → test/taro-shim.ts.
const ESM_PACKAGES = [
  '@tarojs',
  '@stencil',
  'lodash-es',
  'query-string',
  'decode-uri-component',
  'filter-obj',
  'split-on-first',
  'ics',
  'nanoid',
  'runes2',
  'yup',
  'tiny-case',
  'toposort',
  'property-expr',
  'swiper',
  'ssr-window',
  'dom7',
  'uqr',
];
const esmGroup = ESM_PACKAGES.map((name) => name.replace('/', '\\+')).join('|');
const esmPath = ESM_PACKAGES.join('|');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2020',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-dom.ts'],
  moduleNameMapper: {
    // One React for everything: the workspace also holds the admin's React 19, which Taro's
    // component wrappers would otherwise pick up through pnpm's hidden hoisting.
    '^react$': '<rootDir>/node_modules/react',
    '^react/(.*)$': '<rootDir>/node_modules/react/$1',
    '^react-dom$': '<rootDir>/node_modules/react-dom',
    '^react-dom/(.*)$': '<rootDir>/node_modules/react-dom/$1',
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '^@tarojs/taro$': '<rootDir>/test/taro-shim.ts',
    '^@/(.*)$': '<rootDir>/src/$1',
    '\\.(css|scss)$': 'identity-obj-proxy',
  },
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // pnpm paths look like node_modules/.pnpm/@tarojs+runtime@4.2.1/node_modules/@tarojs/runtime/…
  // Taro's dist folders also carry their own bundled node_modules (tslib.es6, style-inject…),
  // so anything below a @tarojs or @stencil package is transformed too.
  transformIgnorePatterns: [
    `^(?!.*/node_modules/(@tarojs|@stencil)/).*/node_modules/(?!(\\.pnpm/(${esmGroup})[@+]|(${esmPath})/))`,
  ],
  globals: {
    // Compile-time constants Taro's webpack build defines.
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    ENABLE_MUTATION_OBSERVER: true,
    __TARO_FRAMEWORK__: 'react',
    DEPRECATED_ADAPTER_COMPONENT: false,
  },
};
