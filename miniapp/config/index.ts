import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { assertTaroAppEnv } from './env';

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  assertTaroAppEnv(path.resolve(__dirname, '..'), mode);
  // `taro build --type <platform>` sets TARO_ENV before loading this file.
  const platform = process.env.TARO_ENV ?? 'weapp';

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'tableside-miniapp',
    date: '2025-11-22',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {},
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
      // Pin React 18 for Taro's own packages too (the workspace also has the admin's React 19).
      react$: path.resolve(__dirname, '..', 'node_modules', 'react'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: true },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      // Served by the API server under /m/ with an index.html fallback (see scripts/serve-h5.mjs).
      publicPath: '/m/',
      staticDirectory: 'static',
      router: { mode: 'browser', basename: '/m' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
