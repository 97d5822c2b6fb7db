/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    /** Platform being built: set by `taro build --type`. */
    TARO_ENV: 'weapp' | 'h5';
    /** Keep in step with config/env.ts REQUIRED_TARO_APP_VARS and every .env.* file. */
    TARO_APP_ID: string;
    TARO_APP_API_BASE: string;
    TARO_APP_API_ORIGIN: string;
  }
}

declare module 'jsbarcode/bin/barcodes/CODE128/CODE128_AUTO.js' {
  export default class CODE128 {
    constructor(data: string, options: object);
    valid(): boolean;
    encode(): { data: string; text: string };
  }
}
